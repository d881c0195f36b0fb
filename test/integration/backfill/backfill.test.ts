import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { buildConnectors, buildDeadLetterSink } from '../../../src/connectors';
import { createOpenSearchClient, type OpenSearchClient } from '../../../src/connectors/opensearch/client';
import { setupOpenSearch } from '../../../src/connectors/opensearch/setup';
import { S3PayloadArchive } from '../../../src/consumers/archive';
import { type BackfillReport, timeSlices } from '../../../src/consumers/backfill';
import { kinesisClient } from '../../../src/consumers/poller/kinesis-client';
import { deadlineIn, type Envelope, type PipelineDoc } from '../../../src/core';
import { buildConfig, Pipeline, processBatch } from '../../../src/pipeline';
import { FIELD_CATALOG } from '../../../src/transformers';
import { DUCKDB_DIALECT } from '../../../src/warehouse/duckdb/ddl';
import { DuckDbWarehouse } from '../../../src/warehouse/duckdb/warehouse';
import { ROOT, runCwlpipe } from '../../helpers/cli';
import { type MotoServer, motoUnavailable, startMoto } from '../e2e/moto-server';
import { countDocs, deleteIndices, openSearchUrl, testConfig, uniquePrefix } from '../opensearch/support';
import { compareAll, topPairs } from '../warehouse/compare';
import { transformEnvelopes } from '../warehouse/corpus';
import { expectedTables, uniqueDocs } from '../warehouse/oracle';
import { HOURS, history, type StreamPayload, seedLogs, streamPayloads } from './seed';

// History in moto's CloudWatch Logs (and the same payloads on moto's Kinesis stream, and in moto's S3 as
// the raw archive) through `cwlpipe backfill` (dist/: `npm run build` first) into the real local
// OpenSearch and DuckDB.

const unavailable = motoUnavailable();
if (unavailable !== undefined) {
  process.stderr.write(`\nSKIPPED test/integration/backfill/backfill.test.ts: ${unavailable}\n`);
}
const describeWithMoto = unavailable === undefined ? describe : describe.skip;

// Three days of history ending at the last whole hour (moto accepts events of the last 14 days).
const TO = Math.floor(Date.now() / HOURS) * HOURS;
const FROM = TO - 72 * HOURS;
const STARTS = [FROM + 2 * HOURS, FROM + 26 * HOURS + 17 * 60_000, FROM + 50 * HOURS + 41 * 60_000];
const GENERATED = history(STARTS, 4);

