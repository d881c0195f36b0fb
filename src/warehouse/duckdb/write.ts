import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { columnsOf, type Row, type TableSpec } from '../tables';
import type { WindowWrite } from '../warehouse';
import { quote, WINDOWS_TABLE } from './ddl';

const ROWS_PER_INSERT = 250;

// Minutes are numbers this process made (epoch ms of whole minutes), never input text: safe as literals.
const minuteList = (minutes: readonly number[]): string =>
  minutes.map((minute) => `epoch_ms(${Math.trunc(minute)}::BIGINT)`).join(', ');

/**
 * Which of the write's minutes a newer computation already holds: those are left alone.
 *
 * @example
 * ```ts
 * await minutesHeldByNewer(connection, write); // Set { 1714564800000 }
 * ```
 */
export const minutesHeldByNewer = async (
  connection: DuckDBConnection,
  write: WindowWrite,
): Promise<Set<number>> => {
  if (write.minutes.length === 0) return new Set();
  const reader = await connection.runAndReadAll(
    `SELECT epoch_ms(minute)::DOUBLE AS minute FROM ${quote(WINDOWS_TABLE)}
     WHERE minute IN (${minuteList(write.minutes)}) AND computed_at > epoch_ms(?::BIGINT)`,
    [write.computedAtMs],
  );
  return new Set(reader.getRows().map((row) => Number(row[0])));
};

/**
 * Replaces the given minutes of one table with new rows: DELETE then INSERT, inside the caller's
 * transaction, so readers see the old minute or the new one, never half of each.
 *
 * @example
 * ```ts
 * await replaceMinutes(connection, TABLES[0], [1714564800000], rows);
 * ```
 */
export const replaceMinutes = async (
  connection: DuckDBConnection,
  spec: TableSpec,
  minutes: readonly number[],
  rows: readonly Row[],
): Promise<void> => {
  if (minutes.length === 0) return;
  await connection.run(`DELETE FROM ${quote(spec.name)} WHERE minute IN (${minuteList(minutes)})`);
  const columns = columnsOf(spec);
  const placeholders = `(${columns.map((column) => (column.type === 'TIMESTAMP' ? 'epoch_ms(?::BIGINT)' : '?')).join(', ')})`;
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const part = rows.slice(start, start + ROWS_PER_INSERT);
    const values: DuckDBValue[] = part.flatMap((row) =>
      columns.map((column) => {
        const value = row[column.name] ?? null;
        return column.type === 'TIMESTAMP' && value !== null ? Math.trunc(Number(value)) : value;
      }),
    );
    await connection.run(
      `INSERT INTO ${quote(spec.name)} (${columns.map((column) => quote(column.name)).join(', ')}) VALUES ${part.map(() => placeholders).join(', ')}`,
      values,
    );
  }
};

/** Records that these minutes now hold this computation. */
export const markMinutes = async (
  connection: DuckDBConnection,
  minutes: readonly number[],
  write: WindowWrite,
): Promise<void> => {
  for (let start = 0; start < minutes.length; start += ROWS_PER_INSERT) {
    const part = minutes.slice(start, start + ROWS_PER_INSERT);
    await connection.run(
      `INSERT OR REPLACE INTO ${quote(WINDOWS_TABLE)} (minute, computed_at, sync_id) VALUES ${part
        .map(() => '(epoch_ms(?::BIGINT), epoch_ms(?::BIGINT), ?)')
        .join(', ')}`,
      part.flatMap((minute) => [minute, write.computedAtMs, write.syncId]),
    );
  }
};
