import type { TableRows } from './tables';

/**
 * One recomputation to write: every table's rows for a set of minutes. Writing replaces those minutes
 * whole (rows of a minute that are no longer produced disappear), so writing the same thing twice
 * leaves one answer. `computedAtMs` is when the aggregation started reading: a warehouse keeps, per
 * minute, the newest computation, so an older concurrent sync that finishes last cannot overwrite it.
 *
 * @example
 * ```ts
 * const write: WindowWrite = { computedAtMs: Date.now(), syncId: 's-1', minutes: [1714564800000], rows };
 * ```
 */
export interface WindowWrite {
  readonly computedAtMs: number;
  readonly syncId: string;
  readonly minutes: readonly number[];
  readonly rows: TableRows;
}

/** What a write did: minutes replaced, and minutes left alone because a newer computation holds them. */
export interface WriteOutcome {
  readonly replaced: number;
  readonly keptNewer: number;
}

/** A query result: column names and rows of JSON-friendly values. */
export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

/** What a backup did: the copies made and the old ones deleted. */
export interface BackupReport {
  readonly created: readonly string[];
  readonly deleted: readonly string[];
}

/**
 * A warehouse the aggregates are mirrored into (DuckDB, BigQuery). Each owns its schema, its writes and
 * the sync watermark, which it stores itself so the watermark and the data live and die together.
 *
 * @example
 * ```ts
 * const warehouse = await createWarehouse('duckdb');
 * await warehouse.ensureSchema();
 * await warehouse.query('SELECT * FROM lambda_percentiles_minute LIMIT 5');
 * ```
 */
export interface Warehouse {
  /** `duckdb`, `bigquery`. */
  readonly id: string;
  /** Where it is, for messages (`DuckDB file ./cwlpipe.duckdb`). */
  readonly label: string;
  /** Creates the tables and views that are missing; safe to run every time. */
  ensureSchema(): Promise<void>;
  /** The time up to which every indexed document has been folded in, or undefined before the first sync. */
  readWatermark(): Promise<number | undefined>;
  writeWindows(write: WindowWrite): Promise<WriteOutcome>;
  /** Moves the watermark forward (never back); called only after every write of a sync succeeded. */
  advanceWatermark(toMs: number, syncId: string): Promise<void>;
  query(sql: string): Promise<QueryResult>;
  /** Copies each table to `<table>_backup_<yyyymmdd>` and deletes all but the newest `retain` copies. */
  backup(options: { readonly retain: number; readonly day: Date }): Promise<BackupReport>;
  close(): Promise<void>;
}
