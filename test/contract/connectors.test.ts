import { CONNECTORS } from '../../src/connectors';
import { deadlineIn } from '../../src/core';
import { FIELD_CATALOG } from '../../src/transformers';
import { closedPort, contractDocs, expectEveryItemClassifiedOnce } from '../helpers/connector-contract';

const DEADLINE_MS = 2_000;
/** Room for the last request's own timeout and the event loop on a busy machine; far less than a retry cycle. */
const DEADLINE_SLACK_MS = 1_500;

// Every registered connector, its destination down: its endpoint variable pointed at a closed port.
// The same contract against live destinations runs in test/integration/contract/connectors.test.ts.
describe.each(CONNECTORS.map((registration) => [registration.id, registration] as const))(
  'Connector contract, destination down: %s',
  (_id, registration) => {
    let env: NodeJS.ProcessEnv;
    beforeAll(async () => {
      env = { ...process.env, [registration.endpointVariable]: `http://127.0.0.1:${await closedPort()}` };
    });

    it('reports every document as retryable, none delivered or rejected, and returns by the deadline', async () => {
      // Prepare
      const connector = registration.create(env);
      const docs = contractDocs();
      const startedAt = Date.now();

      // Act
      const report = await connector.deliver(docs, deadlineIn(DEADLINE_MS));
      const elapsed = Date.now() - startedAt;
      await connector.close?.();

      // Assess
      expectEveryItemClassifiedOnce(docs, report);
      expect(report.delivered).toBe(0);
      expect(report.rejected).toEqual([]); // a destination that is down never sends data to the dead letters
      expect(report.retryable).toHaveLength(docs.length);
      expect(elapsed).toBeLessThan(DEADLINE_MS + DEADLINE_SLACK_MS);
    });

    it('reads back nothing from a destination that is down: its read-back fails instead of answering 0', async () => {
      // Prepare
      const readBack = registration.readBack(env);

      // Act
      const stored = await readBack.stored().catch((error: unknown) => error);
      await readBack.close();

      // Assess
      expect(stored).toBeInstanceOf(Error);
    });

    it('answers a health check, if it has one, with unhealthy and a reason, without throwing', async () => {
      // Prepare
      const connector = registration.create(env);

      // Act
      const health = await connector.health?.();
      await connector.close?.();

      // Assess
      if (health === undefined) return; // health checks are optional in the contract
      expect(health.healthy).toBe(false);
      expect(health.detail.length).toBeGreaterThan(0);
    });

    it('refuses setup, if it has one, with one clear configuration error instead of hanging', async () => {
      // Prepare
      const connector = registration.create(env);

      // Act
      const failure = await connector.setup?.({ fields: FIELD_CATALOG }).catch((error: unknown) => error);
      await connector.close?.();

      // Assess
      if (connector.setup === undefined) return; // setup is optional in the contract
      expect(failure).toMatchObject({ name: 'ConfigError', stage: 'config' });
      expect((failure as Error).message).not.toContain('\n');
    });
  },
);

describe('Connector registry', () => {
  it('names each connector once, by the id the connector itself reports', async () => {
    // Prepare
    const ids = CONNECTORS.map((registration) => registration.id);

    // Act
    const built = CONNECTORS.map((registration) =>
      registration.create({ ...process.env, [registration.endpointVariable]: 'http://127.0.0.1:1' }),
    );
    await Promise.all(built.map((connector) => connector.close?.()));

    // Assess
    expect(new Set(ids).size).toBe(ids.length);
    expect(built.map((connector) => connector.id)).toEqual(ids);
  });
});
