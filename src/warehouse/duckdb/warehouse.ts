import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { backupName, expiredBackups } from '../backup';
import { WarehouseError, WarehouseUnavailableError } from '../errors';
import { TABLES, type TableSpec } from '../tables';
import { VIEWS } from '../views';
import type { BackupReport, QueryResult, Warehouse, WindowWrite, WriteOutcome } from '../warehouse';
import type { DuckDbConfig } from './config';
import { BOOKKEEPING_SQL, createTableSql, DUCKDB_DIALECT, quote, STATE_TABLE } from './ddl';
import { markMinutes, minutesHeldByNewer, replaceMinutes } from './write';

const WATERMARK = 'sync';
/** DuckDB detects a conflicting concurrent transaction at commit; the loser runs again. */
const CONFLICT_ATTEMPTS = 8;
const CONFLICT = /conflict|duplicate key/i;

/**
 * The embedded warehouse: one DuckDB file with the same tables and views as BigQuery. A write replaces
 * its minutes in one transaction (DELETE + INSERT), skipping minutes a newer computation already holds.
 * Writes of one process queue behind each other (one queue per file); a second process cannot open the
 * file while one has it (DuckDB's own file lock), so concurrent syncs never interleave their writes, and
 * a minute already written by a newer computation is kept.
 *
 * @example
 * ```ts
 * const warehouse = await DuckDbWarehouse.open({ path: 'cwlpipe.duckdb' });
 * await warehouse.ensureSchema();
 * ```
 */
