import { formatCounts, sumCounts } from '../../pipeline';
import type { SliceCounts } from './types';

/** A slice that did not finish: the next run of the same command redoes it. */
export interface FailedSlice {
  readonly id: string;
  readonly label: string;
  readonly reason: string;
}

/** The warehouse minutes recomputed after the backfill, or why that failed. */
export interface WarehouseResync {
  readonly from: number;
  readonly to: number;
  readonly windows: number;
  readonly error?: string;
}

/** Everything a backfill did, for people (`formatBackfillReport`) and machines (`--report file.json`). */
export interface BackfillReport {
  readonly dryRun: boolean;
  readonly slices: {
    readonly total: number;
    readonly done: number;
    /** Done by an earlier, interrupted run of the same backfill (their counts are in the totals). */
    readonly resumed: number;
    readonly failed: readonly FailedSlice[];
  };
  /** Every finished slice's counts, this run's and the earlier runs'. */
  readonly totals: SliceCounts;
  /** The part of the totals done by earlier runs. */
  readonly earlierRuns: SliceCounts;
  readonly warehouse?: WarehouseResync;
  readonly elapsedMs: number;
}

/** Whether the run did everything it was asked: every slice done and the warehouse (if any) re-synced. */
export const backfillSucceeded = (report: BackfillReport): boolean =>
  report.slices.failed.length === 0 && report.warehouse?.error === undefined;

/**
 * The report as a person reads it.
 *
 * @example
 * ```ts
 * process.stdout.write(formatBackfillReport(report));
 * ```
 */
export const formatBackfillReport = (report: BackfillReport): string => {
  const { totals, slices } = report;
  const seconds = Math.max(report.elapsedMs / 1000, 0.001);
  const lines = [
    report.dryRun ? 'Backfill dry run: nothing was sent.' : 'Backfill',
    `slices: ${slices.done} of ${slices.total} done${slices.resumed > 0 ? ` (${slices.resumed} by an earlier run)` : ''}${slices.failed.length > 0 ? `, ${slices.failed.length} failed` : ''}`,
    `events read: ${totals.events}${report.dryRun ? '' : ` (${Math.round((totals.events - report.earlierRuns.events) / seconds)} events/s this run)`}`,
  ];
  if (!report.dryRun) {
    lines.push(
      `indexed: ${totals.indexed}`,
      `already present: ${totals.alreadyPresent}`,
      `set aside: ${sumCounts(totals.setAside)}${formatCounts(totals.setAside)}`,
      `skipped: ${sumCounts(totals.skipped)}${formatCounts(totals.skipped)}`,
      `dead-lettered: ${sumCounts(totals.deadLettered)}${formatCounts(totals.deadLettered)}`,
    );
    const { warehouse } = report;
    if (warehouse === undefined) lines.push('warehouse: nothing to re-sync');
    else {
      const range = `${new Date(warehouse.from).toISOString()}..${new Date(warehouse.to).toISOString()}`;
      lines.push(
        warehouse.error === undefined
          ? `warehouse: ${warehouse.windows} minute(s) re-synced (${range})`
          : `warehouse: the re-sync of ${range} failed (${warehouse.error}); run: cwlpipe warehouse sync --from ${new Date(warehouse.from).toISOString()} --to ${new Date(warehouse.to).toISOString()}`,
      );
    }
  }
  for (const slice of slices.failed) lines.push(`failed: ${slice.label}: ${slice.reason}`);
  if (slices.failed.length > 0)
    lines.push('Run the same command again: it redoes only the slices not done, duplicating nothing.');
  return `${lines.join('\n')}\n`;
};
