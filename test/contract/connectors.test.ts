import { CONNECTORS } from '../../src/connectors';
import { deadlineIn } from '../../src/core';
import { FIELD_CATALOG } from '../../src/transformers';
import { closedPort, contractDocs, expectEveryItemClassifiedOnce } from '../helpers/connector-contract';

// Every registered connector, its destination down (its endpoint variable pointed at a closed port).
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
      const report = await connector.deliver(docs, deadlineIn(2_000));
      await connector.close?.();

      // Assess
      expectEveryItemClassifiedOnce(docs, report);
      expect(report.delivered).toBe(0);
      expect(report.rejected).toEqual([]); // a destination that is down never sends data to the dead letters
      expect(report.retryable).toHaveLength(docs.length);
      expect(Date.now() - startedAt).toBeLessThan(2_000 + 5_000);
    });

    it('answers its health check with unhealthy and a reason, without throwing', async () => {
      // Prepare
      const connector = registration.create(env);
      if (connector.health === undefined) {
        await connector.close?.();
        return;
      }

      // Act
      const health = await connector.health();
      await connector.close?.();

      // Assess
      expect(health.healthy).toBe(false);
      expect(health.detail).toMatch(/unreachable|refused|ECONNREFUSED/i);
    });

    it('refuses setup with one clear error instead of hanging', async () => {
      // Prepare
      const connector = registration.create(env);
      if (connector.setup === undefined) {
        await connector.close?.();
        return;
      }

      // Act
      const failure = await connector.setup({ fields: FIELD_CATALOG }).catch((error: unknown) => error);
      await connector.close?.();

      // Assess
      expect(failure).toMatchObject({ name: 'ConfigError', stage: 'config' });
      expect((failure as Error).message).toContain(registration.endpointVariable);
    });
  },
);

describe('Connector registry', () => {
  it('names each connector once, by the id the connector itself reports', () => {
    // Prepare
    const ids = CONNECTORS.map((registration) => registration.id);

    // Act
    const built = CONNECTORS.map((registration) =>
      registration.create({ ...process.env, [registration.endpointVariable]: 'http://127.0.0.1:1' }),
    );

    // Assess
    expect(new Set(ids).size).toBe(ids.length);
    expect(built.map((connector) => connector.id)).toEqual(ids);
    return Promise.all(built.map((connector) => connector.close?.()));
  });
});
