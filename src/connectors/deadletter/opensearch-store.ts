import {
  type Connector,
  type DeadLetter,
  type DeadLetterSink,
  deadlineIn,
  type EngineInput,
  type Envelope,
} from '../../core';
import { processBatch } from '../../pipeline/batch';
import type { Pipeline } from '../../pipeline/run';
import type { OpenSearchClient } from '../opensearch/client';
import type { StoredLetter } from './opensearch-sink';

/** Which letters a command looks at; every filter is optional. */
export interface LetterFilter {
  readonly prefix?: string;
  readonly code?: string;
  readonly stage?: string;
  /** `yyyy.MM.dd` or `yyyy-MM-dd`: the UTC day of the letters' events (the day written, for records that never decoded). */
  readonly day?: string;
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
export const letterIndices = (filter: LetterFilter): string =>
  `${filter.prefix ?? 'cwl'}-deadletter-${filter.day === undefined ? '*' : filter.day.replaceAll('-', '.')}`;

const query = (filter: LetterFilter) => ({
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
  filter: LetterFilter,
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
  filter: LetterFilter,
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

/** What a redrive did. */
export interface RedriveResult {
  /** Letters run through the pipeline again. */
  tried: number;
  /** Letters that now went through, deleted. */
  resolved: number;
  /** Letters that still fail, kept, with how they fail now. */
  stillFailing: Array<{ id: string; code: string; reason: string }>;
}

/**
 * Runs letters' raw records and events through the current pipeline and connectors again. A letter
 * whose documents are now all delivered (or which now makes no document at all) is deleted; the others
 * stay as they are. Safe to repeat: documents keep their `_id`, letters theirs.
 *
 * @example
 * ```ts
 * const result = await redriveLetters(client, { code: 'mapper_parsing_exception' }, { pipeline, connectors });
 * ```
 */
export const redriveLetters = async (
  client: OpenSearchClient,
  filter: LetterFilter,
  deps: { pipeline: Pipeline; connectors: readonly Connector[]; pageSize?: number; timeoutMs?: number },
): Promise<RedriveResult> => {
  const result: RedriveResult = { tried: 0, resolved: 0, stillFailing: [] };
  let after: unknown[] | undefined;
  for (;;) {
    const page = await listLetters(client, filter, deps.pageSize ?? 500, after);
    if (page.length === 0) break;
    after = page[page.length - 1]?.sort;
    const records = page.map((found, recordIndex) => inputOf(found.letter, recordIndex));
    const captured: DeadLetter[] = [];
    const capture: DeadLetterSink = {
      id: 'redrive-capture',
      write: async (letters) => {
        captured.push(...letters);
        return { written: letters.length, failed: [] };
      },
    };
    const batch = await processBatch(
      records,
      { pipeline: deps.pipeline, connectors: deps.connectors, deadLetters: capture },
      deadlineIn(deps.timeoutMs ?? 120_000),
    );
    const failing = new Map<number, { code: string; reason: string }>();
    for (const failure of batch.failed)
      failing.set(failure.index, { code: failure.code, reason: `still ${failure.cause}` });
    for (const letter of captured) failing.set(letter.origin.recordIndex, letter);
    const resolved = page.filter((_, index) => !failing.has(index));
    for (const [index, failure] of failing) {
      const found = page[index];
      if (found) result.stillFailing.push({ id: found.id, code: failure.code, reason: failure.reason });
    }
    if (resolved.length > 0) {
      const body = resolved.map((found) =>
        JSON.stringify({ delete: { _index: found.index, _id: found.id } }),
      );
      await client.bulk({ body: `${body.join('\n')}\n` as never, refresh: 'wait_for' });
    }
    result.tried += page.length;
    result.resolved += resolved.length;
  }
  return result;
};

/** A letter back as the input it came from: the raw record, or its event in a one-event envelope. */
const inputOf = (letter: StoredLetter, recordIndex: number): EngineInput => {
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
  return { kind: 'bytes', bytes: Buffer.from(JSON.stringify(envelope)), origin };
};
