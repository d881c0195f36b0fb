import { CONNECTORS } from '../../../src/connectors';
import { createOpenSearchClient } from '../../../src/connectors/opensearch/client';
import { buildOpenSearchConfig } from '../../../src/connectors/opensearch/config';
import { type Connector, deadlineIn, type PipelineDoc } from '../../../src/core';
import { FIELD_CATALOG } from '../../../src/transformers';
import { contractDocs, expectEveryItemClassifiedOnce } from '../../helpers/connector-contract';
import { countDocs, deleteIndices, ENGINES, engineUrl, uniquePrefix } from '../opensearch/support';

/** A document no destination can take as it is: its event time is not a time. */
const hostile = (doc: PipelineDoc): PipelineDoc => ({
  ...doc,
  body: { ...doc.body, '@id': `${doc.body['@id']}-hostile`, '@timestamp': 'not a time' },
});

/** A client of the search engine's test cluster (OpenSearch and Elasticsearch share the HTTP layer). */
const searchClient = (id: string) => {
  const engine = ENGINES.find((candidate) => candidate.id === id) as (typeof ENGINES)[number];
  return createOpenSearchClient(buildOpenSearchConfig({ url: engineUrl(engine) }, engine.engine));
};

/** How many documents a search engine holds in a scope, read back from the engine itself. */
const storedIn = (id: string) => async (prefix: string) => {
  const client = searchClient(id);
  try {
    return await countDocs(client, prefix);
  } finally {
    await client.close();
  }
};

/** What a search engine's test cluster needs removed afterwards (the servers are the integration setup's). */
const cleanUp = (id: string) => async (prefix: string) => {
  const client = searchClient(id);
  await deleteIndices(client, prefix);
  await client.indices.deleteIndexTemplate({ name: `${prefix}-*` }).catch(() => undefined);
  await client.close();
};

/** How many documents each destination holds in a scope, read back from the destination itself. */
const STORED: Record<string, (scope: string) => Promise<number>> = {
  opensearch: storedIn('opensearch'),
  elasticsearch: storedIn('elasticsearch'),
};

/** What each destination's test server needs removed afterwards. */
const CLEANUP: Record<string, (scope: string) => Promise<void>> = {
  opensearch: cleanUp('opensearch'),
  elasticsearch: cleanUp('elasticsearch'),
};

// Every registered connector against its live destination (the real servers the integration setup started).
describe.each(CONNECTORS.map((registration) => [registration.id, registration] as const))(
  'Connector contract, live destination: %s',
  (id, registration) => {
    const scope = uniquePrefix('contract');
    let connector: Connector;
    beforeAll(async () => {
      // A scope of its own (an index prefix, a dataset), so the contract writes nowhere else.
      const env = {
        ...process.env,
        ...(registration.scopeVariable && { [registration.scopeVariable]: scope }),
      };
      connector = registration.create(env);
      await connector.setup?.({ fields: FIELD_CATALOG });
    });
    afterAll(async () => {
      await connector.close?.();
      await CLEANUP[id]?.(scope);
    });

    it('has a read-back and a cleanup for its test destination', () => {
      // Assess
      expect(STORED[id]).toBeDefined();
      expect(CLEANUP[id]).toBeDefined();
    });

    it('is healthy when it has a health check', async () => {
      // Act
      const health = await connector.health?.();

      // Assess
      if (health !== undefined) expect(health).toMatchObject({ healthy: true });
    });

    it('classifies each document once: new, already there, and hostile in one call', async () => {
      // Prepare
      const docs = contractDocs();
      const first = await connector.deliver(docs.slice(0, 10), deadlineIn(60_000));
      const mixed = [...docs, ...docs.slice(0, 3).map(hostile)];

      // Act
      const report = await connector.deliver(mixed, deadlineIn(60_000));

      // Assess
      expectEveryItemClassifiedOnce(docs.slice(0, 10), first);
      expectEveryItemClassifiedOnce(mixed, report);
      expect(first.delivered).toBe(10);
      expect(report.retryable).toEqual([]);
      // Documents already there count as delivered; a hostile one is either taken (its bad value kept
      // aside, as OpenSearch's connector does) or rejected with its reason, never retried forever.
      const hostileDocs = new Set(mixed.slice(docs.length));
      expect(report.rejected.every((item) => hostileDocs.has(item.doc))).toBe(true);
      expect(report.delivered + report.rejected.length).toBe(mixed.length);
      // What it calls delivered is really there, once each.
      const taken = docs.length + hostileDocs.size - report.rejected.length;
      expect(await STORED[id]?.(scope)).toBe(taken);
    });
  },
);
