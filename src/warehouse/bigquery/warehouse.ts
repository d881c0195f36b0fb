import { BigQuery, type BigQueryOptions, type Dataset } from '@google-cloud/bigquery';
import { backupName, expiredBackups } from '../backup';
import { TABLES, type TableSpec } from '../tables';
import { type SqlDialect, VIEWS } from '../views';
import type { BackupReport, QueryResult, Warehouse, WindowWrite, WriteOutcome } from '../warehouse';
import { requestError } from './classify';
import type { BigQueryConfig } from './config';
import {
  latestViewSql,
  STATE_TABLE,
  stateTableMetadata,
  type TableMetadata,
  versionsTableMetadata,
  versionsTableOf,
  WINDOWS_TABLE,
  windowsTableMetadata,
} from './ddl';
import { encodeRow, encodeWindow } from './encode';
import { insertRows } from './send';

/**
 * The production warehouse. Writes append: each computation of a minute streams its rows (with its
 * `computed_at` and `sync_id`) into `<table>__versions`, then one marker row per minute into
 * `_cwlpipe_windows`; each table's view shows, per minute, the rows of the newest marked computation.
 * Why versioned rows and not DELETE + INSERT: streamed rows cannot be changed by DML for a while after
 * they arrive, and a MERGE per minute per table every minute costs a query job each; appending is one
 * cheap insertAll, a crash between rows and marker leaves the old answer in force, and the newest
 * computation wins whatever order concurrent syncs finish in.
 *
 * @example
 * ```ts
 * const warehouse = BigQueryWarehouse.create({ projectId: 'acme-logs', dataset: 'cwlpipe', location: 'EU' });
 * ```
 */
export class BigQueryWarehouse implements Warehouse {
  public readonly id = 'bigquery';
  public readonly label: string;
  private readonly dataset: Dataset;
  private readonly dialect: SqlDialect;

  private constructor(
    private readonly client: BigQuery,
    private readonly config: BigQueryConfig,
    private readonly tables: readonly TableSpec[],
  ) {
    this.label = `BigQuery dataset ${config.projectId}.${config.dataset}`;
    this.dataset = client.dataset(config.dataset, { location: config.location });
    this.dialect = {
      ref: (name) => `\`${config.projectId}.${config.dataset}.${name}\``,
      epochMillis: (expression) => `UNIX_MILLIS(${expression})`,
    };
  }

  public static create(config: BigQueryConfig, tables: readonly TableSpec[] = TABLES): BigQueryWarehouse {
    const options: BigQueryOptions = {
      projectId: config.projectId,
      location: config.location,
      ...(config.credentials && { credentials: config.credentials }),
      ...(config.apiEndpoint && { apiEndpoint: config.apiEndpoint }),
      ...(config.authClient !== undefined && {
        authClient: config.authClient as BigQueryOptions['authClient'],
      }),
      // A local emulator or stand-in on this machine wants no Google credentials (and has none to check).
      ...(config.authClient === undefined &&
        isLoopback(config.apiEndpoint) && {
          authClient: UNSIGNED as unknown as BigQueryOptions['authClient'],
          // Named, so the auth library does not ask a cloud metadata server which universe this is.
          universeDomain: 'googleapis.com',
        }),
    };
    return new BigQueryWarehouse(new BigQuery(options), config, tables);
  }

  public async ensureSchema(): Promise<void> {
    await this.call('creating the dataset', async () => {
      const [exists] = await this.dataset.exists();
      if (!exists) await createdByAnyone(() => this.dataset.create({ location: this.config.location }));
    });
    for (const spec of this.tables)
      await this.ensureTable(versionsTableOf(spec.name), versionsTableMetadata(spec));
    await this.ensureTable(WINDOWS_TABLE, windowsTableMetadata);
    await this.ensureTable(STATE_TABLE, stateTableMetadata);
    for (const spec of this.tables) await this.ensureView(spec.name, latestViewSql(spec, this.dialect));
    for (const view of VIEWS) await this.ensureView(view.name, view.sql(this.dialect));
  }

  public async readWatermark(): Promise<number | undefined> {
    const result = await this.query(
      `SELECT UNIX_MILLIS(MAX(watermark)) AS watermark FROM ${this.dialect.ref(STATE_TABLE)}`,
      'reading the watermark',
    );
    const value = result.rows[0]?.[0];
    return value === null || value === undefined ? undefined : Number(value);
  }

