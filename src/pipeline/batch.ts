import {
  type ArchiveFailure,
  type Connector,
  type DeadLetter,
  type DeadLetterSink,
  type Deadline,
  type DeliveryReport,
  describeError,
  type EngineInput,
  excerpt,
  type PayloadArchive,
  type PipelineDoc,
  type ReceivedPayload,
  type RecordOrigin,
} from '../core';
import { bump } from './counts';
import { LagSamples, type LagSummary } from './lag';
import type { Pipeline, RecordOutcome } from './run';
import { PipelineStats } from './stats';

/** The little the engine logs; Powertools' Logger and `console` both fit. */
export interface BatchLog {
  warn(message: string, details?: Record<string, unknown>): void;
}

/**
 * What the batch engine works with. Every source (Lambda, poller, replay) builds one of these.
 *
 * @example
 * ```ts
 * const deps: BatchDeps = { pipeline: new Pipeline(buildConfig()), connectors: [openSearch], deadLetters: sink };
 * ```
 */
export interface BatchDeps {
  readonly pipeline: Pipeline;
  readonly connectors: readonly Connector[];
  readonly deadLetters: DeadLetterSink;
  /** Epoch milliseconds, checked against the deadline; injectable so tests need no real waiting. */
  readonly clock?: () => number;
  readonly log?: BatchLog;
  /**
   * Documents and letters held before they are handed on (default {@link DEFAULT_SLICE_DOCS}); a
   * record's documents are never split, so a slice may pass this by one record.
   */
  readonly sliceDocs?: number;
  /** The raw archive: every payload as received is written there first (see {@link PayloadArchive}). */
  readonly archive?: PayloadArchive;
}

/** About 5–10 MB of documents: a few `_bulk` requests' worth, small beside any Lambda's memory. */
export const DEFAULT_SLICE_DOCS = 5_000;

/** Why a record must be retried. */
export type FailureCause =
  /** One of its documents failed retryably in a connector (or the connector threw). */
  | 'retryable'
  /** One of its dead letters could not be written. */
  | 'dead_letter_unwritten'
  /** The deadline came before the engine finished it. */
  | 'unfinished'
  /** Its payload could not be written to the raw archive. */
  | 'archive_unwritten';

/** A record to report back as failed (a Lambda batch item failure; the poller's checkpoint stops before it). */
export interface FailedRecord {
  /** Position in the batch handed to {@link processBatch}. */
  readonly index: number;
  readonly origin: RecordOrigin;
  readonly cause: FailureCause;
  /** The first item's code, e.g. `http_429`, `connector_threw`, `deadline`. */
  readonly code: string;
}

/** Delivery counts for metrics and summaries; keys are connector ids or low-cardinality codes. */
export interface DeliveryCounts {
  readonly deliveredByConnector: Record<string, number>;
  /** Of the delivered, those the connector reported it already had (same `_id`). */
  readonly alreadyPresentByConnector: Record<string, number>;
  readonly retryableByCode: Record<string, number>;
  readonly rejectedByCode: Record<string, number>;
  /** Dead letters written, by their code (decode and transform set-asides and delivery rejections). */
  readonly deadLetteredByCode: Record<string, number>;
  /** Dead letters the sink could not write (their records are retried), by code. */
  readonly deadLetterFailedByCode: Record<string, number>;
  /** Connector or sink calls that threw instead of reporting. */
  thrown: number;
  /** Payloads written to the raw archive, and those it refused (their records are retried). */
  archived: number;
  readonly archiveFailedByCode: Record<string, number>;
}

/** Everything the engine did with one batch. */
export interface BatchResult {
  /** The records to retry, in batch order. */
  readonly failed: readonly FailedRecord[];
  readonly stats: PipelineStats;
  readonly delivery: DeliveryCounts;
  /** Ingest lag of the documents every connector took, by log type. */
  readonly lag: Record<string, LagSummary>;
  /** Records the deadline cut off (also in `failed`). */
  readonly unfinished: number;
}

/**
 * One batch, start to end: decode and transform every record, deliver the documents in slices of about
 * {@link DEFAULT_SLICE_DOCS} through every connector (one bulk flow per slice and connector, not one per
 * record, and memory bounded by the slice, not the batch), dead-letter what was set aside
 * or rejected, and work out which records must be retried. A record fails iff one of its documents
 * is retryable in some connector, one of its dead letters could not be written, or the deadline came
 * before it was finished. Control messages and corrupt records never fail: the first are counted,
 * the second dead-lettered. A connector or sink that throws fails its items, never the batch.
 *
 * @example
 * ```ts
 * const result = await processBatch(records, deps, deadlineIn(context.getRemainingTimeInMillis() - 5_000));
 * const batchItemFailures = result.failed.map((f) => ({ itemIdentifier: f.origin.sequenceNumber }));
 * ```
 */
