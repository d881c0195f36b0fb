import type { OpenSearchClient } from '../../connectors/opensearch/client';
import { WarehouseError, WarehouseUnavailableError } from '../errors';

/** What the warehouse needs of the search engine: the client and the index prefix. */
export interface SearchSource {
  readonly client: OpenSearchClient;
  readonly prefix: string;
  /** The engine's name in messages ("OpenSearch", "Elasticsearch"). */
  readonly label: string;
}

/** A composite aggregation page: its buckets and where the next page starts. */
export interface CompositePage<B> {
  readonly buckets: readonly B[];
  readonly afterKey?: Record<string, unknown>;
}

/**
 * Runs one `_search` whose body holds a composite aggregation named `rows` and returns that page.
 * Missing indices are not an error (a day with no documents has none); a refused request (HTTP 400:
 * indices mapped without cwlpipe's templates) is a `WarehouseError`; every other failure is
 * `WarehouseUnavailableError`, which leaves the watermark where it was. The same request works on
 * OpenSearch 2.x and Elasticsearch 8.x.
 *
 * @example
 * ```ts
 * const page = await searchComposite(source, 'cwl-lambda-*', { size: 0, aggs: { rows: { composite: { … } } } });
 * ```
 */
export const searchComposite = async <B>(
  source: SearchSource,
  indices: string,
  body: Record<string, unknown>,
): Promise<CompositePage<B>> => {
  let response: {
    body: { aggregations?: { rows?: { buckets?: B[]; after_key?: Record<string, unknown> } } };
  };
  try {
    response = (await source.client.transport.request({
      method: 'POST',
      path: `/${indices}/_search`,
      querystring: { ignore_unavailable: true, allow_no_indices: true, request_cache: false },
      body,
    })) as typeof response;
  } catch (error) {
    const status = (error as { meta?: { statusCode?: number } }).meta?.statusCode;
    if (status === 400) {
      throw new WarehouseError(
        'search_refused',
        `${source.label} refused the warehouse's aggregation over ${indices} (${(error as Error).message.slice(0, 300)}); were the indices created by \`cwlpipe setup\`'s templates?`,
        { cause: error },
      );
    }
    throw new WarehouseUnavailableError(
      'search_failed',
      `${source.label} did not answer the warehouse's aggregation over ${indices}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const rows = response.body.aggregations?.rows;
  return { buckets: rows?.buckets ?? [], ...(rows?.after_key && { afterKey: rows.after_key }) };
};

/**
 * Every bucket of a composite aggregation, page after page.
 *
 * @example
 * ```ts
 * for await (const bucket of allBuckets(source, indices, 1000, (after) => bodyWith(after))) rows.push(bucket);
 * ```
 */
export async function* allBuckets<B>(
  source: SearchSource,
  indices: string,
  pageSize: number,
  bodyAfter: (after: Record<string, unknown> | undefined) => Record<string, unknown>,
): AsyncGenerator<B> {
  let after: Record<string, unknown> | undefined;
  do {
    const page = await searchComposite<B>(source, indices, bodyAfter(after));
    yield* page.buckets;
    // A page shorter than asked is the last. Asking past it is not only wasted: OpenSearch 2.19 fails
    // (array_index_out_of_bounds_exception) when the after key of a lone date_histogram source is its
    // last bucket.
    after = page.buckets.length < pageSize ? undefined : page.afterKey;
  } while (after !== undefined);
}
