import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpenSearchClient } from '../../../src/connectors/opensearch/client';
import { setupOpenSearch } from '../../../src/connectors/opensearch/setup';
import type { PipelineDoc } from '../../../src/core';
import { FIELD_CATALOG } from '../../../src/transformers';
import type { SearchSource } from '../../../src/warehouse';
import { DUCKDB_DIALECT } from '../../../src/warehouse/duckdb/ddl';
import { DuckDbWarehouse } from '../../../src/warehouse/duckdb/warehouse';
import { BUCKET_RATIO } from '../../../src/warehouse/histogram';
import { runSync } from '../../../src/warehouse/sync';
import { deleteIndices, testConfig, uniquePrefix } from '../opensearch/support';
import { compareAll, topPairs } from './compare';
import { deliver, fixtureCorpus, syntheticStream, transformEnvelopes } from './corpus';
import { durationsByKey, expectedTables, nearestRank, uniqueDocs } from './oracle';

const START = Date.UTC(2024, 4, 1, 12, 0, 0);
const HOURS = 3_600_000;

describe('Warehouse: DuckDB from OpenSearch', () => {
  const prefix = uniquePrefix('wh');
  const config = testConfig(prefix);
  const client = createOpenSearchClient(config);
  const source: SearchSource = { client, prefix, label: 'OpenSearch' };
  const dir = mkdtempSync(join(tmpdir(), 'cwlpipe-wh-'));
  let warehouse: DuckDbWarehouse;
  let delivered: PipelineDoc[] = [];
  const sync = () => runSync(warehouse, source, { lookbackMs: 5_000 });

  const assertExact = async (docs: readonly PipelineDoc[]) => {
    const expected = expectedTables(uniqueDocs(docs));
    expected.vpc_top_talkers_minute = topPairs(expected.vpc_top_talkers_minute as never, 20);
    for (const { table, actual, expected: rows } of await compareAll(warehouse, DUCKDB_DIALECT, expected)) {
      expect({ table, rows: [...actual].sort() }).toEqual({ table, rows: [...rows].sort() });
    }
  };

  beforeAll(async () => {
    await setupOpenSearch(client, config, FIELD_CATALOG);
    warehouse = await DuckDbWarehouse.open({ path: join(dir, 'wh.duckdb') });
  });
  afterAll(async () => {
    await warehouse.close();
    await deleteIndices(client, prefix);
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds exactly what the fixture corpus and a stream of 100,000 events add up to', async () => {
    // Prepare
    const stream = syntheticStream(100_000, START);
    delivered = [...fixtureCorpus(), ...transformEnvelopes(stream)];
    const since = Date.now();
    await deliver(client, config, delivered);
    process.stdout.write(`delivered ${delivered.length} documents in ${Date.now() - since} ms\n`);

    // Act
    const report = await sync();

    // Assess
    expect(stream.reduce((sum, envelope) => sum + envelope.logEvents.length, 0)).toBeGreaterThanOrEqual(
      100_000,
    );
    expect(report.windows).toBeGreaterThan(10);
    await assertExact(delivered);
  });
});
