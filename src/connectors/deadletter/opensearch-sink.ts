import { createHash } from 'node:crypto';
import { type DeadLetter, type DeadLetterSink, type Deadline, remainingMs } from '../../core';
import { classifyBulkResponse } from '../opensearch/bulk-response';
import { deadLetterIndexFor } from '../opensearch/index-name';
import type { OpenSearchTransportClient } from '../opensearch/transport-client';

/**
 * A dead letter as stored in `cwl-deadletter-<yyyy.MM.dd>` (the day it was written). The raw event is
 * kept as the event (`raw_event`), a raw record as base64 (`raw_record`), so `cwlpipe deadletter
 * redrive` can run either through the pipeline again.
 *
 * @example
 * ```ts
 * const stored: StoredLetter = { '@timestamp': '2024-05-01T12:00:00.000Z', letter_id: 'a3f…', stage: 'deliver', code: 'mapper_parsing_exception', … };
 * ```
 */
export interface StoredLetter {
  '@timestamp': string;
  letter_id: string;
  stage: DeadLetter['stage'];
  code: string;
  reason: string;
  connector?: string;
  origin: DeadLetter['origin'];
  source?: DeadLetter['source'];
  raw_event?: { id: string; timestamp: number; message: string };
  raw_record?: string;
}

/**
 * The `_id` of a letter: the same letter written twice (a retried batch) is stored once. It names what
 * failed (the event id, or the hash of a raw record), where, and at which stage; not the reason, so
 * an event that fails again for another reason stays one letter.
 *
 * @example
 * ```ts
 * letterId({ stage: 'deliver', connector: 'opensearch', raw: event, … }); // '5c1e…' (64 hex digits)
 * ```
 */
export const letterId = (letter: DeadLetter): string => {
  const what =
    typeof letter.raw !== 'string'
      ? `event:${letter.source?.logGroup ?? ''}:${letter.raw.id}`
      : letter.raw === ''
        ? // A record without data has nothing to hash: its place names it, so two such records stay two letters.
          `empty:${JSON.stringify([letter.origin.shardId, letter.origin.sequenceNumber, letter.origin.recordId, letter.origin.file, letter.origin.recordIndex])}`
        : `record:${createHash('sha256').update(letter.raw).digest('hex')}`;
  return createHash('sha256')
    .update(JSON.stringify([letter.stage, letter.connector ?? '', what]))
    .digest('hex');
};

/**
 * The document stored for a letter.
 *
 * @example
 * ```ts
 * toStoredLetter(letter, new Date()).raw_event?.message; // the log line, whole
 * ```
 */
export const toStoredLetter = (letter: DeadLetter, now: Date): StoredLetter => ({
  '@timestamp': now.toISOString(),
  letter_id: letterId(letter),
  stage: letter.stage,
  code: letter.code,
  reason: letter.reason,
  ...(letter.connector !== undefined && { connector: letter.connector }),
  origin: letter.origin,
  // Only the header: the pipeline's source is the whole envelope, every event of it included.
  ...(letter.source !== undefined && {
    source: {
      owner: letter.source.owner,
      logGroup: letter.source.logGroup,
      logStream: letter.source.logStream,
      subscriptionFilters: [...letter.source.subscriptionFilters],
    },
  }),
  ...(typeof letter.raw === 'string'
    ? { raw_record: letter.raw }
    : { raw_event: { id: letter.raw.id, timestamp: letter.raw.timestamp, message: letter.raw.message } }),
});

/** The index template of the dead-letter indices: raw data stored but not indexed, the rest searchable. */
export const deadLetterTemplate = (prefix = 'cwl') => ({
  index_patterns: [`${prefix}-deadletter-*`],
  priority: 200,
  template: {
    settings: { number_of_shards: 1, number_of_replicas: 0 },
    mappings: {
      dynamic: false,
      properties: {
        '@timestamp': { type: 'date' },
        letter_id: { type: 'keyword' },
        stage: { type: 'keyword' },
        code: { type: 'keyword' },
        reason: { type: 'text' },
        connector: { type: 'keyword' },
        origin: {
          properties: {
            recordIndex: { type: 'long' },
            shardId: { type: 'keyword' },
            sequenceNumber: { type: 'keyword' },
            recordId: { type: 'keyword' },
            file: { type: 'keyword' },
          },
        },
        source: {
          properties: {
            owner: { type: 'keyword' },
            logGroup: { type: 'keyword' },
            logStream: { type: 'keyword' },
            subscriptionFilters: { type: 'keyword' },
          },
        },
        raw_event: {
          properties: {
            id: { type: 'keyword' },
            timestamp: { type: 'date', format: 'epoch_millis' },
            // The raw line is kept for redrive, unredacted: stored, never indexed, so no search finds it.
            message: { type: 'text', index: false },
          },
        },
        raw_record: { type: 'binary' },
      },
    },
  },
});

