import type { Client } from '@opensearch-project/opensearch';

/** A document as the census sees it: where it is and under which id. */
export interface IndexedDoc {
  readonly index: string;
  readonly id: string;
}

/** A stored dead letter, the fields the chaos report needs. */
export interface StoredLetterSummary {
  readonly id: string;
  readonly stage: string;
  readonly code: string;
  readonly connector?: string;
  /** The event's id and message, for letters of one event (transform, deliver). */
  readonly eventId?: string;
  readonly message?: string;
}

const PAGE = 10_000;

/**
 * Every hit of a search, page by page, with a scroll (consistent for the whole read: nothing is being
 * written any more when the census runs).
 */
async function* scrollAll(
  client: Client,
  index: string,
  source: boolean | string[],
): AsyncGenerator<{ _index: string; _id: string; _source?: Record<string, unknown> }> {
  let response = await client.search({
    index,
    scroll: '2m',
    size: PAGE,
    _source: source,
    ignore_unavailable: true,
    allow_no_indices: true,
    body: { sort: ['_doc'], query: { match_all: {} } },
  } as never);
  let scrollId: string | undefined;
  try {
    for (;;) {
      const body = response.body as unknown as {
        _scroll_id?: string;
        hits: { hits: { _index: string; _id: string; _source?: Record<string, unknown> }[] };
      };
      scrollId = body._scroll_id;
      if (body.hits.hits.length === 0) return;
      yield* body.hits.hits;
      if (scrollId === undefined) return;
      response = await client.scroll({ scroll_id: scrollId, scroll: '2m' } as never);
    }
  } finally {
    if (scrollId !== undefined)
      await client.clearScroll({ scroll_id: scrollId } as never).catch(() => undefined);
  }
}

/**
 * Calls `visit` for every document under the prefix (every log type's indices, not the dead letters).
 *
 * @example
 * ```ts
 * await eachDocument(client, 'chaos-poller', (doc) => seen.add(`${doc.index}/${doc.id}`));
 * ```
 */
export const eachDocument = async (
  client: Client,
  prefix: string,
  visit: (doc: IndexedDoc) => void,
): Promise<void> => {
  await client.indices.refresh({
    index: `${prefix}-*`,
    ignore_unavailable: true,
    allow_no_indices: true,
  } as never);
  for await (const hit of scrollAll(client, `${prefix}-*,-${prefix}-deadletter-*`, false)) {
    visit({ index: hit._index, id: hit._id });
  }
};

/**
 * Every dead letter under the prefix.
 *
 * @example
 * ```ts
 * const letters = await deadLetters(client, 'chaos-poller');
 * ```
 */
export const deadLetters = async (client: Client, prefix: string): Promise<StoredLetterSummary[]> => {
  const letters: StoredLetterSummary[] = [];
  for await (const hit of scrollAll(client, `${prefix}-deadletter-*`, [
    'stage',
    'code',
    'connector',
    'raw_event.id',
    'raw_event.message',
  ])) {
    const source = hit._source ?? {};
    const event = source.raw_event as { id?: string; message?: string } | undefined;
    letters.push({
      id: hit._id,
      stage: String(source.stage),
      code: String(source.code),
      ...(typeof source.connector === 'string' && { connector: source.connector }),
      ...(event?.id !== undefined && { eventId: event.id }),
      ...(event?.message !== undefined && { message: event.message }),
    });
  }
  return letters;
};

/**
 * The type part of a daily index name: `chaos-poller-vpcflow-2024.05.01` → `vpcflow`.
 *
 * @example
 * ```ts
 * typeOfIndex('chaos-poller-vpcflow-2024.05.01', 'chaos-poller'); // 'vpcflow'
 * ```
 */
export const typeOfIndex = (index: string, prefix: string): string =>
  index.slice(prefix.length + 1).replace(/-\d{4}\.\d{2}\.\d{2}$/, '');
