// The warehouse floor as others see it: the sync, the registry, the tables and views.

import { warehouseFromEnv } from './registry';
import { searchSourceFromEnv } from './source';
import { DEFAULT_LOOKBACK_MS, runSync, type SyncOptions, type SyncReport } from './sync';

export type { SearchSource } from './aggregate';
export { backupName, expiredBackups } from './backup';
export { WarehouseError, WarehouseRejectedError, WarehouseUnavailableError } from './errors';
export { WAREHOUSES, type WarehouseRegistration, warehouseFromEnv } from './registry';
export { searchSourceFromEnv } from './source';
export { DEFAULT_LOOKBACK_MS, runSync, type SyncOptions, type SyncReport } from './sync';
export { columnsOf, TABLES, type TableSpec } from './tables';
export { VIEWS } from './views';
export type { BackupReport, QueryResult, Warehouse } from './warehouse';

/**
 * Syncs the warehouse named by `CWLPIPE_WAREHOUSE` (default DuckDB) from the destination's cluster: the
 * changed minutes, or with `from`/`to` every minute of that range (what a backfill calls once it has
 * indexed a range). Opens and closes everything it uses.
 *
 * @example
 * ```ts
 * await syncWarehouse({ from: new Date('2024-05-01T00:00:00Z'), to: new Date('2024-05-02T00:00:00Z') });
 * ```
 */
export const syncWarehouse = async (
  options: { from?: Date; to?: Date; env?: NodeJS.ProcessEnv; log?: (line: string) => void } = {},
): Promise<SyncReport> => {
  const env = options.env ?? process.env;
  const warehouse = await warehouseFromEnv(env);
  const { source, close } = searchSourceFromEnv(env);
  try {
    const lookback = Number(env.CWLPIPE_WAREHOUSE_LOOKBACK_SECONDS);
    const syncOptions: SyncOptions = {
      ...(options.from && { fromMs: options.from.getTime() }),
      ...(options.to && { toMs: options.to.getTime() }),
      lookbackMs: Number.isFinite(lookback) && lookback > 0 ? lookback * 1000 : DEFAULT_LOOKBACK_MS,
      ...(options.log && { log: options.log }),
    };
    return await runSync(warehouse, source, syncOptions);
  } finally {
    await warehouse.close();
    await close();
  }
};
