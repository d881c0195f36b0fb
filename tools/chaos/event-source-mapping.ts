import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';

// A simulation of a Lambda event source mapping on a Kinesis stream, as AWS documents it
// (https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html, "services-kinesis-batchfailurereporting",
// "kinesis-on-failure-destination"), to drive the real Kinesis handler in the chaos run:
// - one batch in flight per shard (ParallelizationFactor 1), shards side by side;
// - a partial batch response checkpoints before the lowest failed sequence number and retries from there;
//   an itemIdentifier that is empty or names no record of the batch fails the whole batch;
// - a function error (thrown, timed out, crashed) with BisectBatchOnFunctionError splits the batch in two
//   and retries the first half; splitting does not use up a retry;
// - MaximumRetryAttempts and MaximumRecordAgeInSeconds (-1: unlimited) end the retries; what is given up is
//   skipped and described to the on-failure destination (shard and sequence range, not the records).

/** The mapping's settings that decide what happens to a batch (AWS's names). */
export interface MappingSettings {
  /** BatchSize: most records per invocation (AWS: 1–10,000, default 100). */
  readonly batchSize: number;
  readonly bisectBatchOnFunctionError: boolean;
  /** MaximumRetryAttempts: -1 for unlimited (AWS's default), else 0–10,000. */
  readonly maximumRetryAttempts: number;
  /** MaximumRecordAgeInSeconds: -1 for unlimited (AWS's default), else 60–604,800. */
  readonly maximumRecordAgeSeconds: number;
  /** FunctionResponseTypes includes ReportBatchItemFailures. */
  readonly reportBatchItemFailures: boolean;
}

/** One record as the mapping reads it from the shard. */
export interface StreamRecord {
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  /** Base64, as the invocation event carries it. */
  readonly data: string;
  readonly approximateArrivalMs: number;
}

/** A shard's records in order: each call returns up to `limit` records after the last ones returned; [] at the end. */
export interface ShardFeed {
  readonly shardId: string;
  next(limit: number): Promise<StreamRecord[]>;
}

/** What one invocation came back with: a response, or a function error (thrown, timed out, crashed). */
export type InvocationOutcome =
  | { readonly kind: 'response'; readonly response: unknown }
  | { readonly kind: 'error'; readonly error: string };

export type InvokeFunction = (event: KinesisStreamEvent) => Promise<InvocationOutcome>;

/** The invocation record the mapping sends to its on-failure destination (SQS, SNS, S3) for a batch it gives up. */
export interface OnFailureRecord {
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded';
    readonly approximateInvokeCount: number;
  };
  readonly responseContext: {
    readonly statusCode: number;
    readonly executedVersion: string;
    readonly functionError?: string;
  };
  readonly version: '1.0';
  readonly timestamp: string;
  readonly KinesisBatchInfo: {
    readonly shardId: string;
    readonly startSequenceNumber: string;
    readonly endSequenceNumber: string;
    readonly approximateArrivalOfFirstRecord: string;
    readonly approximateArrivalOfLastRecord: string;
    readonly batchSize: number;
    readonly streamArn: string;
  };
}

export interface OnFailureDestination {
  send(record: OnFailureRecord): Promise<void>;
}

/** A destination in memory (what an SQS queue would hold), for the chaos report and tests. */
export class MemoryDestination implements OnFailureDestination {
  public readonly records: OnFailureRecord[] = [];
  public async send(record: OnFailureRecord): Promise<void> {
    this.records.push(record);
  }
}

export interface MappingContext {
  readonly streamArn: string;
  readonly functionArn: string;
  readonly destination: OnFailureDestination;
  /** Epoch milliseconds (injectable for record-age tests). */
  readonly clock?: () => number;
}

/** What the mapping did on one shard. */
export interface ShardReport {
  readonly shardId: string;
  invocations: number;
  /** Records the function was handed, retries included. */
  recordsInvoked: number;
  /** Records checkpointed as processed. */
  recordsSucceeded: number;
  functionErrors: number;
  partialResponses: number;
  bisections: number;
  /** Invocations that were retries of a batch (bisected halves are not retries). */
  retries: number;
  discardedBatches: number;
  discardedRecords: number;
  /** The last sequence number checkpointed (processed or given up). */
  checkpoint?: string;
}

