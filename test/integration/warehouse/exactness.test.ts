import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpenSearchClient } from '../../../src/connectors/opensearch/client';
import { setupOpenSearch } from '../../../src/connectors/opensearch/setup';
import type { PipelineDoc } from '../../../src/core';
import { FIELD_CATALOG } from '../../../src/transformers';
import type { SearchSource, SyncReport, Warehouse } from '../../../src/warehouse';
import { DUCKDB_DIALECT } from '../../../src/warehouse/duckdb/ddl';
import { DuckDbWarehouse } from '../../../src/warehouse/duckdb/warehouse';
import { BUCKET_RATIO } from '../../../src/warehouse/histogram';
import { runSync } from '../../../src/warehouse/sync';
import { TABLES } from '../../../src/warehouse/tables';
import type { SqlDialect } from '../../../src/warehouse/views';
import { BigQueryStandIn } from '../../helpers/bigquery-stand-in';
import { runCwlpipe } from '../../helpers/cli';
import { deleteIndices, testConfig, uniquePrefix } from '../opensearch/support';
import { compareAll, topPairs } from './compare';
import { deliver, fixtureCorpus, syntheticStream, transformEnvelopes } from './corpus';
import { durationsByKey, expectedTables, nearestRank, uniqueDocs } from './oracle';

// One corpus in the real local OpenSearch, mirrored into two warehouses at every step: the real DuckDB
// (in this process) and BigQuery, written by `cwlpipe warehouse sync` (from dist/: `npm run build`
// first) through the real client against the REST stand-in (test/helpers/bigquery-stand-in.ts).
// After every step each warehouse must hold exactly what the documents add up to.

