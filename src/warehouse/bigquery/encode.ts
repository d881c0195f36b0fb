import { createHash } from 'node:crypto';
import { columnsOf, type Row, type TableSpec } from '../tables';

/** A row as `tabledata.insertAll` takes it (the client's raw form). */
export interface InsertRow {
  readonly insertId: string;
  readonly json: Record<string, string | number | null>;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * A warehouse row as a versioned BigQuery row: timestamps as ISO strings, the computation's time and
 * sync id added, and an `insertId` derived from the row's identity, so BigQuery drops a resent copy
 * (best effort; the view's DISTINCT is the guarantee).
 *
 * @example
 * ```ts
 * encodeRow(TABLES[0], { minute: 0, action: 'ACCEPT', … }, 1714564800000, 's-1').json.minute; // '1970-01-01T00:00:00.000Z'
 * ```
 */
export const encodeRow = (spec: TableSpec, row: Row, computedAtMs: number, syncId: string): InsertRow => {
  const json: Record<string, string | number | null> = {};
  for (const column of columnsOf(spec)) {
    const value = row[column.name] ?? null;
    json[column.name] = column.type === 'TIMESTAMP' && value !== null ? iso(Number(value)) : value;
  }
  json.computed_at = iso(computedAtMs);
  json.sync_id = syncId;
  const identity = JSON.stringify([
    spec.name,
    syncId,
    ...spec.dimensions.map((d) => row[d.column] ?? null),
    row.minute,
    row.bucket ?? null,
  ]);
  return { insertId: createHash('sha256').update(identity).digest('hex').slice(0, 32), json };
};

/** The marker row saying a minute now holds this computation. */
export const encodeWindow = (minute: number, computedAtMs: number, syncId: string): InsertRow => ({
  insertId: createHash('sha256').update(`${minute}:${syncId}`).digest('hex').slice(0, 32),
  json: { minute: iso(minute), computed_at: iso(computedAtMs), sync_id: syncId },
});
