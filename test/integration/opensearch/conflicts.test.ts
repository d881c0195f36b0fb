import { deadlineIn } from '../../../src/core';
import { buildConfig } from '../../../src/pipeline/config';
import { Pipeline } from '../../../src/pipeline/run';
import { envelope } from '../../helpers/records';
import { countDocs, deleteIndices, ENGINES, testConfig, testConnector, uniquePrefix } from './support';

describe.each(ENGINES)('Connector: $id mapping conflicts (real cluster)', (engine) => {
  it('indexes both documents when two JSON apps disagree on a field type, the odd value kept under @conflicts', async () => {
    // Prepare
    const prefix = uniquePrefix('conflict');
    const { connector, client } = testConnector(testConfig(prefix, { engine }));
    const pipeline = new Pipeline(buildConfig());
    const orders = pipeline.processEnvelope(
      envelope('/ecs/orders', [
        {
          id: '37911111111111111111111111111111111111111111111111111101',
          message: '{"status":200,"user":{"id":7}}',
        },
      ]),
      { recordIndex: 0 },
    );
    const billing = pipeline.processEnvelope(
      envelope('/ecs/billing', [
        {
          id: '37911111111111111111111111111111111111111111111111111102',
          message: '{"status":"ok","user":"ana","amount":12}',
        },
      ]),
      { recordIndex: 1 },
    );

    try {
      // Act
      const first = await connector.deliver(orders.docs, deadlineIn(30_000));
      const second = await connector.deliver(billing.docs, deadlineIn(30_000));

      // Assess
      expect(first).toEqual({ delivered: 1, retryable: [], rejected: [] });
      expect(second).toEqual({ delivered: 1, retryable: [], rejected: [] });
      expect(await countDocs(client, prefix)).toBe(2);
      const { body } = await client.get({
        index: `${prefix}-json-2024.05.01`,
        id: '37911111111111111111111111111111111111111111111111111102',
      });
      const source = body._source as Record<string, unknown>;
      expect(source.json).toEqual({ amount: 12 });
      expect(source['@conflicts']).toEqual([
        { field: 'json.status', mapped_as: 'long', value: 'ok' },
        { field: 'json.user', mapped_as: 'object', value: 'ana' },
      ]);
      const mapping = await client.indices.getFieldMapping({
        index: `${prefix}-json-*`,
        fields: ['json.status'],
      });
      expect(JSON.stringify(mapping.body)).toContain('"type":"long"');
    } finally {
      await deleteIndices(client, prefix);
      await connector.close();
    }
  });

  it('rejects, with the reason, a document the cluster refuses for something other than a conflict', async () => {
    // Prepare: a strict index, as an operator might configure, refuses any field it does not know.
    const prefix = uniquePrefix('strict');
    const { connector, client } = testConnector(testConfig(prefix, { engine }));
    await client.indices.create({
      index: `${prefix}-json-2024.05.01`,
      body: { mappings: { dynamic: 'strict', properties: { '@timestamp': { type: 'date' } } } },
    });
    const docs = new Pipeline(buildConfig()).processEnvelope(envelope('/ecs/orders', ['{"status":200}']), {
      recordIndex: 0,
    }).docs;

    try {
      // Act
      const report = await connector.deliver(docs, deadlineIn(30_000));

      // Assess
      expect(report.delivered).toBe(0);
      expect(report.retryable).toEqual([]);
      expect(report.rejected.map((item) => [item.doc, item.code])).toEqual([
        [docs[0], 'strict_dynamic_mapping_exception'],
      ]);
      expect(report.rejected[0]?.reason).toMatch(/mapping set to strict/);
    } finally {
      await deleteIndices(client, prefix);
      await connector.close();
    }
  });
});
