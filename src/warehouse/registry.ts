import { WarehouseError } from './errors';
import type { Warehouse } from './warehouse';

/**
 * How a warehouse joins the registry: its name and how it is built from the environment.
 *
 * @example
 * ```ts
 * const registration: WarehouseRegistration = { id: 'duckdb', create: (env) => DuckDbWarehouse.open(duckDbConfigFromEnv(env)) };
 * ```
 */
export interface WarehouseRegistration {
  readonly id: string;
  create(env: NodeJS.ProcessEnv): Promise<Warehouse>;
}

/**
 * Every warehouse, one line each. Each is loaded only when chosen: DuckDB is a native module that a
 * BigQuery-only Lambda bundle leaves out (marked external), and the BigQuery client is large.
 */
export const WAREHOUSES: readonly WarehouseRegistration[] = [
  {
    id: 'duckdb',
    create: async (env) => {
      const [{ DuckDbWarehouse }, { duckDbConfigFromEnv }] = await Promise.all([
        import('./duckdb/warehouse'),
        import('./duckdb/config'),
      ]);
      return DuckDbWarehouse.open(duckDbConfigFromEnv(env));
    },
  },
  {
    id: 'bigquery',
    create: async (env) => {
      const [{ BigQueryWarehouse }, { bigQueryConfigFromEnv }] = await Promise.all([
        import('./bigquery/warehouse'),
        import('./bigquery/config'),
      ]);
      return BigQueryWarehouse.create(await bigQueryConfigFromEnv(env));
    },
  },
];

/**
 * The warehouse named (or `CWLPIPE_WAREHOUSE`, default `duckdb`), built from the environment.
 *
 * @example
 * ```ts
 * const warehouse = await warehouseFromEnv({ CWLPIPE_WAREHOUSE: 'bigquery', CWLPIPE_BIGQUERY_PROJECT: 'my-project' });
 * ```
 */
export const warehouseFromEnv = async (
  env: NodeJS.ProcessEnv = process.env,
  name?: string,
): Promise<Warehouse> => {
  const id = name?.trim() || env.CWLPIPE_WAREHOUSE?.trim() || 'duckdb';
  const registration = WAREHOUSES.find((candidate) => candidate.id === id);
  if (registration === undefined) {
    throw new WarehouseError(
      'warehouse_unknown',
      `There is no warehouse named "${id}" (CWLPIPE_WAREHOUSE or --warehouse); known: ${WAREHOUSES.map((w) => w.id).join(', ')}.`,
    );
  }
  return registration.create(env);
};
