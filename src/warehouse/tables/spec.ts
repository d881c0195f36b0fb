import type { LogType } from '../../core';

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
