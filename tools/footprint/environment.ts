import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kinesisBatch } from './kinesis-batch';

/** What a function's environment holds at import, enough for each handler to build itself. */
export const importEnv = (url: string): NodeJS.ProcessEnv => ({
  OPENSEARCH_URL: url,
  CWLPIPE_WAREHOUSE: 'bigquery',
  CWLPIPE_BIGQUERY_PROJECT: 'footprint',
  CWLPIPE_BIGQUERY_DATASET: 'footprint',
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});

/** A batch run's environment: the import's, delivering to `url`, with quiet logs. */
export const batchEnv = (url: string): NodeJS.ProcessEnv => ({
  ...importEnv(url),
  POWERTOOLS_METRICS_NAMESPACE: 'cwlpipe',
  POWERTOOLS_LOG_LEVEL: 'WARN',
});

/** The small batch of the cold first batch: 10 VPC records of 10 events, as a quiet stream's first. */
export const FIRST_BATCH = { type: 'vpcflow', records: 10, eventsPerRecord: 10 } as const;

/**
 * Writes the cold first batch's Kinesis event to `eventPath` and says what it holds.
 *
 * @example
 * ```ts
 * writeFirstBatch('/tmp/first-batch.json'); // 'one batch of 10 vpcflow records, 100 events'
 * ```
 */
export const writeFirstBatch = (eventPath: string): string => {
  const batch = kinesisBatch(FIRST_BATCH.type, FIRST_BATCH.records, FIRST_BATCH.eventsPerRecord);
  writeFileSync(eventPath, batch.json);
  return `one batch of ${batch.records} ${FIRST_BATCH.type} records, ${batch.events} events`;
};

/** The cold first-batch event and result files in `work`. */
export const firstBatchPaths = (work: string): { eventPath: string; resultPath: string } => ({
  eventPath: join(work, 'first-batch-event.json'),
  resultPath: join(work, 'first-batch-result.json'),
});
