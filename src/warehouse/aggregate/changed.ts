import { LOG_TYPES } from '../../transformers';
import { MINUTE_MS } from '../windows';
import { indicesOf } from './indices';
import { allBuckets, type SearchSource } from './search';

/**
 * The field an ingest pipeline (installed by `cwlpipe setup` where the cluster can run one) sets to the
 * time the cluster indexed the document. Where it is absent, the document's `@ingested` (when cwlpipe
 * processed it) stands in: it precedes indexing by at most the longest delivery, which the lookback covers.
 */
export const INDEXED_AT_FIELD = 'event.ingested';

const PAGE_SIZE = 5000;

/**
 * Which documents count as new since a time: indexed (or, without the ingest pipeline, processed) at or
 * after it. The dead letters carry their write time as `@timestamp`.
 *
 * @example
 * ```ts
 * changedSince(0).bool.minimum_should_match; // 1
 * ```
 */
export const changedSince = (sinceMs: number) => ({
  bool: {
    should: [
      { range: { [INDEXED_AT_FIELD]: { gte: sinceMs, format: 'epoch_millis' } } },
      {
        bool: {
          must_not: [{ exists: { field: INDEXED_AT_FIELD } }],
          filter: [{ range: { '@ingested': { gte: sinceMs, format: 'epoch_millis' } } }],
        },
      },
    ],
    minimum_should_match: 1,
  },
});

/**
 * The event minutes (by `@timestamp`) of every document indexed since `sinceMs`, and of every dead letter
 * written since then: the windows a sync must recompute. A composite aggregation over a one-minute
 * date histogram lists them all, however many, page by page.
 *
 * @example
 * ```ts
 * const minutes = await changedMinutes(source, Date.now() - 16 * 60_000); // [1714564800000, …]
 * ```
 */
export const changedMinutes = async (source: SearchSource, sinceMs: number): Promise<number[]> => {
  const minutes = new Set<number>();
  const collect = async (indices: string, query: Record<string, unknown>) => {
    for await (const bucket of allBuckets<{ key: { minute: number } }>(
      source,
      indices,
      PAGE_SIZE,
      (after) => ({
        size: 0,
        track_total_hits: false,
        query,
        aggs: {
          rows: {
            composite: {
              size: PAGE_SIZE,
              // The index as a second source: with a date histogram alone, OpenSearch 2.19 rewrites the
              // aggregation into range filters and fails on a page that starts after the last bucket.
              sources: [
                { minute: { date_histogram: { field: '@timestamp', fixed_interval: '1m' } } },
                { index: { terms: { field: '_index' } } },
              ],
              ...(after && { after }),
            },
          },
        },
      }),
    )) {
      minutes.add(Math.floor(bucket.key.minute / MINUTE_MS) * MINUTE_MS);
    }
  };
  if (LOG_TYPES.length > 0)
    await collect(indicesOf({ kind: 'allLogTypes' }, source.prefix), changedSince(sinceMs));
  await collect(indicesOf({ kind: 'deadletter' }, source.prefix), {
    range: { '@timestamp': { gte: sinceMs, format: 'epoch_millis' } },
  });
  return [...minutes].sort((a, b) => a - b);
};