/** How the mapping reads one invocation's answer. */
export type Verdict =
  | { readonly kind: 'success' }
  | { readonly kind: 'partial'; readonly firstFailed: number }
  | { readonly kind: 'failure'; readonly reason: string };

/**
 * The mapping's verdict on one invocation, as AWS documents it for ReportBatchItemFailures: no response, no
 * list or an empty list is a success; an itemIdentifier that is missing, empty or not in the batch fails the
 * whole batch; otherwise the lowest failed sequence number is where processing resumes.
 *
 * @example
 * ```ts
 * judge({ kind: 'response', response: { batchItemFailures: [{ itemIdentifier: '3' }] } }, ['1', '2', '3'], true); // { kind: 'partial', firstFailed: 2 }
 * ```
 */
export const judge = (
  outcome: InvocationOutcome,
  sequenceNumbers: readonly string[],
  reportBatchItemFailures: boolean,
): Verdict => {
  if (outcome.kind === 'error') return { kind: 'failure', reason: outcome.error };
  if (!reportBatchItemFailures) return { kind: 'success' };
  const failures = (outcome.response as { batchItemFailures?: unknown } | null | undefined)
    ?.batchItemFailures;
  if (!Array.isArray(failures) || failures.length === 0) return { kind: 'success' };
  let firstFailed = Number.POSITIVE_INFINITY;
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    const index = typeof id === 'string' && id !== '' ? sequenceNumbers.indexOf(id) : -1;
    if (index < 0)
      return { kind: 'failure', reason: `itemIdentifier ${JSON.stringify(id)} names no record of the batch` };
    firstFailed = Math.min(firstFailed, index);
  }
  return { kind: 'partial', firstFailed };
};

/**
 * Drives one shard until its feed is exhausted: batches, verdicts, checkpoints, bisection, retries, record
 * age and the on-failure destination. One invocation at a time, as AWS runs a shard.
 *
 * @example
 * ```ts
 * const report = await runShard(feed, invoke, settings, { streamArn, functionArn, destination });
 * report.discardedRecords; // 0
 * ```
 */