describeWithMoto('cwlpipe backfill: moto CloudWatch Logs and S3 → real OpenSearch and DuckDB', () => {
  let moto: MotoServer;
  let logs: CloudWatchLogsClient;
  let kinesis: KinesisClient;
  let s3: S3Client;
  let search: OpenSearchClient;
  let payloads: StreamPayload[];
  /** What the stream's payloads become through the pipeline: the documents every way must give. */
  let expected: PipelineDoc[];
  const dir = mkdtempSync(join(tmpdir(), 'cwlpipe-backfill-'));
  const prefixes = { stream: uniquePrefix('bf'), killed: uniquePrefix('bfk'), archive: uniquePrefix('bfa') };
  const groups = [...new Set(GENERATED.map((envelope) => envelope.logGroup))];
  const range = ['--from', new Date(FROM).toISOString(), '--to', new Date(TO).toISOString()];
  const fromLogs = groups.flatMap((group) => ['--log-group', group]);

  const env = (prefix: string): Record<string, string> => ({
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_REGION: 'us-east-1',
    OPENSEARCH_URL: openSearchUrl(),
    OPENSEARCH_INDEX_PREFIX: prefix,
    CWLPIPE_DESTINATION: 'opensearch',
    CWLPIPE_WAREHOUSE: 'duckdb',
    CWLPIPE_DUCKDB_PATH: join(dir, `${prefix}.duckdb`),
  });
  const backfill = async (
    prefix: string,
    args: string[],
    extraEnv: Record<string, string> = {},
  ): Promise<BackfillReport> => {
    const reportFile = join(dir, `report-${prefix}-${Date.now()}.json`);
    const run = await runCwlpipe(['backfill', ...args, '--report', reportFile], {
      ...env(prefix),
      ...extraEnv,
    });
    if (run.status !== 0)
      throw new Error(`cwlpipe backfill failed (${run.status}): ${run.stderr}${run.stdout}`);
    return JSON.parse(readFileSync(reportFile, 'utf8')) as BackfillReport;
  };
  /** Every document of a prefix by `_id`, without `@ingested` (the only field that says when it was processed). */
  const documents = async (prefix: string): Promise<Map<string, unknown>> => {
    await countDocs(search, prefix);
    const { body } = await search.search({
      index: `${prefix}-*,-${prefix}-deadletter-*`,
      body: { size: 10_000, query: { match_all: {} } },
    });
    const hits = body.hits.hits as { _id: string; _source: Record<string, unknown> }[];
    return new Map(hits.map(({ _id, _source: { '@ingested': _ingested, ...rest } }) => [_id, rest]));
  };
  const assertWarehouseExact = async (prefix: string): Promise<void> => {
    const duck = await DuckDbWarehouse.open({ path: join(dir, `${prefix}.duckdb`) });
    try {
      const tables = expectedTables(uniqueDocs(expected));
      tables.vpc_top_talkers_minute = topPairs(tables.vpc_top_talkers_minute as never, 20);
      delete tables.pipeline_deadletters_minute;
      for (const { table, actual, expected: rows } of await compareAll(duck, DUCKDB_DIALECT, tables)) {
        expect({ table, rows: [...actual].sort() }).toEqual({ table, rows: [...rows].sort() });
      }
    } finally {
      await duck.close();
    }
  };

  beforeAll(async () => {
    moto = await startMoto();
    const aws = {
      region: 'us-east-1',
      endpoint: moto.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      requestHandler: new NodeHttpHandler(),
    };
    logs = new CloudWatchLogsClient(aws);
    s3 = new S3Client({ ...aws, forcePathStyle: true });
    kinesis = kinesisClient({ endpoint: moto.endpoint });
    await seedLogs(logs, kinesis, 'cwlpipe-backfill', GENERATED);
    payloads = await streamPayloads(kinesis, 'cwlpipe-backfill');
    expected = transformEnvelopes(payloads.map((payload) => payload.envelope as Envelope));
    search = createOpenSearchClient(testConfig(prefixes.stream));
    for (const prefix of Object.values(prefixes))
      await setupOpenSearch(search, testConfig(prefix), FIELD_CATALOG);
  });

  afterAll(async () => {
    for (const prefix of Object.values(prefixes)) await deleteIndices(search, prefix);
    await search?.close();
    logs?.destroy();
    s3?.destroy();
    kinesis?.destroy();
    await moto?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('indexes every event once over what the stream already delivered, keeps the warehouse exact, and adds nothing when run again', async () => {
    // Prepare: the stream delivered the Lambda group's payloads before the backfill runs
    const streamed = payloads.filter((payload) => payload.envelope.logGroup.startsWith('/aws/lambda/'));
    const streamedEvents = streamed.reduce((sum, payload) => sum + payload.envelope.logEvents.length, 0);
    const streamEnv = { ...process.env, ...env(prefixes.stream) };
    const connectors = buildConnectors(['opensearch'], streamEnv);
    const delivery = await processBatch(
      streamed.map((payload, recordIndex) => ({
        kind: 'bytes',
        bytes: payload.data,
        origin: { recordIndex },
      })),
      { pipeline: new Pipeline(buildConfig()), connectors, deadLetters: buildDeadLetterSink(streamEnv) },
      deadlineIn(60_000),
    );
    await Promise.all(connectors.map((connector) => connector.close?.()));
    const checkpoints = ['--checkpoints', join(dir, 'stream-checkpoints.json')];

    // Act
    const dryRun = await runCwlpipe(['backfill', ...range, ...fromLogs, '--dry-run'], env(prefixes.stream));
    const first = await backfill(prefixes.stream, [
      ...range,
      ...fromLogs,
      ...checkpoints,
      '--slice-minutes',
      '360',
    ]);
    const afterFirst = await countDocs(search, prefixes.stream);
    const second = await backfill(prefixes.stream, [...range, ...fromLogs, ...checkpoints, '--fresh']);

    // Assess
    const events = GENERATED.reduce((sum, envelope) => sum + envelope.logEvents.length, 0);
    const docs = uniqueDocs(expected).length;
    expect(delivery.failed).toEqual([]);
    expect(streamedEvents).toBeGreaterThan(0);
    expect(dryRun.status).toBe(0);
    expect(dryRun.stdout).toContain(`events read: ${events}`);
    expect(first.totals).toMatchObject({
      events,
      indexed: docs - streamedEvents,
      alreadyPresent: streamedEvents,
    });
    expect(first.slices).toMatchObject({
      total: timeSlices({ from: FROM, to: TO }, 6 * HOURS).length * groups.length,
      failed: [],
    });
    expect(first.warehouse?.windows).toBeGreaterThan(0);
    expect(afterFirst).toBe(docs);
    expect(second.totals).toMatchObject({ events, indexed: 0, alreadyPresent: docs });
    expect(await countDocs(search, prefixes.stream)).toBe(docs);
    await assertWarehouseExact(prefixes.stream);
  });

  it('ends a run killed halfway (SIGKILL) and restarted with the same documents, resuming from its checkpoints', async () => {
    // Prepare
    const checkpointFile = join(dir, 'killed-checkpoints.json');
    const args = [
      'backfill',
      ...range,
      ...fromLogs,
      '--checkpoints',
      checkpointFile,
      '--slice-minutes',
      '60',
      '--parallel',
      '1',
    ];
    const slicesTotal = 72 * groups.length;

    // Act: kill once a third of the slices are checkpointed, then run the same command again
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'cwlpipe.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env(prefixes.killed) },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    let doneBeforeKill = 0;
    const until = Date.now() + 60_000;
    while (Date.now() < until && child.exitCode === null) {
      if (existsSync(checkpointFile)) {
        try {
          doneBeforeKill = Object.keys(JSON.parse(readFileSync(checkpointFile, 'utf8')).slices).length;
        } catch {
          // between writes: the rename makes this rare; look again
        }
      }
      if (doneBeforeKill >= slicesTotal / 3) break;
      await sleep(20);
    }
    child.kill('SIGKILL');
    const signal = await exited;
    const resumed = await backfill(prefixes.killed, args.slice(1));

    // Assess
    expect(signal).toBe('SIGKILL');
    expect(doneBeforeKill).toBeGreaterThanOrEqual(slicesTotal / 3);
    expect(doneBeforeKill).toBeLessThan(slicesTotal);
    expect(resumed.slices.total).toBe(slicesTotal);
    expect(resumed.slices.done).toBe(slicesTotal);
    expect(resumed.slices.resumed).toBeGreaterThanOrEqual(doneBeforeKill);
    expect(resumed.totals.indexed + resumed.totals.alreadyPresent).toBe(uniqueDocs(expected).length);
    expect(await documents(prefixes.killed)).toEqual(await documents(prefixes.stream));
    await assertWarehouseExact(prefixes.killed);
  });

  it('reads back what the archive connector wrote (one payload per object, and several back to back) as the same documents the stream gave', async () => {
    // Prepare: every payload as the consumer archives it, plus one object holding two payloads back to back
    const bucket = `cwlpipe-archive-${Date.now()}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const location = { bucket, prefix: 'raw' };
    const archive = new S3PayloadArchive(location, async () => s3);
    const written = await archive.write(
      payloads.map((payload) => ({ data: payload.data, receivedAt: payload.arrivedAt })),
    );
    const [one, two] = payloads;
    const doubled = Buffer.concat([one?.data ?? Buffer.alloc(0), two?.data ?? Buffer.alloc(0)]);
    const writtenDoubled = await archive.write([{ data: doubled, receivedAt: one?.arrivedAt ?? new Date() }]);
    const received = payloads.map((payload) => payload.arrivedAt.getTime());
    const window = [
      '--from',
      new Date(Math.min(...received) - HOURS).toISOString(),
      '--to',
      new Date(Math.max(...received) + HOURS).toISOString(),
    ];

    // Act
    const archiveArgs = [...window, '--archive', `s3://${bucket}/raw`];
    const checkpoints = ['--checkpoints', `s3://${bucket}/checkpoints/backfill.json`];
    const report = await backfill(prefixes.archive, [...archiveArgs, ...checkpoints]);
    // The same archive again, named only as the consumers know it (CWLPIPE_ARCHIVE_BUCKET), as the daily batch runs
    const again = await backfill(prefixes.archive, [...window, ...checkpoints], {
      CWLPIPE_ARCHIVE_BUCKET: bucket,
      CWLPIPE_ARCHIVE_PREFIX: 'raw',
    });

    // Assess
    const repeated = (one?.envelope.logEvents.length ?? 0) + (two?.envelope.logEvents.length ?? 0);
    expect([written.failed, writtenDoubled.failed]).toEqual([[], []]);
    expect(report.slices.failed).toEqual([]);
    expect(report.totals).toMatchObject({ indexed: uniqueDocs(expected).length, alreadyPresent: repeated });
    expect(await documents(prefixes.archive)).toEqual(await documents(prefixes.stream));
    expect(again.slices.resumed).toBe(report.slices.total);
    expect(again.totals).toEqual(report.totals);
  });

  it('refuses a log group that does not exist and an archive address that is not one, naming them', async () => {
    // Prepare
    const missing = [...range, '--log-group', '/aws/lambda/no-such-function'];
    const notS3 = [...range, '--archive', 'https://example.com/raw'];
    // Act
    const runMissing = await runCwlpipe(['backfill', ...missing], env(prefixes.stream));
    const runNotS3 = await runCwlpipe(['backfill', ...notS3], env(prefixes.stream));
    // Assess
    expect(runMissing.status).toBe(2);
    expect(runMissing.stderr).toBe(
      'cwlpipe: The log group "/aws/lambda/no-such-function" does not exist (or cannot be seen).\n',
    );
    expect(runNotS3.status).toBe(2);
    expect(runNotS3.stderr).toContain(
      '--archive: archive address "https://example.com/raw" is not of the form s3://bucket[/prefix]',
    );
  });
});
