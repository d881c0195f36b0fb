import { createOpenSearchClient } from '../../../src/connectors/opensearch/client';
import { buildOpenSearchConfig } from '../../../src/connectors/opensearch/config';
import { runSetup } from '../../../src/consumers/setup';
import { dashboardsNdjson } from '../../../src/dashboards';
import { filePart, type Received, standIn } from '../../helpers/import-stand-in';
import { openSearchUrl, uniquePrefix } from '../opensearch/support';

// The deploy-time custom resource (src/consumers/setup.handler.ts) against the local OpenSearch. The local node
// has no security plugin, so the role mapping (Amazon OpenSearch Service only) is not exercised here; its
// request bodies are checked in test/unit/connectors/opensearch-access.test.ts.
describe('Custom resource: cwlpipe setup on deploy', () => {
  const prefix = uniquePrefix('cr');
  const env = {
    OPENSEARCH_URL: openSearchUrl(),
    OPENSEARCH_INDEX_PREFIX: prefix,
    CWLPIPE_CONNECTORS: 'opensearch',
  };
  const client = createOpenSearchClient(buildOpenSearchConfig({ url: openSearchUrl(), indexPrefix: prefix }));

  afterAll(async () => {
    await client.transport.request(
      { method: 'DELETE', path: `/_index_template/${prefix}-*` },
      { ignore: [404] },
    );
    await client.close();
  });

  it('installs the templates on create and reports them unchanged on the next deploy', async () => {
    // Prepare
    const event = { RequestType: 'Create' as const, ResourceProperties: { writerRoleArns: [] } };
    // Act
    const created = await runSetup(event, env);
    const again = await runSetup(
      { ...event, RequestType: 'Update', PhysicalResourceId: created.PhysicalResourceId },
      env,
    );
    // Assess
    expect(created.PhysicalResourceId).toBe('cwlpipe-setup');
    expect(created.Data.opensearch).toMatch(/created/);
    expect(again.Data.opensearch).not.toEqual(created.Data.opensearch);
    const templates = await client.transport.request({ method: 'GET', path: `/_index_template/${prefix}-*` });
    expect((templates.body as { index_templates: unknown[] }).index_templates.length).toBeGreaterThan(3);
  });

  it('imports the dashboards of its index prefix after the templates (OpenSearch Dashboards is a local stand-in)', async () => {
    // Prepare
    const server = await standIn(() => ({ status: 200, body: { success: true } }));
    const event = {
      RequestType: 'Update' as const,
      PhysicalResourceId: 'cwlpipe-setup',
      ResourceProperties: { writerRoleArns: [], dashboards: 'fail', dashboardsUrl: server.url },
    };

    try {
      // Act
      const result = await runSetup(event, env);

      // Assess
      expect(result.Data.opensearch).toBeDefined();
      expect(result.Data.dashboards).toMatch(
        /^imported \d+ of \d+ saved objects at http:\/\/127\.0\.0\.1:\d+\/api\/saved_objects\/_import\?overwrite=true$/,
      );
      expect(filePart(server.received[0] as Received)).toBe(dashboardsNdjson(prefix));
    } finally {
      await server.close();
    }
  });

  it('fails the deploy when the dashboards cannot be reached in fail mode', async () => {
    // Prepare: nothing listens on the closed stand-in's port
    const server = await standIn(() => ({ status: 200, body: { success: true } }));
    await server.close();
    const event = {
      RequestType: 'Update' as const,
      PhysicalResourceId: 'cwlpipe-setup',
      ResourceProperties: { writerRoleArns: [], dashboards: 'fail', dashboardsUrl: server.url },
    };

    // Act
    const attempt = runSetup(event, env, { dashboardsPauseMs: 1 });

    // Assess
    await expect(attempt).rejects.toThrow(
      /The dashboards were not imported, so the deploy fails: Could not reach the dashboards/,
    );
  });

  it('removes nothing when the stack is deleted', async () => {
    // Prepare // Act
    const result = await runSetup({ RequestType: 'Delete', PhysicalResourceId: 'cwlpipe-setup' }, env);
    // Assess
    expect(result).toEqual({ PhysicalResourceId: 'cwlpipe-setup', Data: {} });
    const templates = await client.transport.request({ method: 'GET', path: `/_index_template/${prefix}-*` });
    expect((templates.body as { index_templates: unknown[] }).index_templates.length).toBeGreaterThan(3);
  });
});
