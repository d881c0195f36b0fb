import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type {
  Context,
  KinesisStreamBatchResponse,
  KinesisStreamEvent,
  KinesisStreamRecord,
} from 'aws-lambda';
import { buildConnectors, buildDeadLetterSink, payloadArchiveFromEnv } from '../connectors';
import type { Connector, DeadLetterSink, EngineInput, PayloadArchive } from '../core';
import { type BatchResult, type FailedRecord, Pipeline, processBatch } from '../pipeline';
import { consumerEnv } from './env';
import { countsOf, METRICS_NAMESPACE, publishInvocationMetrics } from './metrics';

/**
 * Everything the Kinesis handler needs, built once at cold start (from the environment by
 * `kinesis.handler.ts`, by hand in tests).
 *
 * @example
 * ```ts
 * const handler = createKinesisHandler({ pipeline, connectors: [openSearch], deadLetters, safetyMarginMs: 10_000, logger, metrics });
 * ```
 */
export interface KinesisHandlerDeps {
  readonly pipeline: Pipeline;
  readonly connectors: readonly Connector[];
  readonly deadLetters: DeadLetterSink;
  /** The raw archive (`CWLPIPE_ARCHIVE_BUCKET`): every payload is written there as received, first. */
  readonly archive?: PayloadArchive;
  /**
   * No new work starts once less than this remains of the invocation, and never more than a quarter of
   * the time the invocation has (see {@link effectiveMarginMs}), so a short timeout still leaves room to work.
   */
  readonly safetyMarginMs: number;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Epoch milliseconds. */
  readonly clock?: () => number;
}

/** How many failed records are named one by one in the log; the rest are counted. */
const FAILED_RECORDS_LOGGED = 20;

/**
 * The handler for a Kinesis event source mapping with `ReportBatchItemFailures`: runs the batch
 * engine once over the whole event (one bulk flow) and returns the sequence numbers of exactly the
 * records that must be retried.
 *
 * Powertools' batch processor calls a record handler once per record, while documents must be sent
 * together; so the engine decides first, and the processor only turns its verdicts into the
 * standard partial response (`throwOnFullBatchFailure: false`: a batch that failed entirely is
 * reported item by item too, rather than thrown, so the same records are retried either way).
 *
 * @example
 * ```ts
 * export const handler = createKinesisHandler(deps);
 * await handler(kinesisEvent, context); // { batchItemFailures: [{ itemIdentifier: '4960…' }] }
 * ```
 */
export const createKinesisHandler = (
  deps: KinesisHandlerDeps,
): ((event: KinesisStreamEvent, context: Context) => Promise<KinesisStreamBatchResponse>) => {
  const clock = deps.clock ?? Date.now;
  const processor = new BatchProcessor(EventType.KinesisDataStreams);
  return async (event, context) => {
    deps.logger.addContext(context);
    const startedAt = clock();
    const remaining = context.getRemainingTimeInMillis();
    const deadline = { at: startedAt + remaining - effectiveMarginMs(deps.safetyMarginMs, remaining) };
    const records = event.Records.map(inputRecordOf);
    const result = await processBatch(
      records,
      {
        pipeline: deps.pipeline,
        connectors: deps.connectors,
        deadLetters: deps.deadLetters,
        ...(deps.archive !== undefined && { archive: deps.archive }),
        clock,
        log: { warn: (message, details) => deps.logger.warn(message, { ...details }) },
      },
      deadline,
    );
    const failed = new Map(result.failed.map((failure) => [failure.origin.sequenceNumber, failure]));
    const response = await processPartialResponse(
      event,
      async (record: KinesisStreamRecord) => {
        const failure = failed.get(record.kinesis.sequenceNumber);
        if (failure !== undefined) throw new Error(`${failure.cause}: ${failure.code}`);
      },
      processor,
      { context, throwOnFullBatchFailure: false },
    );
    logSummary(deps.logger, result, clock() - startedAt);
    publishInvocationMetrics(deps.metrics, countsOf(result));
    return response;
  };
};

/** The largest part of an invocation the safety margin may take: the rest is always left for work. */
export const MAX_MARGIN_FRACTION = 0.25;

/**
 * The safety margin for one invocation: the configured one, but at most a quarter of the time left. A
 * fixed 10 s margin on a function with a 10 s timeout left no time at all, and every record was reported
 * failed before any work, forever; with the cap some work always starts.
 *
 * @example
 * ```ts
 * effectiveMarginMs(10_000, 60_000); // 10000
 * effectiveMarginMs(10_000, 8_000); // 2000
 * ```
 */
export const effectiveMarginMs = (configuredMs: number, remainingMs: number): number =>
  Math.max(0, Math.min(configuredMs, remainingMs * MAX_MARGIN_FRACTION));

/** A Lambda Kinesis record as the engine's input: base64 data and where it came from. */
export const inputRecordOf = (record: KinesisStreamRecord, recordIndex: number): EngineInput => ({
  kind: 'base64',
  data: record.kinesis.data,
  // Seconds with a fraction; a retried record keeps it, so its archive object is overwritten, not doubled.
  ...(typeof record.kinesis.approximateArrivalTimestamp === 'number' && {
    receivedAtMs: Math.round(record.kinesis.approximateArrivalTimestamp * 1000),
  }),
  origin: {
    recordIndex,
    // eventID is `<shardId>:<sequenceNumber>`.
    shardId: record.eventID.split(':')[0] ?? record.eventID,
    sequenceNumber: record.kinesis.sequenceNumber,
  },
});

const logSummary = (logger: Logger, result: BatchResult, elapsedMs: number): void => {
  const { stats, delivery } = result;
  const summary = {
    elapsedMs,
    ...stats.toJSON(),
    ...delivery,
    lag: result.lag,
    failedRecords: result.failed.length,
    unfinishedRecords: result.unfinished,
  };
  if (result.failed.length === 0) {
    logger.info('Batch delivered.', summary);
    return;
  }
  logger.warn('Batch delivered in part; the failed records will be retried.', {
    ...summary,
    failed: result.failed.slice(0, FAILED_RECORDS_LOGGED).map(describeFailure),
  });
};

const describeFailure = (failure: FailedRecord) => ({
  shardId: failure.origin.shardId,
  sequenceNumber: failure.origin.sequenceNumber,
  cause: failure.cause,
  code: failure.code,
});

const SERVICE = 'cwlpipe-kinesis';

/**
 * The Kinesis handler's dependencies from the environment: `CWLPIPE_*` (see `env.ts`), the connectors
 * named by `CWLPIPE_CONNECTORS` with their own settings (`OPENSEARCH_URL`…), and the dead-letter sink.
 *
 * @example
 * ```ts
 * const deps = kinesisDepsFromEnv({ OPENSEARCH_URL: 'http://127.0.0.1:9200' });
 * ```
 */
export const kinesisDepsFromEnv = (env: NodeJS.ProcessEnv = process.env): KinesisHandlerDeps => {
  const settings = consumerEnv(env);
  const archive = payloadArchiveFromEnv(env);
  return {
    pipeline: new Pipeline(settings.pipeline),
    connectors: buildConnectors(settings.connectors, env),
    deadLetters: buildDeadLetterSink(env),
    ...(archive !== undefined && { archive }),
    safetyMarginMs: settings.safetyMarginMs,
    logger: new Logger({ serviceName: env.POWERTOOLS_SERVICE_NAME ?? SERVICE }),
    metrics: new Metrics({
      namespace: env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
      serviceName: env.POWERTOOLS_SERVICE_NAME ?? SERVICE,
    }),
  };
};