export const processBatch = async (
  records: readonly EngineInput[],
  deps: BatchDeps,
  deadline: Deadline,
): Promise<BatchResult> => {
  const batch = new BatchRun(records, deps, deadline);
  // Every payload is kept as received, before anything can go wrong with decoding it.
  const decoded = await batch.archive();
  await batch.transformAndDeliver(decoded);
  return batch.result();
};

const emptyDeliveryCounts = (): DeliveryCounts => ({
  deliveredByConnector: {},
  alreadyPresentByConnector: {},
  retryableByCode: {},
  rejectedByCode: {},
  deadLetteredByCode: {},
  deadLetterFailedByCode: {},
  thrown: 0,
  archived: 0,
  archiveFailedByCode: {},
});

/** What one batch accumulates while {@link processBatch} runs it: its counts, its failures, its slice. */
class BatchRun {
  private readonly clock: () => number;
  private readonly log: BatchLog;
  private readonly stats = new PipelineStats();
  private readonly delivery = emptyDeliveryCounts();
  private readonly failures = new Map<number, FailedRecord>();
  private readonly indexOf: (origin: RecordOrigin) => number | undefined;
  private readonly lag = new LagSamples();
  // Memory is bounded by the slice, not the batch: documents and letters are handed on once a slice is
  // full, so a batch of hostile records never holds more than one slice plus one record (whose events the
  // decoder caps) at a time. A record's documents always travel in one slice.
  private docs: PipelineDoc[] = [];
  private letters: DeadLetter[] = [];

  public constructor(
    private readonly records: readonly EngineInput[],
    private readonly deps: BatchDeps,
    private readonly deadline: Deadline,
  ) {
    this.clock = deps.clock ?? Date.now;
    this.log = deps.log ?? silent;
    this.indexOf = originIndex(records);
  }

  /** Writes the payloads to the raw archive, if there is one; the bytes it decoded, to decode once. */
  public async archive(): Promise<ReadonlyMap<EngineInput, Uint8Array> | undefined> {
    if (this.deps.archive === undefined) return undefined;
    return archivePayloads(
      this.records,
      this.deps.archive,
      this.deadline,
      this.clock,
      this.delivery,
      this.log,
      this.fail,
    );
  }

  /**
   * Decodes and transforms one record at a time, starting none after the deadline and stopping inside a
   * slow record when the deadline comes; full slices are delivered as they fill.
   */
  public async transformAndDeliver(decoded: ReadonlyMap<EngineInput, Uint8Array> | undefined): Promise<void> {
    const sliceLimit = this.deps.sliceDocs ?? DEFAULT_SLICE_DOCS;
    for (const [index, record] of this.records.entries()) {
      const outcome = this.pastDeadline()
        ? undefined
        : transformSafely(this.deps.pipeline, record, this.log, this.pastDeadline, decoded?.get(record));
      if (outcome === undefined || outcome.unfinished) {
        // Its partial documents are left out: the record is retried whole, under the same ids.
        for (const late of this.records.slice(index)) this.fail(late.origin, 'unfinished', 'deadline');
        break;
      }
      this.stats.add(outcome);
      for (const doc of outcome.docs) this.docs.push(doc);
      for (const letter of outcome.setAside) this.letters.push(letter);
      if (this.docs.length + this.letters.length >= sliceLimit) await this.flush();
    }
    if (this.docs.length > 0 || this.letters.length > 0) await this.flush();
  }

  public result(): BatchResult {
    const failed = [...this.failures.values()].sort((a, b) => a.index - b.index);
    return {
      failed,
      stats: this.stats,
      delivery: this.delivery,
      lag: this.lag.summary(),
      unfinished: failed.filter((failure) => failure.cause === 'unfinished').length,
    };
  }

  /** Hands the slice on: its documents through every connector, then its letters to the sink. */
  private async flush(): Promise<void> {
    const [docs, letters] = [this.docs, this.letters];
    this.docs = [];
    this.letters = [];
    const notDelivered = await this.deliver(docs, letters);
    await this.keep(letters);
    const delivered = notDelivered.size === 0 ? docs : docs.filter((doc) => !notDelivered.has(doc));
    this.lag.add(delivered, this.clock());
  }