  public async writeWindows(write: WindowWrite): Promise<WriteOutcome> {
    for (const spec of this.tables) {
      const rows = (write.rows.get(spec.name) ?? []).map((row) =>
        encodeRow(spec, row, write.computedAtMs, write.syncId),
      );
      await insertRows(this.dataset.table(versionsTableOf(spec.name)), rows);
    }
    // Markers last: until they land, the views keep showing the previous computation of these minutes.
    await insertRows(
      this.dataset.table(WINDOWS_TABLE),
      write.minutes.map((minute) => encodeWindow(minute, write.computedAtMs, write.syncId)),
    );
    return { replaced: write.minutes.length, keptNewer: 0 };
  }

  public async advanceWatermark(toMs: number, syncId: string): Promise<void> {
    const now = new Date().toISOString();
    await insertRows(this.dataset.table(STATE_TABLE), [
      {
        insertId: syncId,
        json: { watermark: new Date(toMs).toISOString(), sync_id: syncId, updated_at: now },
      },
    ]);
  }

  public query(sql: string, doing = 'the query'): Promise<QueryResult> {
    return this.call(doing, async () => {
      // Unqualified table names mean the warehouse's dataset, as they mean the DuckDB file's tables.
      const [job] = await this.client.createQueryJob({
        query: sql,
        location: this.config.location,
        defaultDataset: { projectId: this.config.projectId, datasetId: this.config.dataset },
      });
      const [rows, , response] = await job.getQueryResults({ autoPaginate: true });
      const fields = (response as { schema?: { fields?: { name?: string }[] } } | undefined)?.schema?.fields;
      const columns = fields?.map((field) => field.name ?? '') ?? Object.keys(rows[0] ?? {});
      return {
        columns,
        rows: rows.map((row: Record<string, unknown>) => columns.map((column) => plain(row[column]))),
      };
    });
  }

  public async backup(options: { readonly retain: number; readonly day: Date }): Promise<BackupReport> {
    const created: string[] = [];
    const deleted: string[] = [];
    const [existing] = await this.call('listing the tables', () => this.dataset.getTables());
    const names = existing.map((table) => table.id ?? '');
    // The views are computed; their data is the versions tables and the markers, copied as they are.
    const sources = [...this.tables.map((spec) => spec.name), WINDOWS_TABLE];
    for (const name of sources) {
      const from = name === WINDOWS_TABLE ? WINDOWS_TABLE : versionsTableOf(name);
      const target = backupName(name, options.day);
      await this.call(`copying ${from} to ${target}`, async () => {
        const [job] = await this.dataset
          .table(from)
          .createCopyJob(this.dataset.table(target), { writeDisposition: 'WRITE_TRUNCATE' });
        await job.promise();
      });
      created.push(target);
      for (const old of expiredBackups(
        names.includes(target) ? names : [...names, target],
        name,
        options.retain,
      )) {
        await this.call(`deleting ${old}`, () => this.dataset.table(old).delete());
        deleted.push(old);
      }
    }
    return { created, deleted };
  }

  public async close(): Promise<void> {}

  private async ensureTable(name: string, metadata: TableMetadata): Promise<void> {
    await this.call(`creating table ${name}`, async () => {
      const [exists] = await this.dataset.table(name).exists();
      if (!exists) await createdByAnyone(() => this.dataset.createTable(name, metadata as never));
    });
  }

  private async ensureView(name: string, query: string): Promise<void> {
    await this.call(`creating view ${name}`, async () => {
      const table = this.dataset.table(name);
      const [exists] = await table.exists();
      const view = { view: { query, useLegacySql: false } };
      if (!exists) await createdByAnyone(() => this.dataset.createTable(name, view));
      else if ((await table.getMetadata())[0]?.view?.query !== query) await table.setMetadata(view);
    });
  }

  private async call<T>(doing: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof Error && error.name.startsWith('Warehouse')) throw error;
      throw requestError(error, `${doing} in ${this.label}`);
    }
  }
}

// A concurrent sync may create the same table between our check and our create: 409 means it exists.
const createdByAnyone = async (create: () => Promise<unknown>): Promise<void> => {
  try {
    await create();
  } catch (error) {
    if ((error as { code?: unknown }).code !== 409) throw error;
  }
};

/** Signs nothing: for an endpoint on this machine only. */
const UNSIGNED = { getRequestHeaders: async () => new Headers() };

const isLoopback = (endpoint: string | undefined): boolean => {
  if (endpoint === undefined || !URL.canParse(endpoint)) return false;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(endpoint).hostname);
};

// Dates and timestamps come back as objects with a `value`; a table prints their text.
const plain = (value: unknown): unknown =>
  value !== null && typeof value === 'object' && 'value' in (value as object)
    ? (value as { value: unknown }).value
    : value;
