import type { FieldType } from '../../core';
import { FIELD_TABLE } from '../../transformers';
import { WarehouseError } from '../errors';
import { CLOUDTRAIL_TABLES } from './cloudtrail';
import { LAMBDA_TABLES } from './lambda';
import { PIPELINE_TABLES } from './pipeline';
import type { Column, ColumnType, TableSpec } from './spec';
import { VPCFLOW_TABLES } from './vpcflow';

export type { Column, ColumnType, Dimension, Metric, QueryClause, TableSource, TableSpec } from './spec';

/** Fields the dead-letter index maps itself (its template is not generated from the field table). */
const DEADLETTER_FIELDS: Readonly<Record<string, FieldType>> = {
  '@timestamp': 'date',
  stage: 'keyword',
  code: 'keyword',
  connector: 'keyword',
};

/**
 * Every warehouse table, one file per log type that has some (a log type needs none: the pipeline's
 * tables count every type's documents); both warehouses create them from this list.
 */
export const TABLES: readonly TableSpec[] = [
  ...VPCFLOW_TABLES,
  ...LAMBDA_TABLES,
  ...CLOUDTRAIL_TABLES,
  ...PIPELINE_TABLES,
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
