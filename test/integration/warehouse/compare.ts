import type { Warehouse } from '../../../src/warehouse';
import type { SqlDialect } from '../../../src/warehouse/views';
import type { Expected, ExpectedRow } from './oracle';

const KEYS: Record<string, readonly string[]> = {
  vpc_flows_minute: ['minute', 'log_group', 'action', 'protocol', 'flow_direction'],
  vpc_top_talkers_minute: ['minute', 'srcaddr', 'dstaddr'],
  lambda_minute: ['minute', 'function_name', 'version'],
  cloudtrail_minute: ['minute', 'event_source', 'event_name', 'error_code', 'region', 'principal_type'],
  pipeline_documents_minute: ['minute', 'doc_type', 'log_group'],
  pipeline_deadletters_minute: ['minute', 'stage', 'code', 'connector'],
};

const round = (value: unknown): unknown =>
  typeof value === 'number' ? Math.round(value * 1e6) / 1e6 : value;

/** One table of a warehouse, keyed like the oracle, with the oracle's columns (sums rounded to 1e-6). */
export const readTable = async (
  warehouse: Warehouse,
  dialect: SqlDialect,
  table: string,
  columns: readonly string[],
): Promise<Map<string, ExpectedRow>> => {
  const keys = KEYS[table] ?? [];
  const select = columns.map((column) =>
    column === 'minute' ? `${dialect.epochMillis('minute')} AS minute` : column,
  );
  const result = await warehouse.query(`SELECT ${select.join(', ')} FROM ${dialect.ref(table)}`);
  const rows = new Map<string, ExpectedRow>();
  for (const values of result.rows) {
    const row = Object.fromEntries(
      columns.map((column, index) => [column, round(values[index]) as ExpectedRow[string]]),
    );
    const key = JSON.stringify(
      keys.map((name) =>
        (name === 'minute' || name === 'protocol') && row[name] !== null ? Number(row[name]) : row[name],
      ),
    );
    if (rows.has(key)) throw new Error(`${table} has two rows for ${key}`);
    rows.set(key, row);
  }
  return rows;
};

/** Every expected table as the warehouse holds it, with the oracle's rows beside it. */
export const compareAll = async (
  warehouse: Warehouse,
  dialect: SqlDialect,
  expected: Expected,
): Promise<{ table: string; actual: Map<string, ExpectedRow>; expected: Map<string, ExpectedRow> }[]> => {
  const out = [];
  for (const [table, rows] of Object.entries(expected)) {
    const sample = [...rows.values()][0];
    const columns = sample ? Object.keys(sample) : [...(KEYS[table] ?? [])];
    const normalised = new Map(
      [...rows].map(([key, row]) => [
        key,
        Object.fromEntries(
          Object.entries(row).map(([name, value]) => [name, round(value) as ExpectedRow[string]]),
        ),
      ]),
    );
    out.push({ table, actual: await readTable(warehouse, dialect, table, columns), expected: normalised });
  }
  return out;
};

/** The top `limit` pairs per minute by bytes, as the oracle sees them (ties by address, as the table). */
export const topPairs = (pairs: Map<string, ExpectedRow>, limit: number): Map<string, ExpectedRow> => {
  const byMinute = new Map<number, [string, ExpectedRow][]>();
  for (const entry of pairs) {
    const minute = Number(entry[1].minute);
    byMinute.set(minute, [...(byMinute.get(minute) ?? []), entry]);
  }
  const text = (value: unknown) => (value === null ? '' : String(value));
  return new Map(
    [...byMinute.values()].flatMap((list) =>
      list
        .sort(
          ([, a], [, b]) =>
            Number(b.bytes ?? 0) - Number(a.bytes ?? 0) ||
            text(a.srcaddr).localeCompare(text(b.srcaddr)) ||
            text(a.dstaddr).localeCompare(text(b.dstaddr)),
        )
        .slice(0, limit),
    ),
  );
};