/**
 * Writes dead letters to `cwl-deadletter-<yyyy.MM.dd>` with `create` and a deterministic `_id`, so a
 * letter written again is counted as written, never duplicated. Installs its index template once.
 * Letters it could not write are returned, so their records are retried.
 *
 * @example
 * ```ts
 * const sink = new OpenSearchDeadLetterSink(client);
 * const { failed } = await sink.write(letters, deadlineIn(10_000));
 * ```
 */
export class OpenSearchDeadLetterSink implements DeadLetterSink {
  /** `opensearch-deadletter`, or `elasticsearch-deadletter`: the same indices and code on either engine. */
  public readonly id: string;
  private templateReady: Promise<void> | undefined;

  public constructor(
    private readonly client: OpenSearchTransportClient,
    private readonly options: {
      id?: string;
      prefix?: string;
      requestTimeoutMs?: number;
      now?: () => Date;
    } = {},
  ) {
    this.id = options.id ?? 'opensearch-deadletter';
  }

  public async close(): Promise<void> {
    await this.client.close();
  }

  /** Puts the dead-letter index template (idempotent); `cwlpipe setup` may call it too. */
  public ensureTemplate(): Promise<void> {
    // The request the client's `indices.putIndexTemplate` sends, through the transport (transport-client.ts).
    this.templateReady ??= this.client.transport
      .request({
        method: 'POST',
        path: `/_index_template/${encodeURIComponent(`${this.prefix}-deadletter`)}`,
        // Only where setup has not put it: setup's version carries its hash and the retention policy,
        // which a plain put here would replace.
        querystring: { create: true },
        body: deadLetterTemplate(this.prefix),
      })
      .then(
        () => undefined,
        (error: unknown) => {
          if (isAlreadyThere(error)) return;
          this.templateReady = undefined;
          throw error;
        },
      );
    return this.templateReady;
  }

  public async write(
    letters: readonly DeadLetter[],
    deadline: Deadline,
  ): Promise<{ written: number; failed: DeadLetter[] }> {
    if (letters.length === 0) return { written: 0, failed: [] };
    const now = this.options.now?.() ?? new Date();
    const body = letters
      .map((letter) => {
        const stored = toStoredLetter(letter, now);
        // An event's letter lives in its event's day, so a retry after midnight finds the same `_id`
        // and writes nothing twice; a record that never decoded has no time of its own but now.
        const day = typeof letter.raw === 'string' ? now : letter.raw.timestamp;
        const index = deadLetterIndexFor(day, { prefix: this.prefix });
        return `${JSON.stringify({ create: { _index: index, _id: stored.letter_id } })}\n${JSON.stringify(stored)}\n`;
      })
      .join('');
    try {
      await this.ensureTemplate();
      const timeout = Math.max(1, Math.min(this.options.requestTimeoutMs ?? 30_000, remainingMs(deadline)));
      const response = await this.client.bulk(
        { body: body as never, filter_path: 'errors,items.*.status,items.*.error' },
        { requestTimeout: timeout, maxRetries: 0, compression: 'gzip' },
      );
      const outcomes = classifyBulkResponse(response.body, letters.length);
      const failed = letters.filter((_, i) => outcomes[i]?.kind !== 'delivered');
      return { written: letters.length - failed.length, failed };
    } catch {
      // Whatever went wrong, nothing here is known to be written: the records are retried.
      return { written: 0, failed: [...letters] };
    }
  }

  private get prefix(): string {
    return this.options.prefix ?? 'cwl';
  }
}

/** The template exists already (`create: true` refused it): setup's or an earlier sink's; either will do. */
const isAlreadyThere = (error: unknown): boolean => {
  const status = (error as { meta?: { statusCode?: number } } | undefined)?.meta?.statusCode;
  return (
    status === 400 &&
    /already exists/.test(JSON.stringify((error as { meta?: { body?: unknown } }).meta?.body ?? ''))
  );
};
