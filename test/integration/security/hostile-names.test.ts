import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConnectors, buildDeadLetterSink } from '../../../src/connectors';
import { createOpenSearchClient } from '../../../src/connectors/opensearch/client';
import { buildOpenSearchConfig } from '../../../src/connectors/opensearch/config';
import { inputRecordOf } from '../../../src/consumers/kinesis';
import type { Envelope } from '../../../src/core';
import { processBatch } from '../../../src/pipeline/batch';
import { buildConfig } from '../../../src/pipeline/config';
import { Pipeline } from '../../../src/pipeline/run';
import { FIELD_CATALOG } from '../../../src/transformers';
import { syncWarehouse } from '../../../src/warehouse';
import { DuckDbWarehouse } from '../../../src/warehouse/duckdb/warehouse';
import { HOSTILE_NAMES } from '../../helpers/hostile-names';
import { envelope, kinesisEvent } from '../../helpers/records';
import { deleteIndices, ENGINES, engineUrl, uniquePrefix } from '../opensearch/support';

const VPC_LINE =
  '2 123456789012 eni-0a1b2c3d4e5f67890 10.0.1.5 10.0.2.9 49152 443 6 12 5400 1714564800 1714564860 ACCEPT OK';

/** Every hostile name as a log group, a stream, a filter name, a JSON key and value, and a message. */
const hostileEnvelopes = (): Envelope[] =>
  HOSTILE_NAMES.flatMap((name, i) => {
    const json = JSON.stringify({ [name]: name, nested: { [name]: i }, level: 'INFO' });
    const ids = (n: number) => `4${String(i).padStart(3, '0')}${String(n).padStart(52, '0')}`;
    return [
      envelope(
        name,
        [
          { id: ids(0), message: json },
          { id: ids(1), message: name },
        ],
        {
          logStream: name,
          subscriptionFilters: [name],
        },
      ),
      // Routed by a filter name that names a type beside hostile words, and a VPC line that does not fit.
      envelope(
        `/vpc/${name}`,
        [
          { id: ids(2), message: `2 ${name} eni-1 x y z` },
          { id: ids(4), message: VPC_LINE },
        ],
        {
          logStream: name,
          subscriptionFilters: [`cwlpipe-vpcflow,${name}`],
        },
      ),
      envelope(
        `/aws/lambda/${name}`,
        [{ id: ids(3), message: `START RequestId: ${name} Version: $LATEST` }],
        {
          logStream: name,
        },
      ),
    ];
  });

describe.each(ENGINES)('Security: hostile names through the engine into $engine.label', (engine) => {
  const prefix = uniquePrefix('hostile');
  const client = createOpenSearchClient(buildOpenSearchConfig({ url: engineUrl(engine) }, engine.engine));

  const dir = mkdtempSync(join(tmpdir(), 'cwlpipe-hostile-'));
  const env = {
    CWLPIPE_DESTINATION: engine.id,
    [engine.urlVariable]: engineUrl(engine),
    [`${engine.id.toUpperCase()}_INDEX_PREFIX`]: prefix,
  };

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await deleteIndices(client, prefix);
    await client.indices.deleteIndexTemplate({ name: `${prefix}-*` }).catch(() => undefined);
    await client.close();
  });

  it('writes only cwl-<type>-<day> and dead-letter indices, and keeps every hostile name verbatim as data', async () => {
    // Prepare
    const connectors = buildConnectors([engine.id], env);
    for (const connector of connectors) await connector.setup?.({ fields: FIELD_CATALOG });
    const deadLetters = buildDeadLetterSink(env);
    const pipeline = new Pipeline(buildConfig({ logGroups: [{ pattern: '/vpc/*', type: 'vpcflow' }] }));
    const records = kinesisEvent(hostileEnvelopes()).Records.map(inputRecordOf);
    const indicesBefore = new Set(
      ((await client.cat.indices({ format: 'json' })).body as { index: string }[]).map((row) => row.index),
    );

    // Act
    const result = await processBatch(
      records,
      { pipeline, connectors, deadLetters },
      { at: Date.now() + 90_000 },
    );
    await Promise.all(connectors.map((connector) => connector.close?.()));

    // Assess
    expect(result.failed).toEqual([]);
    await client.indices.refresh({ index: `${prefix}-*` });
    const created = ((await client.cat.indices({ format: 'json' })).body as { index: string }[])
      .map((row) => row.index)
      .filter((name) => !indicesBefore.has(name));
    const ours = new RegExp(
      `^${prefix}-(vpcflow|lambda|cloudtrail|json|text|deadletter)-\\d{4}\\.\\d{2}\\.\\d{2}$`,
    );
    // Other suites may create indices meanwhile; none of them carries a hostile name either.
    expect(created.filter((name) => name.startsWith(`${prefix}-`)).sort()).toEqual(
      expect.arrayContaining([expect.stringMatching(/-json-/), expect.stringMatching(/-deadletter-/)]),
    );
    for (const name of created.filter((index) => index.startsWith(`${prefix}-`))) expect(name).toMatch(ours);
    for (const name of created) expect(name).not.toMatch(/passwd|pwned|script|drop table|istanbul|unicode/i);
    for (const name of HOSTILE_NAMES) {
      const { body } = await client.count({
        index: `${prefix}-*`,
        body: { query: { term: { 'aws.log_group': name } } },
      });
      // Stored as it came; keyword fields above ignore_above (the 600-character name) are kept, not indexed.
      if (name.length <= 256) expect({ name, count: body.count }).toEqual({ name, count: 2 });
    }
  });

  it('syncs the hostile log groups into DuckDB as values, with every table intact', async () => {
    // Prepare: the documents of the test above are in the indices
    const warehouseEnv = { ...env, CWLPIPE_WAREHOUSE: 'duckdb', CWLPIPE_DUCKDB_PATH: join(dir, 'w.duckdb') };

    // Act
    const report = await syncWarehouse({
      from: new Date('2024-05-01T00:00:00Z'),
      to: new Date('2024-05-02T00:00:00Z'),
      env: warehouseEnv,
    });

    // Assess
    expect(report).toBeDefined();
    const duck = await DuckDbWarehouse.open({ path: join(dir, 'w.duckdb') });
    try {
      const groups = await duck.query('SELECT DISTINCT log_group FROM vpc_flows_minute ORDER BY log_group');
      const expected = HOSTILE_NAMES.map((name) => `/vpc/${name}`).sort();
      expect(groups.rows.map((row) => row[0]).sort()).toEqual(expected);
      const tables = await duck.query(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'vpc_flows_minute'",
      );
      expect(Number(tables.rows[0]?.[0])).toBe(1);
    } finally {
      await duck.close();
    }
  });
});
