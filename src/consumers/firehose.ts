import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type {
  Context,
  FirehoseRecordTransformationStatus,
  FirehoseTransformationEvent,
  FirehoseTransformationResult,
  FirehoseTransformationResultRecord,
} from 'aws-lambda';
import { type DeadLetter, type EngineInput, excerpt, type PipelineDoc } from '../core';
import { lagByType, Pipeline, type PipelineStats, processBatch } from '../pipeline';
import { consumerEnv, type FirehoseOutput } from './env';
import { FirehoseCollector } from './firehose-collector';
import { METRICS_NAMESPACE, publishInvocationMetrics } from './metrics';

/**
 * Everything the Firehose transformation handler needs, built once at cold start.
 *
 * @example
 * ```ts
 * const handler = createFirehoseHandler({ pipeline, maxResponseBytes: 6_000_000, logger, metrics });
 * ```
 */
export interface FirehoseHandlerDeps {
  readonly pipeline: Pipeline;
  /** The response must stay under Firehose's 6 MB; see {@link fitResponse}. */
  readonly maxResponseBytes: number;
  /** `ndjson` (default): all of a record's documents; `document`: exactly one per `Ok` record. */
  readonly output?: FirehoseOutput;
  /**
   * No new work starts once less than this remains of the invocation (default 1000), and never more than
   * a tenth of the time the invocation has, so a short timeout still leaves room to work.
   */
  readonly safetyMarginMs?: number;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Epoch milliseconds. */
  readonly clock?: () => number;
}

/** What the engine made of one Firehose record. */
export interface RecordVerdict {
  readonly docs: readonly PipelineDoc[];
  readonly setAside: readonly DeadLetter[];
  /** The engine could not finish it before the deadline. */
  readonly unfinished: boolean;
}

/** Why a record went back `ProcessingFailed` although nothing in it was corrupt. */
export const MANY_DOCUMENTS_REASON =
  'the record holds more than one document, and CWLPIPE_FIREHOSE_OUTPUT=document sends exactly one per record';

/** One transformed record and what it would cost in the response, before the size budget is applied. */
export interface TransformedRecord {
  readonly result: FirehoseTransformationResultRecord;
  readonly docs: readonly PipelineDoc[];
  readonly setAside: readonly DeadLetter[];
  /** The input's base64 data, sent back as is when the record is marked ProcessingFailed or Dropped. */
  readonly original: string;
  /** Output `document` and more than one document: failed, with its original data. */
  readonly tooManyDocuments?: boolean;
}

/** How many set-aside events are logged one by one per invocation; the rest are counted. */
const SET_ASIDE_LOGGED = 20;

/**
 * The handler for a Firehose data transformation (CloudWatch Logs → Firehose → OpenSearch, S3 backup).
 * Each output record keeps its `recordId` and is:
 * - `Ok`: `data` is base64 of the record's documents as NDJSON, one document body per line, with a
 *   trailing newline (output `ndjson`, for S3 and HTTP endpoint destinations); or of its one document
 *   (output `document`, for the OpenSearch destination, which indexes each record as one document: a record
 *   with several documents then goes back `ProcessingFailed` with its original data, to the S3 error output);
 * - `Dropped`, with the original data (AWS asks for `data` on every record): a CONTROL_MESSAGE, or a record
 *   whose events were all skipped;
 * - `ProcessingFailed`, with the original data: a corrupt record, or one whose events were all set
 *   aside, so Firehose writes it to the S3 error output, where it can be inspected and re-driven.
 *
 * Events set aside inside an otherwise good record are logged with their raw event and counted
 * (there is no dead-letter index on this path; Firehose's source-record backup also keeps them).
 * The response stays within `maxResponseBytes`; see {@link fitResponse}.
 *
 * @example
 * ```ts
 * export const handler = createFirehoseHandler(deps);
 * await handler(event, context); // { records: [{ recordId: '4959…', result: 'Ok', data: 'eyJAdGltZXN0YW1wIjo…' }] }
 * ```
 */
