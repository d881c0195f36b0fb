import { CONNECTORS, type DestinationReadBack } from '../../../src/connectors';
import { type Connector, deadlineIn, type PipelineDoc } from '../../../src/core';
import { FIELD_CATALOG } from '../../../src/transformers';
import { contractDocs, expectEveryItemClassifiedOnce } from '../../helpers/connector-contract';
import { uniquePrefix } from '../opensearch/support';

/** A document no destination can take as it is: its event time is not a time. */
const hostile = (doc: PipelineDoc): PipelineDoc => ({
  ...doc,
  body: { ...doc.body, '@id': `${doc.body['@id']}-hostile`, '@timestamp': 'not a time' },
});

// Every registered connector against its live destination: the server its endpoint variable names (the
// integration setup starts one per engine and sets the variable), read back through its registration.
describe.each(CONNECTORS.map((registration) => [registration.id, registration] as const))(
  'Connector contract, live destination: %s',
  (_id, registration) => {
    // A scope of its own (an index prefix, a dataset), so the contract writes nowhere else.
    const env = { ...process.env, [registration.scopeVariable]: uniquePrefix('contract') };
    let connector: Connector;
    let readBack: DestinationReadBack;
    beforeAll(async () => {
      connector = registration.create(env);
      readBack = registration.readBack(env);
      await connector.setup?.({ fields: FIELD_CATALOG });
    });
    afterAll(async () => {
      await connector.close?.();
      await readBack.remove();
      await readBack.close();
    });

    it('has a live destination: the integration setup (or you) set its endpoint variable', () => {
      // Assess
      expect({ [registration.endpointVariable]: env[registration.endpointVariable] }).toEqual({
        [registration.endpointVariable]: expect.stringMatching(/\S/),
      });
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
      expect(await readBack.stored()).toBe(taken);
    });

    it('leaves its scope empty after the read-back removes it (the cleanup every live test relies on)', async () => {
      // Prepare
      const before = await readBack.stored();

      // Act
      await readBack.remove();

      // Assess
      expect(before).toBeGreaterThan(0);
      expect(await readBack.stored()).toBe(0);
    });
  },
);
