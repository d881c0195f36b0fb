import type { DeadLetterStore, EngineInput, Envelope, LetterFilter, StoredLetterInput } from '../../core';
import type { OpenSearchClient } from '../opensearch/client';
import type { StoredLetter } from './opensearch-sink';

/** Which letters a command looks at, and under which index prefix; every filter is optional. */
export interface OpenSearchLetterFilter extends LetterFilter {
  readonly prefix?: string;
}

/** A stored letter and where it is. */
export interface FoundLetter {
  readonly index: string;
  readonly id: string;
  readonly letter: StoredLetter;
}

/**
 * The dead-letter indices a filter covers: one day, or all of them.
 *
 * @example
 * ```ts
 * letterIndices({ day: '2024-05-01' }); // 'cwl-deadletter-2024.05.01'
 * ```
 */
export const letterIndices = (filter: OpenSearchLetterFilter): string =>
  `${filter.prefix ?? 'cwl'}-deadletter-${filter.day === undefined ? '*' : filter.day.replaceAll('-', '.')}`;

const query = (filter: OpenSearchLetterFilter) => ({
  bool: {
    filter: [
      ...(filter.code === undefined ? [] : [{ term: { code: filter.code } }]),
      ...(filter.stage === undefined ? [] : [{ term: { stage: filter.stage } }]),
    ],
  },
});

const OPEN = { ignore_unavailable: true, allow_no_indices: true } as const;

/**
 * The most recent letters first, up to `size`.
 *
 * @example
 * ```ts
 * const letters = await listLetters(client, { code: 'mapper_parsing_exception' }, 20);
 * ```
 */
export const listLetters = async (
  client: OpenSearchClient,
  filter: OpenSearchLetterFilter,
  size = 20,
  after?: readonly unknown[],
): Promise<Array<FoundLetter & { sort: unknown[] }>> => {
  const { body } = await client.search({
    index: letterIndices(filter),
    ...OPEN,
    body: {
      size,
      query: query(filter),
      sort: [{ '@timestamp': 'desc' }, { letter_id: 'asc' }],
      ...(after !== undefined && { search_after: [...after] }),
    } as never,
  });
  return body.hits.hits.map((hit) => ({
    index: hit._index as string,
    id: hit._id as string,
    letter: hit._source as unknown as StoredLetter,
    sort: (hit.sort ?? []) as unknown[],
  }));
};

/**
 * How many letters there are, by code and by stage.
 *
 * @example
 * ```ts
 * await countLetters(client, {}); // { total: 3, byCode: { gzip_invalid: 1, … }, byStage: { decode: 1, deliver: 2 } }
 * ```
 */
export const countLetters = async (
  client: OpenSearchClient,
  filter: OpenSearchLetterFilter,
): Promise<{ total: number; byCode: Record<string, number>; byStage: Record<string, number> }> => {
  const { body } = await client.search({
    index: letterIndices(filter),
    ...OPEN,
    body: {
      size: 0,
      track_total_hits: true,
      query: query(filter),
      aggs: { code: { terms: { field: 'code', size: 200 } }, stage: { terms: { field: 'stage', size: 10 } } },
    } as never,
  });
  const buckets = (name: string): Record<string, number> => {
    const agg = (
      body.aggregations as Record<string, { buckets?: Array<{ key: string; doc_count: number }> }>
    )?.[name];
    return Object.fromEntries((agg?.buckets ?? []).map((bucket) => [bucket.key, bucket.doc_count]));
  };
  const total = body.hits.total;
  return {
    total: typeof total === 'number' ? total : (total?.value ?? 0),
    byCode: buckets('code'),
    byStage: buckets('stage'),
  };
};

/**
 * The dead-letter indices as a {@link DeadLetterStore}: pages of letters (most recent first) turned back
 * into engine input, and deletion of those a redrive resolved.
 *
 * @example
 * ```ts
 * const store = new OpenSearchLetterStore(client, 'cwl');
 * const { letters } = await store.page({ code: 'mapper_parsing_exception' }, 500);
 * ```
 */
export class OpenSearchLetterStore implements DeadLetterStore {
  public constructor(
    private readonly client: OpenSearchClient,
    private readonly prefix = 'cwl',
  ) {}

  public async page(
    filter: LetterFilter,
    size: number,
    cursor?: unknown,
  ): Promise<{ letters: StoredLetterInput[]; cursor?: unknown }> {
    const after = Array.isArray(cursor) ? cursor : undefined;
    const found = await listLetters(this.client, { ...filter, prefix: this.prefix }, size, after);
    const last = found[found.length - 1];
    return {
      letters: found.map((item, recordIndex) => ({
        id: item.id,
        ref: { index: item.index, id: item.id } satisfies LetterRef,
        input: inputOf(item.letter, recordIndex),
      })),
      ...(last !== undefined && { cursor: last.sort }),
    };
  }

  public async remove(letters: readonly StoredLetterInput[]): Promise<void> {
    if (letters.length === 0) return;
    const body = letters.map((letter) => {
      const { index, id } = letter.ref as LetterRef;
      return JSON.stringify({ delete: { _index: index, _id: id } });
    });
    await this.client.bulk({ body: `${body.join('\n')}\n` as never, refresh: 'wait_for' });
  }
}

/** Where a letter is stored: its index and `_id`. */
interface LetterRef {
  readonly index: string;
  readonly id: string;
}

/** A letter back as the input it came from: the raw record, or its event in a one-event envelope. */
export const inputOf = (letter: StoredLetter, recordIndex: number): EngineInput => {
  const origin = { recordIndex };
  if (letter.raw_record !== undefined) return { kind: 'base64', data: letter.raw_record, origin };
  const source = letter.source ?? { owner: '', logGroup: '', logStream: '', subscriptionFilters: [] };
  const envelope: Envelope = {
    messageType: 'DATA_MESSAGE',
    owner: source.owner,
    logGroup: source.logGroup,
    logStream: source.logStream,
    subscriptionFilters: source.subscriptionFilters,
    logEvents: letter.raw_event === undefined ? [] : [letter.raw_event],
  };
  return { kind: 'envelope', envelope, origin };
};
