import type { QueryClause, TableSpec } from './spec';

const INVOCATION_RECORDS = ['REPORT', 'platform.report'];
// An invocation is its report: a REPORT line (text log format) or a platform.report record (JSON).
const invocation: QueryClause = { terms: { 'lambda.record_type': INVOCATION_RECORDS } };

/** The Lambda tables: invocations per minute, and the duration histogram the percentile views read. */
export const LAMBDA_TABLES: readonly TableSpec[] = [
  {
    name: 'lambda_minute',
    description: 'Lambda invocations per event minute, function and version (from REPORT lines).',
    source: { kind: 'logType', type: 'lambda' },
    dimensions: [
      { column: 'function_name', field: 'lambda.function_name' },
      { column: 'version', field: 'lambda.version' },
    ],
    metrics: [
      {
        column: 'invocations',
        kind: 'count_where',
        where: invocation,
        description: 'Invocations: REPORT (text) or platform.report (JSON) records.',
      },
      {
        column: 'errors',
        kind: 'count_where',
        where: {
          bool: {
            filter: [invocation, { exists: { field: 'lambda.status' } }],
            must_not: [{ term: { 'lambda.status': 'success' } }],
          },
        },
        description: 'Invocations whose report has a status other than success (error, failure, timeout).',
      },
      {
        column: 'timeouts',
        kind: 'count_where',
        where: { bool: { filter: [invocation, { term: { 'lambda.status': 'timeout' } }] } },
        description: 'Invocations whose report says timeout.',
      },
      {
        column: 'cold_starts',
        kind: 'count_where',
        where: { term: { 'lambda.cold_start': true } },
        description: 'Invocations with an init phase (Init Duration on their report).',
      },
      {
        column: 'duration_ms_sum',
        kind: 'sum',
        field: 'lambda.duration_ms',
        description: 'Duration, summed.',
      },
      {
        column: 'duration_ms_min',
        kind: 'min',
        field: 'lambda.duration_ms',
        description: 'Shortest duration.',
      },
      {
        column: 'duration_ms_max',
        kind: 'max',
        field: 'lambda.duration_ms',
        description: 'Longest duration.',
      },
      {
        column: 'billed_duration_ms_sum',
        kind: 'sum',
        field: 'lambda.billed_duration_ms',
        description: 'Billed duration, summed.',
      },
      {
        column: 'max_memory_used_mb',
        kind: 'max',
        field: 'lambda.max_memory_used_mb',
        description: 'The most memory any invocation used.',
      },
    ],
  },
  {
    name: 'lambda_duration_histogram_minute',
    description:
      'Lambda durations per event minute, function and version in fixed log-scale buckets (each 2^(1/4) wide): the percentile views read it.',
    source: { kind: 'logType', type: 'lambda' },
    filter: invocation,
    dimensions: [
      { column: 'function_name', field: 'lambda.function_name' },
      { column: 'version', field: 'lambda.version' },
    ],
    metrics: [],
    histogram: { field: 'lambda.duration_ms' },
  },
];