const START = Date.UTC(2024, 4, 1, 12, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// The test makes every delivery searchable at once (refresh), so only clock steps need covering.
const LOOKBACK_SECONDS = 5;

describe('Warehouse: exact, idempotent aggregates from OpenSearch', () => {
  const prefix = uniquePrefix('wh');
  const config = testConfig(prefix, { bulk: { maxDocs: 5000, maxBytes: 8 * 1024 * 1024, concurrency: 2 } });
  const client = createOpenSearchClient(config);
  const source: SearchSource = { client, prefix, label: 'OpenSearch' };
  const dir = mkdtempSync(join(tmpdir(), 'cwlpipe-wh-'));
  let duck: DuckDbWarehouse;
  let standIn: BigQueryStandIn;
  const delivered: PipelineDoc[] = [];
  const stream = syntheticStream(100_000, START);
  const lateStream = syntheticStream(3_000, START - 5 * HOUR, 99);

  const bigQueryEnv = () => ({
    OPENSEARCH_URL: config.url,
    OPENSEARCH_INDEX_PREFIX: prefix,
    CWLPIPE_DESTINATION: 'opensearch',
    CWLPIPE_WAREHOUSE: 'bigquery',
    CWLPIPE_BIGQUERY_PROJECT: 'stand-in',
    CWLPIPE_BIGQUERY_DATASET: 'cwlpipe',
    CWLPIPE_BIGQUERY_API_ENDPOINT: standIn.url,
    CWLPIPE_WAREHOUSE_LOOKBACK_SECONDS: String(LOOKBACK_SECONDS),
  });
  const syncDuck = (): Promise<SyncReport> => runSync(duck, source, { lookbackMs: LOOKBACK_SECONDS * 1000 });
  const syncBigQuery = async (): Promise<string> => {
    const run = await runCwlpipe(['warehouse', 'sync'], bigQueryEnv());
    if (run.status !== 0) throw new Error(`cwlpipe warehouse sync (BigQuery) failed: ${run.stderr}`);
    return run.stdout;
  };
  const syncBoth = async () => {
    await syncDuck();
    await syncBigQuery();
  };
  // The stand-in's DuckDB holds the BigQuery dataset as schema "cwlpipe": its views are what BigQuery serves.
  const bigQueryReader = (): Pick<Warehouse, 'query'> => ({ query: (sql) => standIn.query(sql) });
  const STAND_IN_DIALECT: SqlDialect = {
    ref: (name) => `"cwlpipe"."${name}"`,
    epochMillis: (e) => `epoch_ms(${e})`,
  };

  const assertExact = async (docs: readonly PipelineDoc[]) => {
    const expected = expectedTables(uniqueDocs(docs));
    expected.vpc_top_talkers_minute = topPairs(expected.vpc_top_talkers_minute as never, 20);
    for (const [name, warehouse, dialect] of [
      ['duckdb', duck, DUCKDB_DIALECT],
      ['bigquery', bigQueryReader(), STAND_IN_DIALECT],
    ] as const) {
      for (const { table, actual, expected: rows } of await compareAll(
        warehouse as Warehouse,
        dialect,
        expected,
      )) {
        expect({ name, table, rows: [...actual].sort() }).toEqual({ name, table, rows: [...rows].sort() });
      }
    }
  };

  beforeAll(async () => {
    await setupOpenSearch(client, config, FIELD_CATALOG);
    duck = await DuckDbWarehouse.open({ path: join(dir, 'warehouse.duckdb') });
    standIn = await BigQueryStandIn.start();
  });
  afterAll(async () => {
    await duck?.close();
    await standIn?.stop();
    await deleteIndices(client, prefix);
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has expected rows in the oracle for every table but the histogram (the percentile test reads it)', () => {
    // Prepare
    const expected = expectedTables([]);

    // Act
    const unchecked = TABLES.map((table) => table.name).filter(
      (name) => !(name in expected) && name !== 'lambda_duration_histogram_minute',
    );

    // Assess
    expect(unchecked).toEqual([]);
  });

  it('holds exactly what the fixture corpus and a stream of 100,000 events add up to', async () => {
    // Prepare
    delivered.push(...fixtureCorpus(), ...transformEnvelopes(stream));
    await deliver(client, config, delivered);

    // Act
    const report = await syncDuck();
    await syncBigQuery();

    // Assess
    expect(stream.reduce((sum, envelope) => sum + envelope.logEvents.length, 0)).toBeGreaterThanOrEqual(
      100_000,
    );
    expect(report.windows).toBeGreaterThan(10);
    await assertExact(delivered);
  });

  it('changes nothing when the same batches are delivered twice, replayed, and their range recomputed', async () => {
    // Prepare: the same documents again, then half the stream replayed (processed anew, same ids)
    await deliver(client, config, delivered);
    const replayed = transformEnvelopes(stream.slice(0, Math.ceil(stream.length / 2)));
    await deliver(client, config, replayed);
    const from = new Date(START - 10 * MINUTE).toISOString();
    const to = new Date(START + 10 * MINUTE).toISOString();

    // Act: a plain sync, then a backfill-style recompute of the whole range
    await syncDuck();
    await syncBigQuery();
    const range = await runSync(duck, source, { fromMs: Date.parse(from), toMs: Date.parse(to) });
    const cli = await runCwlpipe(['warehouse', 'sync', '--from', from, '--to', to], bigQueryEnv());

    // Assess: every minute of the range was rewritten, and nothing is counted twice
    expect(range.windows).toBe(20);
    expect(cli.stdout).toContain('Recomputed 20 minute(s)');
    await assertExact(delivered);
  });

  it('counts a slice delivered hours late into its own old minutes', async () => {
    // Prepare: events five hours older than anything synced so far, indexed only now
    const late = transformEnvelopes(lateStream);
    delivered.push(...late);
    await deliver(client, config, late);

    // Act
    const report = await syncDuck();
    await syncBigQuery();

    // Assess
    expect(report.windows).toBeGreaterThan(0);
    await assertExact(delivered);
  });

  it('changes nothing when synced twice in a row or several times at once', async () => {
    // Prepare: some new documents so the concurrent syncs have minutes to fight over
    const again = transformEnvelopes(stream.slice(-20));
    await deliver(client, config, again);
    const second = await DuckDbWarehouse.open({ path: join(dir, 'warehouse.duckdb') });

    // Act
    await Promise.all([
      syncDuck(),
      syncDuck(),
      runSync(second, source, { lookbackMs: LOOKBACK_SECONDS * 1000 }),
    ]);
    await Promise.all([syncBigQuery(), syncBigQuery()]);
    await syncBoth();
    await second.close();

    // Assess
    await assertExact(delivered);
  });

  it('gives percentiles within one bucket of the exact ones', async () => {
    // Prepare
    const exact = durationsByKey(uniqueDocs(delivered));

    // Act
    const result = await duck.query(
      'SELECT epoch_ms(minute) AS minute, function_name, version, invocations, p50_ms, p95_ms, p99_ms FROM lambda_percentiles_minute',
    );

    // Assess: the view gives the upper bound of the bucket holding the exact nearest-rank percentile
    expect(result.rows.length).toBe(exact.size);
    for (const [minute, fn, version, invocations, ...percentiles] of result.rows) {
      const durations = exact.get(JSON.stringify([minute, fn, version])) ?? [];
      expect(invocations).toBe(durations.length);
      [0.5, 0.95, 0.99].forEach((p, index) => {
        const truth = nearestRank(durations, p);
        const shown = Number(percentiles[index]);
        expect(shown).toBeGreaterThan(truth);
        expect(shown).toBeLessThanOrEqual(Math.max(1, truth * BUCKET_RATIO) + 1e-9);
      });
    }
  });
});