export const runShard = async (
  feed: ShardFeed,
  invoke: InvokeFunction,
  settings: MappingSettings,
  context: MappingContext,
): Promise<ShardReport> => {
  const clock = context.clock ?? Date.now;
  const report: ShardReport = {
    shardId: feed.shardId,
    invocations: 0,
    recordsInvoked: 0,
    recordsSucceeded: 0,
    functionErrors: 0,
    partialResponses: 0,
    bisections: 0,
    retries: 0,
    discardedBatches: 0,
    discardedRecords: 0,
  };
  const pending: StreamRecord[] = [];
  let exhausted = false;
  /**
   * The sizes of the halves a bisected batch still has to be sent as, head first: each is a batch of its
   * own, retried on its own, until it succeeds or is given up. Empty: batches of BatchSize.
   */
  const pieces: number[] = [];
  /** Retries of the batch at the head of the shard so far. */
  let retries = 0;
  let invokeCount = 0;

  const advance = (count: number): void => {
    const done = pending.splice(0, count);
    const last = done.at(-1);
    if (last !== undefined) report.checkpoint = last.sequenceNumber;
  };
  const discard = async (
    count: number,
    condition: OnFailureRecord['requestContext']['condition'],
    functionError: boolean,
  ): Promise<void> => {
    const batch = pending.slice(0, count);
    const first = batch[0];
    const last = batch.at(-1);
    if (first === undefined || last === undefined) return;
    await context.destination.send({
      requestContext: {
        requestId: `${feed.shardId}-${report.discardedBatches + 1}`,
        functionArn: context.functionArn,
        condition,
        approximateInvokeCount: invokeCount,
      },
      responseContext: {
        statusCode: 200,
        executedVersion: '$LATEST',
        ...(functionError && { functionError: 'Unhandled' }),
      },
      version: '1.0',
      timestamp: new Date(clock()).toISOString(),
      KinesisBatchInfo: {
        shardId: feed.shardId,
        startSequenceNumber: first.sequenceNumber,
        endSequenceNumber: last.sequenceNumber,
        approximateArrivalOfFirstRecord: new Date(first.approximateArrivalMs).toISOString(),
        approximateArrivalOfLastRecord: new Date(last.approximateArrivalMs).toISOString(),
        batchSize: batch.length,
        streamArn: context.streamArn,
      },
    });
    report.discardedBatches++;
    report.discardedRecords += batch.length;
    advance(count);
    pieces.shift();
    retries = 0;
    invokeCount = 0;
  };

  for (;;) {
    while (!exhausted && pending.length < settings.batchSize) {
      const more = await feed.next(settings.batchSize - pending.length);
      if (more.length === 0) exhausted = true;
      else pending.push(...more);
    }
    if (pending.length === 0) return report;

    const maxAgeMs = settings.maximumRecordAgeSeconds * 1000;
    if (settings.maximumRecordAgeSeconds >= 0) {
      const now = clock();
      const expired = pending.findIndex((record) => now - record.approximateArrivalMs <= maxAgeMs);
      const count = expired < 0 ? pending.length : expired;
      if (count > 0) {
        pieces.length = 0;
        await discard(count, 'RecordAgeExceeded', false);
        continue;
      }
    }

    const batch = pending.slice(0, pieces[0] ?? settings.batchSize);
    report.invocations++;
    report.recordsInvoked += batch.length;
    invokeCount++;
    const outcome = await invoke(eventOf(feed.shardId, batch, context));
    const verdict = judge(
      outcome,
      batch.map((record) => record.sequenceNumber),
      settings.reportBatchItemFailures,
    );

    if (verdict.kind === 'success') {
      report.recordsSucceeded += batch.length;
      advance(batch.length);
      pieces.shift();
      retries = 0;
      invokeCount = 0;
      continue;
    }
    if (verdict.kind === 'partial') {
      report.partialResponses++;
      report.recordsSucceeded += verdict.firstFailed;
      advance(verdict.firstFailed);
      // A half of a bisected batch is "bisected at the returned sequence number": only its rest is retried.
      if (pieces.length > 0) pieces[0] = batch.length - verdict.firstFailed;
      // The rest of the batch, from the lowest failed record, is retried: one retry of that record.
      retries = verdict.firstFailed === 0 ? retries + 1 : 1;
      if (verdict.firstFailed > 0) invokeCount = 1;
      if (exhaustedRetries(retries, settings)) {
        await discard(batch.length - verdict.firstFailed, 'RetryAttemptsExhausted', false);
      } else report.retries++;
      continue;
    }
    report.functionErrors++;
    if (settings.bisectBatchOnFunctionError && batch.length > 1) {
      // Splitting the batch does not count as a retry.
      report.bisections++;
      const first = Math.ceil(batch.length / 2);
      pieces.splice(0, 1, first, batch.length - first);
      continue;
    }
    retries++;
    if (exhaustedRetries(retries, settings)) await discard(batch.length, 'RetryAttemptsExhausted', true);
    else report.retries++;
  }
};

const exhaustedRetries = (retries: number, settings: MappingSettings): boolean =>
  settings.maximumRetryAttempts >= 0 && retries > settings.maximumRetryAttempts;

/**
 * Every shard at once, each with {@link runShard}; resolves when every feed is exhausted.
 *
 * @example
 * ```ts
 * const reports = await runMapping(feeds, invoke, settings, context);
 * ```
 */
export const runMapping = (
  feeds: readonly ShardFeed[],
  invoke: InvokeFunction,
  settings: MappingSettings,
  context: MappingContext,
): Promise<ShardReport[]> => Promise.all(feeds.map((feed) => runShard(feed, invoke, settings, context)));

/**
 * The Lambda event for one batch, shaped as the Kinesis event source mapping sends it.
 *
 * @example
 * ```ts
 * eventOf('shardId-000000000000', records, context).Records[0]?.eventID; // 'shardId-000000000000:4960…'
 * ```
 */
export const eventOf = (
  shardId: string,
  batch: readonly StreamRecord[],
  context: Pick<MappingContext, 'streamArn' | 'functionArn'>,
): KinesisStreamEvent => ({
  Records: batch.map(
    (record): KinesisStreamRecord => ({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: record.partitionKey,
        sequenceNumber: record.sequenceNumber,
        data: record.data,
        approximateArrivalTimestamp: record.approximateArrivalMs / 1000,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `${shardId}:${record.sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: `${context.functionArn}-role`,
      awsRegion: 'us-east-1',
      eventSourceARN: context.streamArn,
    }),
  ),
});
