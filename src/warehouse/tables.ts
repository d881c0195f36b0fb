import type { FieldType, LogType } from '../core';
import { FIELD_TABLE } from '../transformers';
import { WarehouseError } from './errors';

/** The column types both warehouses have (BigQuery's names; DuckDB maps them in its DDL). */
export type ColumnType = 'TIMESTAMP' | 'STRING' | 'INT64' | 'FLOAT64';

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly description: string;
}

/** A key of a table: one document field, grouped on exactly (composite `terms`, absent values as null). */
export interface Dimension {
  readonly column: string;
  readonly field: string;
}

/** An OpenSearch query clause, as JSON. */
export type QueryClause = Record<string, unknown>;

/**
 * A value of a table: a document count, a filtered count, or a sum/min/max of a numeric or date field.
 * A sum over no values is 0; a min or max over none is null.
 */
export type Metric =
  | { readonly column: string; readonly kind: 'count'; readonly description: string }
  | {
      readonly column: string;
      readonly kind: 'count_where';
      readonly where: QueryClause;
      readonly description: string;
    }
  | {
      readonly column: string;
      readonly kind: 'sum' | 'min' | 'max';
      readonly field: string;
      readonly description: string;
    };

/** Which indices a table is computed from. */
export type TableSource =
  | { readonly kind: 'logType'; readonly type: LogType }
  | { readonly kind: 'allLogTypes' }
  | { readonly kind: 'deadletter' };

/**
 * One warehouse table: per event minute and key, computed exactly from OpenSearch. Column types come
 * from the field table (the same rows the index templates are generated from), so the warehouse schema
 * cannot drift from the documents.
 *
 * @example
 * ```ts
 * const spec: TableSpec = { name: 'vpc_flows_minute', source: { kind: 'logType', type: 'vpcflow' }, dimensions: [{ column: 'action', field: 'vpc.action' }], metrics: [{ column: 'flows', kind: 'count', description: '…' }], description: '…' };
 * ```
 */
export interface TableSpec {
  readonly name: string;
  readonly description: string;
  readonly source: TableSource;
  /** Only documents matching this count. */
  readonly filter?: QueryClause;
  readonly dimensions: readonly Dimension[];
  readonly metrics: readonly Metric[];
  /** A fixed-bucket histogram of this field: one row per non-empty bucket (columns bucket, bucket_lower_ms, bucket_upper_ms, invocations). */
  readonly histogram?: { readonly field: string };
  /** Keep only the first rows per minute by this metric (computed from every row, so still exact). */
  readonly topPerMinute?: { readonly by: string; readonly limit: number };
}

const INVOCATION_RECORDS = ['REPORT', 'platform.report'];
const invocation: QueryClause = { terms: { 'lambda.record_type': INVOCATION_RECORDS } };

/** Fields the dead-letter index maps itself (its template is not generated from the field table). */
const DEADLETTER_FIELDS: Readonly<Record<string, FieldType>> = {
  '@timestamp': 'date',
  stage: 'keyword',
  code: 'keyword',
  connector: 'keyword',
};

/** Every warehouse table, one entry each; both warehouses create them from this list. */
export const TABLES: readonly TableSpec[] = [
  {
    name: 'vpc_flows_minute',
    description: 'VPC flow-log records per event minute, log group, action, protocol and flow direction.',
    source: { kind: 'logType', type: 'vpcflow' },
    dimensions: [
      { column: 'log_group', field: 'aws.log_group' },
      { column: 'action', field: 'vpc.action' },
      { column: 'protocol', field: 'vpc.protocol' },
      { column: 'flow_direction', field: 'vpc.flow_direction' },
    ],
    metrics: [
      { column: 'flows', kind: 'count', description: 'Flow-log records.' },
      { column: 'packets', kind: 'sum', field: 'vpc.packets', description: 'Packets, summed.' },
      { column: 'bytes', kind: 'sum', field: 'vpc.bytes', description: 'Bytes, summed.' },
    ],
  },
  {
    name: 'vpc_top_talkers_minute',
    description:
      'The 20 source/destination pairs with the most bytes per event minute. Exact: every pair of the minute is summed, then the top 20 kept (ties broken by address).',
    source: { kind: 'logType', type: 'vpcflow' },
    dimensions: [
      { column: 'srcaddr', field: 'vpc.srcaddr' },
      { column: 'dstaddr', field: 'vpc.dstaddr' },
    ],
    metrics: [
      { column: 'flows', kind: 'count', description: 'Flow-log records of the pair.' },
      { column: 'packets', kind: 'sum', field: 'vpc.packets', description: 'Packets of the pair.' },
      { column: 'bytes', kind: 'sum', field: 'vpc.bytes', description: 'Bytes of the pair.' },
    ],
    topPerMinute: { by: 'bytes', limit: 20 },
  },
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
  {
    name: 'cloudtrail_minute',
    description:
      'CloudTrail events per event minute, event source, name, error code, region and principal type.',
    source: { kind: 'logType', type: 'cloudtrail' },
    dimensions: [
      { column: 'event_source', field: 'cloudtrail.eventSource' },
      { column: 'event_name', field: 'cloudtrail.eventName' },
      { column: 'error_code', field: 'cloudtrail.errorCode' },
      { column: 'region', field: 'cloudtrail.awsRegion' },
      { column: 'principal_type', field: 'cloudtrail.userIdentity.type' },
    ],
    metrics: [
      { column: 'events', kind: 'count', description: 'Events.' },
      {
        column: 'failed_console_logins',
        kind: 'count_where',
        where: {
          bool: {
            filter: [{ term: { 'cloudtrail.eventName': 'ConsoleLogin' } }],
            should: [
              { term: { 'cloudtrail.response.consoleLogin': 'Failure' } },
              { exists: { field: 'cloudtrail.errorMessage' } },
            ],
            minimum_should_match: 1,
          },
        },
        description:
          'ConsoleLogin events that failed (responseElements.ConsoleLogin Failure, or an error message).',
      },
      {
        column: 'root_events',
        kind: 'count_where',
        where: { term: { 'cloudtrail.userIdentity.type': 'Root' } },
        description: 'Events by the account root user.',
      },
    ],
  },
  {
    name: 'pipeline_documents_minute',
    description:
      'Documents indexed per event minute, type and log group, with when the first and last arrived.',
    source: { kind: 'allLogTypes' },
    dimensions: [
      { column: 'doc_type', field: '@type' },
      { column: 'log_group', field: 'aws.log_group' },
    ],
    metrics: [
      { column: 'documents', kind: 'count', description: 'Documents.' },
      {
        column: 'first_ingested',
        kind: 'min',
        field: '@ingested',
        description: 'When cwlpipe processed the first.',
      },
      {
        column: 'last_ingested',
        kind: 'max',
        field: '@ingested',
        description: 'When cwlpipe processed the last.',
      },
    ],
  },
  {
    name: 'pipeline_deadletters_minute',
    description: 'Dead letters per minute they were written, stage, reason code and connector.',
    source: { kind: 'deadletter' },
    dimensions: [
      { column: 'stage', field: 'stage' },
      { column: 'code', field: 'code' },
      { column: 'connector', field: 'connector' },
    ],
    metrics: [{ column: 'letters', kind: 'count', description: 'Dead letters.' }],
  },
];

