import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ilmRetention } from '../../../src/connectors/elasticsearch/ilm';
import { createOpenSearchClient } from '../../../src/connectors/opensearch/client';
import { setupOpenSearch } from '../../../src/connectors/opensearch/setup';
import type { PipelineDoc } from '../../../src/core';
import { FIELD_CATALOG } from '../../../src/transformers';
import type { SearchSource, Warehouse } from '../../../src/warehouse';
import { DUCKDB_DIALECT } from '../../../src/warehouse/duckdb/ddl';
import { DuckDbWarehouse } from '../../../src/warehouse/duckdb/warehouse';
import { runSync } from '../../../src/warehouse/sync';
import type { SqlDialect } from '../../../src/warehouse/views';
import { BigQueryStandIn } from '../../helpers/bigquery-stand-in';
import { runCwlpipe } from '../../helpers/cli';
import { deleteIndices, ENGINES, testConfig, uniquePrefix } from '../opensearch/support';
import { compareAll, topPairs } from './compare';
import { deliver, fixtureCorpus, syntheticStream, transformEnvelopes } from './corpus';
import { expectedTables, uniqueDocs } from './oracle';

// A warehouse that is down or refuses rows: the sync fails with a sentence saying so, the watermark
// stays, and the next sync completes the work without counting anything twice. Then the same reader
// against Elasticsearch. BigQuery syncs run `cwlpipe` from dist/ (`npm run build` first).

const START = Date.UTC(2024, 4, 1, 12, 0, 0);
const STAND_IN_DIALECT: SqlDialect = {
  ref: (name) => `"cwlpipe"."${name}"`,
  epochMillis: (e) => `epoch_ms(${e})`,
};

const assertExact = async (
  warehouse: Pick<Warehouse, 'query'>,
  dialect: SqlDialect,
  docs: readonly PipelineDoc[],
) => {
  const expected = expectedTables(uniqueDocs(docs));
  expected.vpc_top_talkers_minute = topPairs(expected.vpc_top_talkers_minute as never, 20);
  for (const { table, actual, expected: rows } of await compareAll(
    warehouse as Warehouse,
    dialect,
    expected,
  )) {
    expect({ table, rows: [...actual].sort() }).toEqual({ table, rows: [...rows].sort() });
  }
};

