import { STEPS_PER_DOUBLING } from './histogram';

/** How a warehouse names a table in SQL, and turns a TIMESTAMP into epoch milliseconds. */
export interface SqlDialect {
  readonly ref: (name: string) => string;
  readonly epochMillis: (expression: string) => string;
}

export interface ViewSpec {
  readonly name: string;
  readonly description: string;
  readonly sql: (dialect: SqlDialect) => string;
}

const PERCENTILES = [
  ['p50_ms', 0.5],
  ['p95_ms', 0.95],
  ['p99_ms', 0.99],
] as const;

/**
 * The views both warehouses define over the tables (one SQL text, written in the subset BigQuery and
 * DuckDB share).
 *
 * - `lambda_percentiles_minute`: p50/p95/p99 per minute, function and version from the histogram, by
 *   nearest rank: the upper bound of the first bucket whose running count reaches ⌈p·n⌉. The exact
 *   percentile lies in that bucket, so the view is at most one bucket width (×2^(1/4)) above it.
 * - `pipeline_lag_minute`: how long after each minute closed its first and last documents were processed.
 *
 * @example
 * ```ts
 * VIEWS[0].sql({ ref: (name) => `"${name}"`, epochMillis: (e) => `epoch_ms(${e})` });
 * ```
 */
export const VIEWS: readonly ViewSpec[] = [
  {
    name: 'lambda_percentiles_minute',
    description:
      'Lambda duration p50/p95/p99 per minute, function and version, from the fixed-bucket histogram.',
    sql: (dialect) => `SELECT minute, function_name, version, MAX(total) AS invocations,
${PERCENTILES.map(
  ([column, p]) =>
    `  MIN(CASE WHEN running >= CEIL(${p} * total) THEN POWER(2, bucket / ${STEPS_PER_DOUBLING}.0) END) AS ${column}`,
).join(',\n')}
FROM (
  SELECT minute, function_name, version, bucket,
    SUM(invocations) OVER (PARTITION BY minute, function_name, version ORDER BY bucket) AS running,
    SUM(invocations) OVER (PARTITION BY minute, function_name, version) AS total
  FROM ${dialect.ref('lambda_duration_histogram_minute')}
) AS h
GROUP BY minute, function_name, version`,
  },
  {
    name: 'pipeline_lag_minute',
    description:
      'Seconds from the end of each event minute to when its first and last documents were processed.',
    sql: (dialect) => `SELECT minute, doc_type, log_group, documents,
  (${dialect.epochMillis('first_ingested')} - ${dialect.epochMillis('minute')} - 60000) / 1000.0 AS first_lag_seconds,
  (${dialect.epochMillis('last_ingested')} - ${dialect.epochMillis('minute')} - 60000) / 1000.0 AS last_lag_seconds
FROM ${dialect.ref('pipeline_documents_minute')}`,
  },
];
