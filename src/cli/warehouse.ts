import type { Command } from 'commander';
import { ConfigError } from '../core';
import { type SyncReport, syncWarehouse, warehouseFromEnv } from '../warehouse';
import { positiveInt, withDestination } from './options';
import { formatTable } from './print-table';

interface WarehouseOptions {
  warehouse?: string;
}

/** How many daily backups of each table are kept unless `--retain` says otherwise. */
export const DEFAULT_BACKUP_RETENTION = 7;

/** `cwlpipe warehouse sync|query|backup`: the per-minute aggregates in DuckDB or BigQuery. */
export const registerWarehouse = (program: Command): void => {
  const command = program
    .command('warehouse')
    .description(
      'Per-minute aggregates mirrored from OpenSearch into DuckDB (default, CWLPIPE_DUCKDB_PATH) or BigQuery (CWLPIPE_WAREHOUSE=bigquery).',
    );
  const withWarehouse = (sub: Command): Command =>
    sub
      .option('--warehouse <name>', 'duckdb or bigquery (default: CWLPIPE_WAREHOUSE, else duckdb)')
      .hook('preAction', (_program, action) => {
        const name = action.opts<WarehouseOptions>().warehouse;
        if (name !== undefined) process.env.CWLPIPE_WAREHOUSE = name;
      });

  withWarehouse(withDestination(command.command('sync')))
    .description(
      'Recompute the minutes that changed since the last sync (or every minute of --from..--to) with exact aggregations, and replace them in the warehouse.',
    )
    .option('--from <time>', 'recompute from this time (ISO 8601, e.g. 2024-05-01 or 2024-05-01T12:00Z)')
    .option('--to <time>', 'recompute up to this time, exclusive')
    .action(async (options: { from?: string; to?: string }) => {
      const report = await syncWarehouse({
        ...(options.from !== undefined && { from: parseTime(options.from, '--from') }),
        ...(options.to !== undefined && { to: parseTime(options.to, '--to') }),
      });
      process.stdout.write(describeSync(report));
    });

  withWarehouse(command.command('query'))
    .description('Run one SQL statement in the warehouse and print the result as a table.')
    .argument(
      '<sql>',
      'the statement, e.g. "SELECT * FROM lambda_percentiles_minute ORDER BY minute DESC LIMIT 10"',
    )
    .action(async (sql: string) => {
      const warehouse = await warehouseFromEnv();
      try {
        await warehouse.ensureSchema();
        const result = await warehouse.query(sql);
        process.stdout.write(formatTable(result.columns, result.rows));
        process.stdout.write(`(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})\n`);
      } finally {
        await warehouse.close();
      }
    });

  withWarehouse(command.command('backup'))
    .description(
      'Copy every table to <table>_backup_<yyyymmdd> (UTC today) and delete all but the newest --retain copies.',
    )
    .option('--retain <n>', 'how many dated copies of each table to keep', String(DEFAULT_BACKUP_RETENTION))
    .action(async (options: { retain: string }) => {
      const retain = positiveInt(options.retain, '--retain');
      const warehouse = await warehouseFromEnv();
      try {
        await warehouse.ensureSchema();
        const report = await warehouse.backup({ retain, day: new Date() });
        process.stdout.write(
          `${warehouse.label}: ${report.created.length} backup(s) written (${report.created.join(', ')}); ${report.deleted.length} old backup(s) deleted${report.deleted.length > 0 ? ` (${report.deleted.join(', ')})` : ''}.\n`,
        );
      } finally {
        await warehouse.close();
      }
    });
};

/**
 * A time option: an ISO 8601 date or date-time (UTC unless it says otherwise).
 *
 * @example
 * ```ts
 * parseTime('2024-05-01', '--from').toISOString(); // '2024-05-01T00:00:00.000Z'
 * ```
 */
export const parseTime = (text: string, option: string): Date => {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? `${text}Z` : text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(ms)) {
    throw new ConfigError(
      'option_invalid',
      `${option} must be an ISO 8601 date or time such as 2024-05-01T12:00Z, not "${text}".`,
    );
  }
  return new Date(ms);
};

/**
 * A sync report as lines for a person.
 *
 * @example
 * ```ts
 * describeSync({ mode: 'changed', windows: 2, replaced: 2, keptNewer: 0, rows: { lambda_minute: 3 }, watermarkAfter: 0 });
 * ```
 */
export const describeSync = (report: SyncReport): string => {
  const rows = Object.entries(report.rows)
    .map(([table, count]) => `${table} ${count}`)
    .join(', ');
  const watermark =
    report.watermarkAfter === undefined
      ? 'watermark unchanged (range sync)'
      : `watermark ${new Date(report.watermarkAfter).toISOString()}`;
  return `Recomputed ${report.windows} minute(s) (${report.replaced} replaced, ${report.keptNewer} already newer); rows: ${rows}; ${watermark}.\n`;
};
