import { type ColumnType, columnsOf, type TableSpec } from '../tables';
import type { SqlDialect } from '../views';

/** DuckDB's names for the warehouse column types. */
export const DUCKDB_TYPES: Readonly<Record<ColumnType, string>> = {
  TIMESTAMP: 'TIMESTAMP',
  STRING: 'VARCHAR',
  INT64: 'BIGINT',
  FLOAT64: 'DOUBLE',
};

/** A DuckDB identifier, quoted. */
export const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

export const DUCKDB_DIALECT: SqlDialect = {
  ref: quote,
  epochMillis: (expression) => `epoch_ms(${expression})`,
};

/** Per minute: which computation holds it (the newest wins), so concurrent syncs cannot go backwards. */
export const WINDOWS_TABLE = '_cwlpipe_windows';
/** The sync watermark, one row. */
export const STATE_TABLE = '_cwlpipe_sync_state';

/**
 * The `CREATE TABLE IF NOT EXISTS` of one warehouse table.
 *
 * @example
 * ```ts
 * createTableSql(TABLES[0]); // 'CREATE TABLE IF NOT EXISTS "vpc_flows_minute" ("minute" TIMESTAMP, "log_group" VARCHAR, …)'
 * ```
 */
export const createTableSql = (spec: TableSpec): string =>
  `CREATE TABLE IF NOT EXISTS ${quote(spec.name)} (${columnsOf(spec)
    .map((column) => `${quote(column.name)} ${DUCKDB_TYPES[column.type]}`)
    .join(', ')})`;

export const BOOKKEEPING_SQL = [
  `CREATE TABLE IF NOT EXISTS ${quote(WINDOWS_TABLE)} (minute TIMESTAMP PRIMARY KEY, computed_at TIMESTAMP NOT NULL, sync_id VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ${quote(STATE_TABLE)} (name VARCHAR PRIMARY KEY, watermark TIMESTAMP NOT NULL, sync_id VARCHAR NOT NULL, updated_at TIMESTAMP NOT NULL)`,
];