export const createFirehoseHandler = (
  deps: FirehoseHandlerDeps,
): ((event: FirehoseTransformationEvent, context: Context) => Promise<FirehoseTransformationResult>) => {
  const clock = deps.clock ?? Date.now;
  return async (event, context) => {
    deps.logger.addContext(context);
    const startedAt = clock();
    const remaining = context.getRemainingTimeInMillis();
    const margin = Math.min(deps.safetyMarginMs ?? 1_000, remaining / 10);
    const deadline = { at: startedAt + remaining - margin };
    const inputs = event.records.map(
      (record, recordIndex): EngineInput => ({
        kind: 'base64',
        data: record.data,
        origin: { recordIndex, recordId: record.recordId },
      }),
    );
    // The same engine as every other source; Firehose delivers, so the destination is a collector.
    const collector = new FirehoseCollector();
    const batch = await processBatch(
      inputs,
      {
        pipeline: deps.pipeline,
        connectors: [collector],
        deadLetters: collector,
        clock,
        log: { warn: (message, details) => deps.logger.warn(message, { ...details }) },
      },
      deadline,
    );
    const unfinished = new Set(batch.failed.map((failure) => failure.index));
    const stats = batch.stats;
    const transformed = event.records.map((record, recordIndex) =>
      // A record without data goes back ProcessingFailed with empty data, as its letter says why.
      transformRecord(
        record.recordId,
        typeof record.data === 'string' ? record.data : '',
        {
          docs: collector.docsOf(recordIndex),
          setAside: collector.lettersOf(recordIndex),
          unfinished: unfinished.has(recordIndex),
        },
        deps.output,
      ),
    );
    const { records, overflowed } = fitResponse(transformed, deps.maxResponseBytes);
    const results = countResults(records);
    const tooMany = transformed.filter((item) => item.tooManyDocuments).map((item) => item.result.recordId);
    if (tooMany.length > 0)
      deps.logger.warn(`Firehose records failed: ${MANY_DOCUMENTS_REASON}.`, {
        code: 'firehose_record_many_documents',
        recordIds: tooMany.slice(0, SET_ASIDE_LOGGED),
        count: tooMany.length,
      });
    const okDocs = transformed.flatMap((item, i) => (records[i]?.result === 'Ok' ? item.docs : []));
    logInvocation(deps.logger, stats, transformed, results, overflowed);
    publishInvocationMetrics(deps.metrics, {
      stats,
      lag: lagByType(okDocs, clock()),
      extra: {
        FirehoseOk: results.Ok,
        FirehoseDropped: results.Dropped,
        FirehoseProcessingFailed: results.ProcessingFailed,
        FirehoseOverflow: overflowed.length,
        FirehoseManyDocuments: tooMany.length,
      },
    });
    return { records };
  };
};

/**
 * One Firehose record's result from what the engine made of it (before the response size budget):
 * `Ok` with its documents; `ProcessingFailed` with its original data when it is corrupt, when all its
 * events were set aside, or when the deadline left it unfinished; `Dropped` for a control message or a
 * record whose events were all skipped.
 *
 * @example
 * ```ts
 * transformRecord(record.recordId, record.data, { docs, setAside: [], unfinished: false }).result.result; // 'Ok'
 * ```
 */
export const transformRecord = (
  recordId: string,
  original: string,
  verdict: RecordVerdict,
  output: FirehoseOutput = 'ndjson',
): TransformedRecord => {
  const failed = (): FirehoseTransformationResultRecord => ({
    recordId,
    result: 'ProcessingFailed',
    data: original,
  });
  const base = { docs: verdict.docs, setAside: verdict.setAside, original };
  if (verdict.unfinished) return { ...base, result: failed() };
  if (output === 'document' && verdict.docs.length > 1)
    return { ...base, result: failed(), tooManyDocuments: true };
  if (verdict.docs.length > 0) {
    const data =
      output === 'document' ? documentBase64(verdict.docs[0] as PipelineDoc) : ndjsonBase64(verdict.docs);
    return { ...base, result: { recordId, result: 'Ok', data } };
  }
  if (verdict.setAside.length > 0) return { ...base, result: failed() };
  // Firehose discards a Dropped record's data, but its documentation asks for `data` on every record.
  return { ...base, result: { recordId, result: 'Dropped', data: original } };
};

/** Base64 of one document body, as Firehose's OpenSearch destination indexes a record. */
export const documentBase64 = (doc: PipelineDoc): string =>
  Buffer.from(JSON.stringify(doc.body), 'utf8').toString('base64');

/** Base64 of one JSON document body per line, each line ending in a newline. */
export const ndjsonBase64 = (docs: readonly PipelineDoc[]): string =>
  Buffer.from(docs.map((doc) => `${JSON.stringify(doc.body)}\n`).join(''), 'utf8').toString('base64');

