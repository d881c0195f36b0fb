import { withSecretCredentials } from '../connectors';
import { ConfigError } from '../core';
import { syncWarehouse, warehouseFromEnv } from '../warehouse';

/**
 * What the schedule sends: `sync` every minute (the changed minutes), `backup` once a day. A backfill may
 * send `sync` with `from`/`to` (ISO 8601) to recompute a range.
 *
 * @example
 * ```ts
 * const event: WarehouseEvent = { action: 'backup', retain: 14 };
 * ```
 */
export interface WarehouseEvent {
  readonly action: 'sync' | 'backup';
  readonly from?: string;
  readonly to?: string;
  /** Backups kept per table (default `CWLPIPE_WAREHOUSE_BACKUP_RETAIN`, else 7). */
  readonly retain?: number;
}

const DEFAULT_RETAIN = 7;

const timeOf = (text: string | undefined, name: string): Date | undefined => {
  if (text === undefined) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime()))
    throw new ConfigError('event_invalid', `The event's ${name} "${text}" is not an ISO 8601 time.`);
  return date;
};

/**
 * The warehouse Lambda: syncs the aggregates (`CWLPIPE_WAREHOUSE`, in AWS `bigquery`) from the
 * destination's cluster, or backs them up. A failed sync throws, so the invocation fails and the
 * schedule's next run picks the same minutes up (the watermark did not move).
 *
 * @example
 * ```ts
 * await handler({ action: 'sync' }); // { mode: 'changed', windows: 3, … }
 * ```
 */
export const handler = async (event: WarehouseEvent): Promise<unknown> => {
  const log = (line: string) => process.stdout.write(`${JSON.stringify({ level: 'INFO', message: line })}\n`);
  switch (event?.action) {
    case 'sync': {
      const from = timeOf(event.from, 'from');
      const to = timeOf(event.to, 'to');
      const env = await withSecretCredentials(process.env);
      const report = await syncWarehouse({ ...(from && { from }), ...(to && { to }), env, log });
      log(`warehouse sync: ${JSON.stringify(report)}`);
      return report;
    }
    case 'backup': {
      const retain = event.retain ?? Number(process.env.CWLPIPE_WAREHOUSE_BACKUP_RETAIN ?? DEFAULT_RETAIN);
      if (!Number.isInteger(retain) || retain < 1) {
        throw new ConfigError(
          'event_invalid',
          `The backup retention must be a whole number ≥ 1, not ${retain}.`,
        );
      }
      const warehouse = await warehouseFromEnv();
      try {
        await warehouse.ensureSchema();
        const report = await warehouse.backup({ retain, day: new Date() });
        log(`warehouse backup: ${JSON.stringify(report)}`);
        return report;
      } finally {
        await warehouse.close();
      }
    }
    default:
      throw new ConfigError(
        'event_invalid',
        `The warehouse function takes { "action": "sync" } or { "action": "backup" }, not ${JSON.stringify(event)}.`,
      );
  }
};