  /**
   * The slice's documents through every connector at once; what one rejects becomes a letter (added to
   * `letters`), what one cannot take now fails its record. Returns the documents some connector did not take.
   */
  private async deliver(docs: readonly PipelineDoc[], letters: DeadLetter[]): Promise<Set<PipelineDoc>> {
    const notDelivered = new Set<PipelineDoc>();
    const { connectors } = this.deps;
    if (docs.length === 0 || connectors.length === 0) return notDelivered;
    if (this.pastDeadline()) {
      markUnfinished(docs, this.fail);
      return new Set(docs);
    }
    const reports = await Promise.all(
      connectors.map((connector) => deliverSafely(connector, docs, this.deadline, this.delivery, this.log)),
    );
    for (const [i, report] of reports.entries()) {
      const connector = (connectors[i] as Connector).id;
      bump(this.delivery.deliveredByConnector, connector, report.delivered);
      if (report.alreadyPresent)
        bump(this.delivery.alreadyPresentByConnector, connector, report.alreadyPresent);
      for (const item of report.retryable) {
        bump(this.delivery.retryableByCode, item.code);
        notDelivered.add(item.doc);
        this.fail(item.doc.origin, 'retryable', item.code);
      }
      for (const item of report.rejected) {
        bump(this.delivery.rejectedByCode, item.code);
        notDelivered.add(item.doc);
        letters.push(rejectedLetter(item, connector));
      }
    }
    return notDelivered;
  }

  /** Keeps whatever could not become an indexed document; a letter not written fails its record. */
  private async keep(letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    if (this.pastDeadline()) {
      markUnfinished(letters, this.fail);
      return;
    }
    const unwritten = await writeSafely(
      this.deps.deadLetters,
      letters,
      this.deadline,
      this.delivery,
      this.log,
    );
    for (const letter of letters) {
      if (unwritten.has(letter)) {
        bump(this.delivery.deadLetterFailedByCode, letter.code);
        this.fail(letter.origin, 'dead_letter_unwritten', letter.code);
      } else {
        bump(this.delivery.deadLetteredByCode, letter.code);
      }
    }
  }

  private readonly pastDeadline = (): boolean => this.clock() >= this.deadline.at;

  /** Marks a record to retry (the first cause found is the one reported). */
  private readonly fail = (origin: RecordOrigin, cause: FailureCause, code: string): void => {
    const index = this.indexOf(origin);
    if (index === undefined) {
      // A connector handed back a document we cannot place: retrying everything loses nothing.
      this.log.warn(
        'A failed item names a record not in this batch; the whole batch is reported as failed.',
        {
          origin,
        },
      );
    }
    const indexes = index === undefined ? this.records.map((_, i) => i) : [index];
    for (const i of indexes) {
      const record = this.records[i];
      if (record && !this.failures.has(i))
        this.failures.set(i, { index: i, origin: record.origin, cause, code });
    }
  };
}

/** A document a connector rejected, as the letter that keeps its event. */
const rejectedLetter = (item: DeliveryReport['rejected'][number], connector: string): DeadLetter => ({
  stage: 'deliver',
  code: item.code,
  reason: item.reason,
  origin: item.doc.origin,
  raw: item.doc.event,
  source: item.doc.source,
  connector,
});

/**
 * Writes the batch's payloads (not already-decoded envelopes, which are no payload) to the raw archive; a
 * payload not written fails its record, and an archive that throws fails them all. Returns the bytes it
 * decoded from base64 records, so the pipeline does not decode them again.
 */
const archivePayloads = async (
  records: readonly EngineInput[],
  archive: PayloadArchive,
  deadline: Deadline,
  clock: () => number,
  delivery: DeliveryCounts,
  log: BatchLog,
  fail: (origin: RecordOrigin, cause: FailureCause, code: string) => void,
): Promise<ReadonlyMap<EngineInput, Uint8Array>> => {
  const received: { record: EngineInput; payload: ReceivedPayload }[] = [];
  const decoded = new Map<EngineInput, Uint8Array>();
  for (const record of records) {
    if (record.kind === 'envelope') continue;
    let data: Uint8Array | undefined;
    if (record.kind === 'bytes') data = record.bytes;
    else if (typeof record.data === 'string') {
      data = Buffer.from(record.data, 'base64');
      decoded.set(record, data);
    }
    if (data === undefined || data.length === 0) continue;
    received.push({ record, payload: { data, receivedAt: new Date(record.receivedAtMs ?? clock()) } });
  }
  if (received.length === 0) return decoded;
  const all = (code: string): ArchiveFailure[] => received.map((_, index) => ({ index, code }));
  let failed: readonly ArchiveFailure[];
  let timer: NodeJS.Timeout | undefined;
  try {
    // The archive may not carry the batch past its deadline: what is not written by then is retried.
    const timeout = new Promise<{ failed: ArchiveFailure[] }>((resolve) => {
      timer = setTimeout(
        () => resolve({ failed: all('archive_deadline') }),
        Math.max(0, deadline.at - clock()),
      );
    });
    ({ failed } = await Promise.race([archive.write(received.map((item) => item.payload)), timeout]));
  } catch (error) {
    log.warn('The raw archive threw; every record of the batch is retried.', {
      archive: archive.id,
      reason: excerpt(describeError(error)),
    });
    failed = all('archive_threw');
  } finally {
    clearTimeout(timer);
  }
  if (failed.some((failure) => received[failure.index] === undefined)) {
    // A position that names no payload: which ones failed is unknown, so all are retried.
    log.warn('The raw archive reported a payload not in this batch; every record is retried.', {
      archive: archive.id,
    });
    failed = all('archive_report_invalid');
  }
  const unwritten = new Set<number>();
  for (const { index, code } of failed) {
    const item = received[index];
    if (item === undefined || unwritten.has(index)) continue;
    unwritten.add(index);
    fail(item.record.origin, 'archive_unwritten', code);
    bump(delivery.archiveFailedByCode, code);
  }
  delivery.archived += received.length - unwritten.size;
  return decoded;
};

