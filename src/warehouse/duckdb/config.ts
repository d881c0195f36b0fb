import { resolve } from 'node:path';

/** Where the embedded warehouse lives unless `CWLPIPE_DUCKDB_PATH` says otherwise. */
export const DEFAULT_DUCKDB_PATH = '.cwlpipe/warehouse.duckdb';

export interface DuckDbConfig {
  /** The database file (`:memory:` for a throw-away one). */
  readonly path: string;
}

/**
 * The DuckDB settings from the environment: `CWLPIPE_DUCKDB_PATH`, default `.cwlpipe/warehouse.duckdb`.
 *
 * @example
 * ```ts
 * duckDbConfigFromEnv({ CWLPIPE_DUCKDB_PATH: '/data/aggregates.duckdb' }).path; // '/data/aggregates.duckdb'
 * ```
 */
export const duckDbConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): DuckDbConfig => {
  const path = env.CWLPIPE_DUCKDB_PATH?.trim() || DEFAULT_DUCKDB_PATH;
  return { path: path === ':memory:' ? path : resolve(path) };
};