export class DuckDbWarehouse implements Warehouse {
  public readonly id = 'duckdb';
  public readonly label: string;
  private readonly queue: WriteQueue;

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly tables: readonly TableSpec[],
    path: string,
  ) {
    this.label = `DuckDB file ${path}`;
    this.queue = WriteQueue.of(path);
  }

  /** Opens (or creates) the file; one DuckDB instance per file is shared within the process. */
  public static async open(
    config: DuckDbConfig,
    tables: readonly TableSpec[] = TABLES,
  ): Promise<DuckDbWarehouse> {
    try {
      if (config.path !== ':memory:') mkdirSync(dirname(config.path), { recursive: true });
      const instance = await WriteQueue.of(config.path).instance(config.path);
      return new DuckDbWarehouse(await instance.connect(), tables, config.path);
    } catch (error) {
      throw new WarehouseUnavailableError(
        'duckdb_unavailable',
        `The DuckDB file ${config.path} cannot be opened (${(error as Error).message}); another process may hold it, or CWLPIPE_DUCKDB_PATH names a place that cannot be written.`,
        { cause: error },
      );
    }
  }

  public ensureSchema(): Promise<void> {
    return this.exclusive(() =>
      this.inTransaction(async () => {
        for (const spec of this.tables) await this.connection.run(createTableSql(spec));
        for (const sql of BOOKKEEPING_SQL) await this.connection.run(sql);
        for (const view of VIEWS) {
          await this.connection.run(
            `CREATE OR REPLACE VIEW ${quote(view.name)} AS ${view.sql(DUCKDB_DIALECT)}`,
          );
        }
      }),
    );
  }

  public readWatermark(): Promise<number | undefined> {
    return this.exclusive(async () => {
      const reader = await this.connection.runAndReadAll(
        `SELECT epoch_ms(watermark)::DOUBLE FROM ${quote(STATE_TABLE)} WHERE name = ?`,
        [WATERMARK],
      );
      const value = reader.getRows()[0]?.[0];
      return value === undefined || value === null ? undefined : Number(value);
    });
  }

  public writeWindows(write: WindowWrite): Promise<WriteOutcome> {
    return this.exclusive(() =>
      this.inTransaction(async () => {
        const newer = await minutesHeldByNewer(this.connection, write);
        const minutes = write.minutes.filter((minute) => !newer.has(minute));
        for (const spec of this.tables) {
          const rows = (write.rows.get(spec.name) ?? []).filter((row) => !newer.has(Number(row.minute)));
          await replaceMinutes(this.connection, spec, minutes, rows);
        }
        await markMinutes(this.connection, minutes, write);
        return { replaced: minutes.length, keptNewer: newer.size };
      }),
    );
  }

  public advanceWatermark(toMs: number, syncId: string): Promise<void> {
    return this.exclusive(() =>
      this.inTransaction(async () => {
        // Never backwards: a slower concurrent sync that started earlier keeps the later watermark.
        await this.connection.run(
          `INSERT INTO ${quote(STATE_TABLE)} (name, watermark, sync_id, updated_at)
         VALUES (?, epoch_ms(?::BIGINT), ?, now()::TIMESTAMP)
         ON CONFLICT (name) DO UPDATE SET watermark = greatest(watermark, excluded.watermark),
           sync_id = CASE WHEN excluded.watermark > watermark THEN excluded.sync_id ELSE sync_id END,
           updated_at = excluded.updated_at`,
          [WATERMARK, Math.trunc(toMs), syncId],
        );
      }),
    );
  }

  public query(sql: string): Promise<QueryResult> {
    return this.exclusive(async () => {
      try {
        const reader = await this.connection.runAndReadAll(sql);
        return { columns: reader.columnNames(), rows: reader.getRows().map((row) => row.map(plainValue)) };
      } catch (error) {
        throw new WarehouseError(
          'query_failed',
          `${this.label} refused the query: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
    });
  }

  public backup(options: { readonly retain: number; readonly day: Date }): Promise<BackupReport> {
    return this.exclusive(async () => {
      const created: string[] = [];
      const deleted: string[] = [];
      const existing = (
        await this.connection.runAndReadAll(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE'",
        )
      )
        .getRows()
        .map((row) => String(row[0]));
      for (const spec of this.tables) {
        const name = backupName(spec.name, options.day);
        // The dated copy is a snapshot: the same day's backup taken again replaces that day's copy.
        await this.connection.run(
          `CREATE OR REPLACE TABLE ${quote(name)} AS SELECT * FROM ${quote(spec.name)}`,
        );
        created.push(name);
        const names = existing.includes(name) ? existing : [...existing, name];
        for (const old of expiredBackups(names, spec.name, options.retain)) {
          await this.connection.run(`DROP TABLE IF EXISTS ${quote(old)}`);
          deleted.push(old);
        }
      }
      return { created, deleted };
    });
  }

  public async close(): Promise<void> {
    await this.queue.idle();
    this.connection.disconnectSync();
  }

  private exclusive<T>(run: () => Promise<T>): Promise<T> {
    return this.queue.run(run);
  }

  private async inTransaction<T>(run: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await this.connection.run('BEGIN TRANSACTION');
      try {
        const result = await run();
        await this.connection.run('COMMIT');
        return result;
      } catch (error) {
        await this.connection.run('ROLLBACK').catch(() => undefined);
        // Two connections writing the same minutes: DuckDB lets the first commit win and fails the other
        // (a write-write conflict, or a duplicate key of the same minute); the loser runs again, and then
        // sees the winner's minutes and their computation times.
        if (attempt < CONFLICT_ATTEMPTS && CONFLICT.test((error as Error).message)) {
          await sleep(attempt * 20);
          continue;
        }
        throw new WarehouseUnavailableError(
          'duckdb_write_failed',
          `${this.label} refused the write (${(error as Error).message}); nothing of it was kept.`,
          { cause: error },
        );
      }
    }
  }
}

// BIGINTs come back as bigint: a number where that is exact, else its digits; timestamps and other
// DuckDB values print as DuckDB writes them ('2024-05-01 12:00:00').
const plainValue = (value: unknown): unknown => {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : String(value);
  }
  return value !== null && typeof value === 'object' ? String(value) : value;
};

/**
 * One queue per database file in this process: every warehouse object on the same file (they share
 * DuckDB's cached instance) runs its statement sequences one after another, so two syncs of one process
 * never hold competing transactions. Another process cannot open the file at all while this one has it.
 */
class WriteQueue {
  private static readonly byPath = new Map<string, WriteQueue>();
  private tail: Promise<unknown> = Promise.resolve();
  private opened?: Promise<DuckDBInstance>;

  /**
   * The one DuckDB instance of the file in this process. (DuckDB's own `fromCache` was seen to hang when
   * asked again for a file whose instance had a busy connection.)
   */
  public instance(path: string): Promise<DuckDBInstance> {
    this.opened ??= DuckDBInstance.create(path);
    this.opened.catch(() => {
      this.opened = undefined;
    });
    return this.opened;
  }

  public static of(path: string): WriteQueue {
    const existing = WriteQueue.byPath.get(path);
    if (existing !== undefined) return existing;
    const queue = new WriteQueue();
    WriteQueue.byPath.set(path, queue);
    return queue;
  }

  public run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }

  public idle(): Promise<unknown> {
    return this.tail;
  }
}