/** The pipeline promises never to throw; should it, the record is dead-lettered whole, not retried forever. */
const transformSafely = (
  pipeline: Pipeline,
  record: EngineInput,
  log: BatchLog,
  shouldStop: () => boolean,
  decoded: Uint8Array | undefined,
): RecordOutcome => {
  try {
    return pipeline.process(record, shouldStop, decoded);
  } catch (error) {
    const reason = `the pipeline threw: ${describeError(error)}`;
    log.warn('The pipeline threw on a record; it is dead-lettered.', {
      origin: record.origin,
      reason: excerpt(reason),
    });
    return {
      origin: record.origin,
      docs: [],
      setAside: [
        {
          stage: 'decode',
          code: 'pipeline_threw',
          reason,
          origin: record.origin,
          raw: rawRecord(record),
        },
      ],
      skipped: {},
      redacted: {},
      control: false,
      events: 0,
      unfinished: false,
    };
  }
};

/** An input as a dead letter keeps it: base64 of its bytes (an envelope as its JSON). */
const rawRecord = (input: EngineInput): string => {
  switch (input.kind) {
    case 'base64':
      return typeof input.data === 'string' ? input.data : '';
    case 'bytes':
      return Buffer.from(input.bytes).toString('base64');
    case 'envelope':
      return Buffer.from(JSON.stringify(input.envelope)).toString('base64');
  }
};

/** A connector that throws has delivered nothing: every document it was given is retryable. */
const deliverSafely = async (
  connector: Connector,
  docs: readonly PipelineDoc[],
  deadline: Deadline,
  delivery: DeliveryCounts,
  log: BatchLog,
): Promise<DeliveryReport> => {
  try {
    return await connector.deliver(docs, deadline);
  } catch (error) {
    delivery.thrown++;
    const reason = `the ${connector.id} connector threw: ${describeError(error)}`;
    log.warn('A connector threw; its documents are retried.', {
      connector: connector.id,
      reason: excerpt(reason),
    });
    return {
      delivered: 0,
      retryable: docs.map((doc) => ({ doc, code: 'connector_threw', reason })),
      rejected: [],
    };
  }
};

/** The letters the sink did not write; all of them when it throws. */
const writeSafely = async (
  sink: DeadLetterSink,
  letters: readonly DeadLetter[],
  deadline: Deadline,
  delivery: DeliveryCounts,
  log: BatchLog,
): Promise<Set<DeadLetter>> => {
  try {
    const { failed } = await sink.write(letters, deadline);
    return new Set(failed);
  } catch (error) {
    delivery.thrown++;
    log.warn('The dead-letter sink threw; the records of its letters are retried.', {
      sink: sink.id,
      reason: excerpt(describeError(error)),
    });
    return new Set(letters);
  }
};

const markUnfinished = (
  items: readonly { readonly origin: RecordOrigin }[],
  fail: (origin: RecordOrigin, cause: FailureCause, code: string) => void,
): void => {
  for (const origin of new Set(items.map((item) => item.origin))) fail(origin, 'unfinished', 'deadline');
};

/**
 * Maps an origin back to its record's position: by identity (connectors hand back the documents
 * they were given), else by the fields that name a record, for a connector that copied them.
 */
const originIndex = (records: readonly EngineInput[]): ((origin: RecordOrigin) => number | undefined) => {
  const byIdentity = new Map<RecordOrigin, number>();
  const byKey = new Map<string, number>();
  for (const [index, record] of records.entries()) {
    byIdentity.set(record.origin, index);
    byKey.set(originKey(record.origin), index);
  }
  return (origin) => byIdentity.get(origin) ?? byKey.get(originKey(origin));
};

const originKey = (origin: RecordOrigin): string =>
  JSON.stringify([origin.shardId, origin.sequenceNumber, origin.recordId, origin.file, origin.recordIndex]);

const silent: BatchLog = { warn: () => undefined };
