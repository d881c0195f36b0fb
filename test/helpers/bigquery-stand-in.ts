/**
 * A STAND-IN FOR BIGQUERY, NOT BIGQUERY. BigQuery cannot run on this machine, so the BigQuery warehouse's
 * tests point the real `@google-cloud/bigquery` client (through `apiEndpoint`) at this small HTTP server.
 * It implements only the REST endpoints the warehouse calls (datasets get/insert; tables get, insert,
 * patch, list, delete; tabledata.insertAll; jobs insert/get for queries and copies; getQueryResults),
 * and keeps the data in an in-memory DuckDB database (one schema per dataset). Query SQL is passed to
 * DuckDB after rewriting the few BigQuery spellings the warehouse uses (`project.dataset.table`
 * references, UNIX_MILLIS); nothing else of BigQuery's dialect, quotas or streaming buffer is imitated.
 * `insertId` de-duplication is kept per table, as BigQuery does it best effort.
 *
 * For the bad-input tests it can refuse rows (`refuseRows`) or answer 503 to everything (`down`).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DuckDBConnection, DuckDBInstance, DuckDBTimestampValue } from '@duckdb/node-api';

const TYPES: Record<string, string> = {
  STRING: 'VARCHAR',
  INT64: 'BIGINT',
  INTEGER: 'BIGINT',
  FLOAT64: 'DOUBLE',
  FLOAT: 'DOUBLE',
  TIMESTAMP: 'TIMESTAMP',
  BOOL: 'BOOLEAN',
  BOOLEAN: 'BOOLEAN',
};

interface Field {
  name: string;
  type: string;
  mode?: string;
}
interface TableEntry {
  kind: 'TABLE' | 'VIEW';
  fields: Field[];
  query?: string;
  metadata: Record<string, unknown>;
}
interface Job {
  id: string;
  configuration: Record<string, unknown>;
  result?: { fields: Field[]; rows: unknown[][] };
}

class HttpError extends Error {
  public constructor(
    public readonly status: number,
    public readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export class BigQueryStandIn {
  public url = '';
  /** Every request, as `METHOD path`: what the warehouse really called. */
  public readonly calls: string[] = [];
  /** While true, every request is answered 503. */
  public down = false;
  private refusing = new Map<string, string>();
  private readonly datasets = new Set<string>();
  private readonly tables = new Map<string, TableEntry>();
  private readonly insertIds = new Map<string, Set<string>>();
  private readonly jobs = new Map<string, Job>();
  private server?: Server;

  private constructor(private readonly db: DuckDBConnection) {}

  public static async start(): Promise<BigQueryStandIn> {
    const instance = await DuckDBInstance.create(':memory:');
    const standIn = new BigQueryStandIn(await instance.connect());
    standIn.server = createServer((request, response) => void standIn.handle(request, response));
    await new Promise<void>((resolve) => standIn.server?.listen(0, '127.0.0.1', resolve));
    standIn.url = `http://127.0.0.1:${(standIn.server.address() as AddressInfo).port}`;
    return standIn;
  }

  /** Makes insertAll into `table` answer every row with an `invalid` error (or another reason). */
  public refuseRows(table: string, reason = 'invalid'): void {
    this.refusing.set(table, reason);
  }

  public acceptRows(): void {
    this.refusing = new Map();
  }

  /** Reads what the warehouse wrote, straight from the stand-in's DuckDB (for assertions). */
  public async query(sql: string): Promise<{ columns: string[]; rows: unknown[][] }> {
    const reader = await this.db.runAndReadAll(sql);
    return {
      columns: reader.columnNames(),
      rows: reader
        .getRows()
        .map((row) => row.map((value) => (typeof value === 'bigint' ? Number(value) : value))),
    };
  }

  public async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
    this.db.disconnectSync();
  }

  // One DuckDB connection serves every request, so requests are answered one at a time, in order.
  private queue: Promise<unknown> = Promise.resolve();

  private handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const next = this.queue.then(() => this.answer(request, response));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const method = request.method ?? 'GET';
    this.calls.push(`${method} ${url.pathname}`);
    try {
      if (this.down) throw new HttpError(503, 'backendError', 'The stand-in is down.');
      const body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
      const answer = await this.route(method, url.pathname.replace(/^\/bigquery\/v2/, ''), body);
      send(response, 200, answer ?? {});
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 400;
      const reason = error instanceof HttpError ? error.reason : 'invalidQuery';
      const message = (error as Error).message;
      send(response, status, { error: { code: status, message, errors: [{ reason, message }] } });
    }
  }

  private async route(method: string, path: string, body: Record<string, unknown>): Promise<unknown> {
    let match: RegExpMatchArray | null;
    match = path.match(/^\/projects\/([^/]+)\/datasets\/([^/]+)$/);
    if (match && method === 'GET') {
      if (!this.datasets.has(match[2] as string)) throw notFound(`Dataset ${match[1]}:${match[2]}`);
      return { datasetReference: { projectId: match[1], datasetId: match[2] } };
    }
    match = path.match(/^\/projects\/([^/]+)\/datasets$/);
    if (match && method === 'POST') {
      const id = (body.datasetReference as { datasetId: string }).datasetId;
      this.datasets.add(id);
      await this.db.run(`CREATE SCHEMA IF NOT EXISTS "${id}"`);
      return body;
    }
    match = path.match(/^\/projects\/([^/]+)\/datasets\/([^/]+)\/tables$/);
    if (match) {
      const [, project, dataset] = match as [string, string, string];
      if (method === 'GET') {
        const tables = [...this.tables.keys()]
          .filter((key) => key.startsWith(`${dataset}.`))
          .map((key) => {
            const tableId = key.slice(dataset.length + 1);
            return {
              id: `${project}:${key}`,
              tableReference: { projectId: project, datasetId: dataset, tableId },
              type: this.tables.get(key)?.kind,
            };
          });
        return { tables, totalItems: tables.length };
      }
      if (method === 'POST') return this.createTable(dataset, body);
    }
    match = path.match(/^\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)\/insertAll$/);
    if (match && method === 'POST') {
      return this.insertAll(match[2] as string, match[3] as string, body);
    }
    match = path.match(/^\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/);
    if (match) {
      const [, project, dataset, table] = match as [string, string, string, string];
      const entry = this.tables.get(`${dataset}.${table}`);
      if (entry === undefined) throw notFound(`Table ${project}:${dataset}.${table}`);
      if (method === 'GET') return { ...entry.metadata, schema: { fields: entry.fields }, type: entry.kind };
      if (method === 'PATCH') {
        const query = (body.view as { query?: string } | undefined)?.query;
        if (query !== undefined)
          await this.db.run(`CREATE OR REPLACE VIEW "${dataset}"."${table}" AS ${this.translate(query)}`);
        entry.metadata = { ...entry.metadata, ...body };
        return entry.metadata;
      }
      if (method === 'DELETE') {
        await this.db.run(`DROP ${entry.kind === 'VIEW' ? 'VIEW' : 'TABLE'} "${dataset}"."${table}"`);
        this.tables.delete(`${dataset}.${table}`);
        return {};
      }
    }
    match = path.match(/^\/projects\/([^/]+)\/jobs$/);
    if (match && method === 'POST') return this.insertJob(match[1] as string, body);
    match = path.match(/^\/projects\/([^/]+)\/jobs\/([^/]+)$/);
    if (match && method === 'GET') {
      const job = this.jobs.get(match[2] as string);
      if (job === undefined) throw notFound(`Job ${match[2]}`);
      return jobResource(match[1] as string, job);
    }
    match = path.match(/^\/projects\/([^/]+)\/queries\/([^/]+)$/);
    if (match && method === 'GET') {
      const job = this.jobs.get(match[2] as string);
      if (job?.result === undefined) throw notFound(`Job ${match[2]}`);
      return {
        kind: 'bigquery#getQueryResultsResponse',
        jobReference: { projectId: match[1], jobId: job.id, location: 'US' },
        schema: { fields: job.result.fields },
        rows: job.result.rows.map((row) => ({ f: row.map((v) => ({ v })) })),
        totalRows: String(job.result.rows.length),
        jobComplete: true,
      };
    }
    throw new HttpError(404, 'notFound', `The stand-in does not implement ${method} ${path}.`);
  }

  private async createTable(dataset: string, body: Record<string, unknown>): Promise<unknown> {
    const tableId = (body.tableReference as { tableId: string }).tableId;
    const key = `${dataset}.${tableId}`;
    if (this.tables.has(key)) throw new HttpError(409, 'duplicate', `Already Exists: Table ${key}`);
    const view = body.view as { query: string } | undefined;
    if (view !== undefined) {
      await this.db.run(`CREATE VIEW "${dataset}"."${tableId}" AS ${this.translate(view.query)}`);
      this.tables.set(key, { kind: 'VIEW', fields: [], query: view.query, metadata: body });
      return body;
    }
    const fields = ((body.schema as { fields: Field[] } | undefined)?.fields ?? []).map((field) => ({
      ...field,
    }));
    const columns = fields.map(
      (field) =>
        `"${field.name}" ${TYPES[field.type] ?? 'VARCHAR'}${field.mode === 'REQUIRED' ? ' NOT NULL' : ''}`,
    );
    await this.db.run(`CREATE TABLE "${dataset}"."${tableId}" (${columns.join(', ')})`);
    this.tables.set(key, { kind: 'TABLE', fields, metadata: body });
    return body;
  }

  private async insertAll(dataset: string, table: string, body: Record<string, unknown>): Promise<unknown> {
    const entry = this.tables.get(`${dataset}.${table}`);
    if (entry === undefined || entry.kind !== 'TABLE') throw notFound(`Table ${dataset}.${table}`);
    const rows = (body.rows as { insertId?: string; json: Record<string, unknown> }[]) ?? [];
    const reason = this.refusing.get(table);
    if (reason !== undefined) {
      return {
        kind: 'bigquery#tableDataInsertAllResponse',
        insertErrors: rows.map((_, index) => ({
          index,
          errors: [{ reason, message: `The stand-in refuses rows of ${table}.` }],
        })),
      };
    }
    const seen = this.insertIds.get(`${dataset}.${table}`) ?? new Set<string>();
    this.insertIds.set(`${dataset}.${table}`, seen);
    const fresh = rows.filter((row) => row.insertId === undefined || !seen.has(row.insertId));
    for (const row of fresh) if (row.insertId) seen.add(row.insertId);
    if (fresh.length === 0) return { kind: 'bigquery#tableDataInsertAllResponse' };
    const names = entry.fields.map((field) => field.name);
    const placeholders = `(${entry.fields.map((field) => (field.type === 'TIMESTAMP' ? 'CAST(? AS TIMESTAMPTZ)::TIMESTAMP' : '?')).join(', ')})`;
    await this.db.run(
      `INSERT INTO "${dataset}"."${table}" (${names.map((name) => `"${name}"`).join(', ')}) VALUES ${fresh.map(() => placeholders).join(', ')}`,
      fresh.flatMap((row) => names.map((name) => (row.json[name] ?? null) as string | number | null)),
    );
    return { kind: 'bigquery#tableDataInsertAllResponse' };
  }

  private async insertJob(project: string, body: Record<string, unknown>): Promise<unknown> {
    const configuration = (body.configuration ?? {}) as Record<string, unknown>;
    const id = (body.jobReference as { jobId?: string } | undefined)?.jobId ?? randomUUID();
    const job: Job = { id, configuration };
    const query = configuration.query as { query: string } | undefined;
    const copy = configuration.copy as
      | {
          sourceTable: { datasetId: string; tableId: string };
          destinationTable: { datasetId: string; tableId: string };
        }
      | undefined;
    if (query !== undefined) {
      const dataset = (query as { defaultDataset?: { datasetId?: string } }).defaultDataset?.datasetId;
      await this.db.run(`SET schema = '${dataset ?? 'main'}'`);
      const reader = await this.db.runAndReadAll(this.translate(query.query));
      const fields = reader
        .columnNames()
        .map((name, index) => ({ name, type: bigQueryType(String(reader.columnType(index))) }));
      job.result = { fields, rows: reader.getRows().map((row) => row.map(wire)) };
    } else if (copy !== undefined) {
      const from = copy.sourceTable;
      const to = copy.destinationTable;
      const source = this.tables.get(`${from.datasetId}.${from.tableId}`);
      if (source === undefined) throw notFound(`Table ${from.datasetId}.${from.tableId}`);
      await this.db.run(
        `CREATE OR REPLACE TABLE "${to.datasetId}"."${to.tableId}" AS SELECT * FROM "${from.datasetId}"."${from.tableId}"`,
      );
      this.tables.set(`${to.datasetId}.${to.tableId}`, {
        kind: 'TABLE',
        fields: source.fields,
        metadata: { tableReference: to },
      });
    } else {
      throw new HttpError(400, 'invalid', 'The stand-in runs only query and copy jobs.');
    }
    this.jobs.set(id, job);
    return jobResource(project, job);
  }

  // `project.dataset.table` in backticks becomes "dataset"."table"; UNIX_MILLIS becomes DuckDB's epoch_ms.
  private translate(sql: string): string {
    return sql
      .replace(
        /`[^`.]+\.([^`.]+)\.([^`.]+)`/g,
        (_, dataset: string, table: string) => `"${dataset}"."${table}"`,
      )
      .replace(/\bUNIX_MILLIS\(/g, 'epoch_ms(');
  }
}

const notFound = (what: string) => new HttpError(404, 'notFound', `Not found: ${what}`);

const jobResource = (project: string, job: Job) => ({
  kind: 'bigquery#job',
  id: `${project}:US.${job.id}`,
  jobReference: { projectId: project, jobId: job.id, location: 'US' },
  configuration: job.configuration,
  status: { state: 'DONE' },
  statistics: { creationTime: String(Date.now()) },
});

const bigQueryType = (duckType: string): string => {
  if (/INT/.test(duckType)) return 'INTEGER';
  if (/DOUBLE|FLOAT|DECIMAL|REAL/.test(duckType)) return 'FLOAT';
  if (/TIMESTAMP/.test(duckType)) return 'TIMESTAMP';
  if (/BOOL/.test(duckType)) return 'BOOLEAN';
  return 'STRING';
};

// Values as BigQuery's JSON carries them: strings; timestamps as microseconds since the epoch.
const wire = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  if (value instanceof DuckDBTimestampValue) return String(value.micros);
  return String(value);
};

const send = (response: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
};
