import { randomUUID } from 'node:crypto';
import { aggregateWindows, changedMinutes, type SearchSource } from './aggregate';
import { WarehouseError } from './errors';
import { TABLES, type TableSpec } from './tables';
import type { Warehouse } from './warehouse';
import { chunksOf, minutesBetween } from './windows';

/**
 * How far behind the watermark a sync looks again, by default. A document becomes visible to search up
 * to one refresh interval (1 s by default) after it was indexed, and without the ingest pipeline its
 * `@ingested` is the time cwlpipe processed it, which precedes indexing by at most the longest delivery:
 * a Lambda invocation (15 minutes at most) or a poller batch, bulk retries included. 15 minutes for the
 * delivery plus one minute for the refresh and for clocks that disagree a little.
 */
export const DEFAULT_LOOKBACK_MS = 16 * 60_000;

/** Minutes written per transaction: bounded memory and request sizes for long backfills. */
const MINUTES_PER_WRITE = 720;

export interface SyncOptions {
  /** Recompute the minutes in [fromMs, toMs) instead of the changed ones; the watermark is not moved. */
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly lookbackMs?: number;
  readonly now?: () => number;
  readonly tables?: readonly TableSpec[];
  readonly log?: (line: string) => void;
}

/**
 * What one sync did, for the CLI, the Lambda's log and tests.
 *
 * @example
 * ```ts
 * const report: SyncReport = { mode: 'changed', windows: 3, replaced: 3, keptNewer: 0, rows: { lambda_minute: 6 }, watermarkBefore: 1714564800000, watermarkAfter: 1714564860000 };
 * ```
 */
export interface SyncReport {
  readonly mode: 'changed' | 'range';
  readonly windows: number;
  readonly replaced: number;
  readonly keptNewer: number;
  readonly rows: Readonly<Record<string, number>>;
  readonly watermarkBefore?: number;
  readonly watermarkAfter?: number;
}

/**
 * One sync: find the event minutes that changed (documents indexed since the watermark less the
 * lookback) or take the given range, recompute each minute whole with exact aggregations, replace the
 * minutes in the warehouse, and only then move the watermark to when this sync started reading. A failure
 * anywhere leaves the watermark where it was, so the next sync recomputes the same minutes; and since a
 * minute is always replaced whole, doing it again never counts anything twice.
 *
 * @example
 * ```ts
 * const report = await runSync(warehouse, { client, prefix: 'cwl', label: 'OpenSearch' });
 * report.windows; // 42
 * ```
 */
export const runSync = async (
  warehouse: Warehouse,
  source: SearchSource,
  options: SyncOptions = {},
): Promise<SyncReport> => {
  const now = options.now ?? Date.now;
  const tables = options.tables ?? TABLES;
  const syncId = randomUUID();
  const range = options.fromMs !== undefined || options.toMs !== undefined;
  // Taken before the first read: every document visible from here on is at or after this time.
  const computedAtMs = now();
  await warehouse.ensureSchema();
  let minutes: number[];
  let watermarkBefore: number | undefined;
  if (range) {
    const fromMs = options.fromMs ?? Number.NaN;
    const toMs = options.toMs ?? Number.NaN;
    if (!(fromMs < toMs)) {
      throw new WarehouseError(
        'sync_range_invalid',
        'A range sync needs both --from and --to, with --from before --to.',
      );
    }
    minutes = minutesBetween(fromMs, toMs);
  } else {
    watermarkBefore = await warehouse.readWatermark();
    const sinceMs =
      watermarkBefore === undefined ? 0 : watermarkBefore - (options.lookbackMs ?? DEFAULT_LOOKBACK_MS);
    minutes = await changedMinutes(source, sinceMs);
  }
  options.log?.(`${warehouse.label}: recomputing ${minutes.length} minute(s).`);
  const rows: Record<string, number> = Object.fromEntries(tables.map((spec) => [spec.name, 0]));
  let replaced = 0;
  let keptNewer = 0;
  for (const part of chunksOf(minutes, MINUTES_PER_WRITE)) {
    const tableRows = await aggregateWindows(source, part, tables);
    options.log?.(`${warehouse.label}: writing ${part.length} minute(s).`);
    const outcome = await warehouse.writeWindows({ computedAtMs, syncId, minutes: part, rows: tableRows });
    replaced += outcome.replaced;
    keptNewer += outcome.keptNewer;
    for (const [name, list] of tableRows) rows[name] = (rows[name] ?? 0) + list.length;
  }
  if (!range) await warehouse.advanceWatermark(computedAtMs, syncId);
  return {
    mode: range ? 'range' : 'changed',
    windows: minutes.length,
    replaced,
    keptNewer,
    rows,
    ...(watermarkBefore !== undefined && { watermarkBefore }),
    ...(!range && { watermarkAfter: Math.max(computedAtMs, watermarkBefore ?? 0) }),
  };
};