/**
 * Keeps the response under `maxBytes` without truncating anything. When the transformed records
 * would not fit, the `Ok` results that grew the most over their input are turned back into
 * `ProcessingFailed` with their original data, largest first, until the rest fits: Firehose then
 * writes those records, intact, to the S3 error output (`processing-failed/`), from where they can
 * be re-driven. It always fits, because the input itself came within Lambda's 6 MB request limit
 * and Firehose buffers at most 3 MB per invocation.
 *
 * AWS's CloudWatch Logs processor blueprint instead re-ingests such records with PutRecordBatch and
 * marks them Dropped; that needs write access to the stream and risks loops, so it is left out here.
 *
 * @example
 * ```ts
 * const { records, overflowed } = fitResponse(transformed, 6_000_000); // overflowed: ['49590…']
 * ```
 */
export const fitResponse = (
  transformed: readonly TransformedRecord[],
  maxBytes: number,
): { records: FirehoseTransformationResultRecord[]; overflowed: string[] } => {
  const records = transformed.map((item) => item.result);
  const sizes = records.map(serializedSize);
  // `{"records":[` + the records joined by commas + `]}`
  let total = 14 + sizes.reduce((a, b) => a + b, 0) + Math.max(0, records.length - 1);
  if (total <= maxBytes) return { records, overflowed: [] };
  const candidates = transformed
    .map((item, index) => {
      const fallback: FirehoseTransformationResultRecord = {
        recordId: item.result.recordId,
        result: 'ProcessingFailed',
        data: item.original,
      };
      return { index, fallback, saving: (sizes[index] ?? 0) - serializedSize(fallback) };
    })
    .filter((candidate) => records[candidate.index]?.result === 'Ok' && candidate.saving > 0)
    .sort((a, b) => b.saving - a.saving || a.index - b.index);
  const overflowed: string[] = [];
  for (const candidate of candidates) {
    if (total <= maxBytes) break;
    records[candidate.index] = candidate.fallback;
    total -= candidate.saving;
    overflowed.push(candidate.fallback.recordId);
  }
  return { records, overflowed };
};

const serializedSize = (record: FirehoseTransformationResultRecord): number =>
  Buffer.byteLength(JSON.stringify(record), 'utf8');

const countResults = (
  records: readonly FirehoseTransformationResultRecord[],
): Record<FirehoseRecordTransformationStatus, number> => {
  const counts = { Ok: 0, Dropped: 0, ProcessingFailed: 0 };
  for (const record of records) counts[record.result]++;
  return counts;
};

const logInvocation = (
  logger: Logger,
  stats: PipelineStats,
  transformed: readonly TransformedRecord[],
  results: Record<FirehoseRecordTransformationStatus, number>,
  overflowed: readonly string[],
): void => {
  const setAside = transformed.flatMap((item) => item.setAside);
  const summary = {
    ...stats.toJSON(),
    results,
    overflowed,
  };
  if (setAside.length === 0 && overflowed.length === 0) {
    logger.info('Firehose records transformed.', summary);
    return;
  }
  logger.warn('Firehose records transformed; some were set aside or did not fit the response.', {
    ...summary,
    setAside: setAside.slice(0, SET_ASIDE_LOGGED).map((item) => ({
      recordId: item.origin.recordId,
      stage: item.stage,
      code: item.code,
      reason: excerpt(item.reason),
      // A decode failure's raw record is in the ProcessingFailed output already; an event is not, but only
      // its id and a bounded excerpt of its message are logged: the whole event is in the set-aside output.
      ...(typeof item.raw !== 'string' && {
        event: { id: item.raw.id, timestamp: item.raw.timestamp, message: excerpt(item.raw.message) },
        logGroup: item.source?.logGroup,
      }),
    })),
  });
};

const SERVICE = 'cwlpipe-firehose';

/**
 * The Firehose handler's dependencies from the environment (`CWLPIPE_CONFIG` or `CWLPIPE_CONFIG_FILE`,
 * `CWLPIPE_FIREHOSE_MAX_RESPONSE_BYTES`); it sends nothing anywhere itself, Firehose delivers.
 *
 * @example
 * ```ts
 * const deps = firehoseDepsFromEnv({ CWLPIPE_CONFIG: '{"logGroups":[{"pattern":"/vpc/*","type":"vpcflow"}]}' });
 * ```
 */
export const firehoseDepsFromEnv = (env: NodeJS.ProcessEnv = process.env): FirehoseHandlerDeps => {
  const settings = consumerEnv(env);
  return {
    pipeline: new Pipeline(settings.pipeline),
    maxResponseBytes: settings.firehoseMaxResponseBytes,
    output: settings.firehoseOutput,
    safetyMarginMs: settings.safetyMarginMs,
    logger: new Logger({ serviceName: env.POWERTOOLS_SERVICE_NAME ?? SERVICE }),
    metrics: new Metrics({
      namespace: env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
      serviceName: env.POWERTOOLS_SERVICE_NAME ?? SERVICE,
    }),
  };
};