/** Every table's time column: the start of its event minute (UTC). */
export const MINUTE_COLUMN = 'minute';

const columnTypeOf = (type: FieldType, where: string): ColumnType => {
  switch (type) {
    case 'keyword':
    case 'ip':
      return 'STRING';
    case 'long':
      return 'INT64';
    case 'double':
      return 'FLOAT64';
    case 'date':
      return 'TIMESTAMP';
    default:
      throw new WarehouseError(
        'warehouse_schema_invalid',
        `${where} has type ${type}, which the warehouse does not group or sum; use a keyword, ip, long, double or date field.`,
      );
  }
};

const fieldTypeOf = (spec: TableSpec, field: string): FieldType => {
  const type =
    spec.source.kind === 'deadletter'
      ? DEADLETTER_FIELDS[field]
      : FIELD_TABLE.find((row) => row.name === field)?.type;
  if (type === undefined) {
    throw new WarehouseError(
      'warehouse_schema_invalid',
      `Table ${spec.name} names ${field}, which the field table does not have.`,
    );
  }
  return type;
};

/**
 * The columns of a table, in order: minute, the dimensions, then the metrics (or the histogram's).
 *
 * @example
 * ```ts
 * columnsOf(TABLES[0]).map((column) => `${column.name} ${column.type}`);
 * // ['minute TIMESTAMP', 'log_group STRING', 'action STRING', 'protocol INT64', 'flow_direction STRING', 'flows INT64', 'packets INT64', 'bytes INT64']
 * ```
 */
export const columnsOf = (spec: TableSpec): Column[] => [
  { name: MINUTE_COLUMN, type: 'TIMESTAMP', description: 'Start of the event minute (UTC).' },
  ...spec.dimensions.map((dimension) => ({
    name: dimension.column,
    type: columnTypeOf(fieldTypeOf(spec, dimension.field), `${spec.name}.${dimension.column}`),
    description: `The document field ${dimension.field}; null when absent.`,
  })),
  ...spec.metrics.map((metric): Column => {
    if (metric.kind === 'count' || metric.kind === 'count_where') {
      return { name: metric.column, type: 'INT64', description: metric.description };
    }
    const type = columnTypeOf(fieldTypeOf(spec, metric.field), `${spec.name}.${metric.column}`);
    return { name: metric.column, type, description: metric.description };
  }),
  ...(spec.histogram === undefined
    ? []
    : [
        { name: 'bucket', type: 'INT64', description: 'Bucket number (0 = under 1 ms).' } as const,
        { name: 'bucket_lower_ms', type: 'FLOAT64', description: 'Inclusive lower bound.' } as const,
        {
          name: 'bucket_upper_ms',
          type: 'FLOAT64',
          description: 'Exclusive upper bound; null for the last.',
        } as const,
        { name: 'invocations', type: 'INT64', description: 'Invocations in the bucket.' } as const,
      ]),
];

/** A row as the aggregation produces it: column name to value (minute as epoch ms, times as epoch ms). */
export type Row = Record<string, string | number | null>;

/** The tables' rows of one recomputation, by table name. */
export type TableRows = ReadonlyMap<string, readonly Row[]>;