describe('Warehouse: a warehouse that is down or refuses rows', () => {
  const prefix = uniquePrefix('whf');
  const config = testConfig(prefix);
  const client = createOpenSearchClient(config);
  const source: SearchSource = { client, prefix, label: 'OpenSearch' };
  const dir = mkdtempSync(join(tmpdir(), 'cwlpipe-whf-'));
  const docs: PipelineDoc[] = [];
  let standIn: BigQueryStandIn;
  const bigQueryEnv = () => ({
    OPENSEARCH_URL: config.url,
    OPENSEARCH_INDEX_PREFIX: prefix,
    CWLPIPE_DESTINATION: 'opensearch',
    CWLPIPE_WAREHOUSE: 'bigquery',
    CWLPIPE_BIGQUERY_PROJECT: 'stand-in',
    CWLPIPE_BIGQUERY_API_ENDPOINT: standIn.url,
    CWLPIPE_WAREHOUSE_LOOKBACK_SECONDS: '5',
  });
  const standInWatermark = async () =>
    (await standIn.query('SELECT epoch_ms(MAX(watermark)) FROM "cwlpipe"."_cwlpipe_sync_state"'))
      .rows[0]?.[0];
  const deliverMore = async (seed: number) => {
    const more = transformEnvelopes(syntheticStream(1_500, START + seed * 60_000, seed));
    docs.push(...more);
    await deliver(client, config, more);
  };

  beforeAll(async () => {
    await setupOpenSearch(client, config, FIELD_CATALOG);
    docs.push(...fixtureCorpus());
    await deliver(client, config, docs);
    standIn = await BigQueryStandIn.start();
  });
  afterAll(async () => {
    await standIn?.stop();
    await deleteIndices(client, prefix);
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('DuckDB: a refused write leaves the watermark, says why, and the next sync completes it', async () => {
    // Prepare: a first sync, new documents, and a table that no longer takes the rows
    const duck = await DuckDbWarehouse.open({ path: join(dir, 'faults.duckdb') });
    await runSync(duck, source, { lookbackMs: 5_000 });
    const before = await duck.readWatermark();
    await deliverMore(3);
    await duck.query('ALTER TABLE lambda_minute RENAME COLUMN errors TO errors_elsewhere');

    // Act
    const failed = runSync(duck, source, { lookbackMs: 5_000 });

    // Assess
    await expect(failed).rejects.toThrow(/refused the write .*errors.*nothing of it was kept/s);
    expect(await duck.readWatermark()).toBe(before);

    // Act: the table is mended; the next sync does the work
    await duck.query('ALTER TABLE lambda_minute RENAME COLUMN errors_elsewhere TO errors');
    const report = await runSync(duck, source, { lookbackMs: 5_000 });

    // Assess
    expect(report.windows).toBeGreaterThan(0);
    expect(report.watermarkAfter).toBeGreaterThan(before as number);
    await assertExact(duck, DUCKDB_DIALECT, docs);
    await duck.close();
  });

  it('BigQuery: refused rows and an unreachable service leave the watermark; the next sync completes', async () => {
    // Prepare
    const first = await runCwlpipe(['warehouse', 'sync'], bigQueryEnv());
    expect(first.stderr).toBe('');
    const before = await standInWatermark();
    await deliverMore(7);
    standIn.refuseRows('lambda_minute__versions');

    // Act
    const refused = await runCwlpipe(['warehouse', 'sync'], bigQueryEnv());

    // Assess
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(
      /BigQuery refused \d+ row\(s\) of lambda_minute__versions \(\d+ rejected, 0 retryable; first: invalid: .*watermark stays/,
    );
    expect(await standInWatermark()).toBe(before);

    // Act: the service is down
    standIn.acceptRows();
    standIn.down = true;
    const down = await runCwlpipe(['warehouse', 'sync'], bigQueryEnv());
    standIn.down = false;

    // Assess
    expect(down.status).toBe(2);
    expect(down.stderr).toMatch(/BigQuery did not answer .*the next sync tries again/);
    expect(await standInWatermark()).toBe(before);

    // Act: it is back
    const next = await runCwlpipe(['warehouse', 'sync'], bigQueryEnv());

    // Assess: the rows of the refused attempt were never marked, so nothing counts twice
    expect(next.status).toBe(0);
    expect(Number(await standInWatermark())).toBeGreaterThan(Number(before));
    await assertExact({ query: (sql) => standIn.query(sql) }, STAND_IN_DIALECT, docs);
  });
});

describe('Warehouse: the same reader on Elasticsearch', () => {
  const engine = ENGINES.find((candidate) => candidate.id === 'elasticsearch');
  const prefix = uniquePrefix('whes');
  const config = testConfig(prefix, engine ? { engine } : {});
  const client = createOpenSearchClient(config);
  const dir = mkdtempSync(join(tmpdir(), 'cwlpipe-whes-'));

  afterAll(async () => {
    await deleteIndices(client, prefix);
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('mirrors the fixture corpus and a generated stream exactly', async () => {
    // Prepare
    await setupOpenSearch(client, config, FIELD_CATALOG, ilmRetention);
    const docs = [...fixtureCorpus(), ...transformEnvelopes(syntheticStream(3_000, START))];
    await deliver(client, config, docs);
    const duck = await DuckDbWarehouse.open({ path: join(dir, 'es.duckdb') });

    // Act
    const report = await runSync(duck, { client, prefix, label: 'Elasticsearch' }, { lookbackMs: 5_000 });

    // Assess
    expect(report.windows).toBeGreaterThan(0);
    await assertExact(duck, DUCKDB_DIALECT, docs);
    await duck.close();
  });
});
