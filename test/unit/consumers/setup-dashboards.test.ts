// OpenSearch Dashboards cannot run here: the import goes to a local HTTP stand-in of its saved-objects import
// API (test/helpers/import-stand-in.ts), which answers as the real one does and records what it was sent.
import { importDashboardsOnDeploy } from '../../../src/consumers/setup-dashboards';
import { ConfigError } from '../../../src/core';
import { DashboardsImportError, dashboardsNdjson } from '../../../src/dashboards';
import { filePart, type Received, standIn } from '../../helpers/import-stand-in';

const objectsOf = (prefix: string) => dashboardsNdjson(prefix).trim().split('\n').length;

describe('Consumer: the deploy-time import of the dashboards', () => {
  it('imports the saved objects of the index prefix into the global tenant, with the basic credentials of the environment', async () => {
    // Prepare
    const sent = objectsOf('logs');
    const server = await standIn(() => ({ status: 200, body: { success: true, successCount: sent } }));

    try {
      // Act
      const line = await importDashboardsOnDeploy(
        { dashboards: 'fail', dashboardsUrl: server.url },
        { OPENSEARCH_INDEX_PREFIX: 'logs', OPENSEARCH_USERNAME: 'admin', OPENSEARCH_PASSWORD: 's3cret' },
      );

      // Assess
      expect(line).toBe(
        `imported ${sent} of ${sent} saved objects at ${server.url}/api/saved_objects/_import?overwrite=true`,
      );
      const [request] = server.received;
      expect(request?.headers.securitytenant).toBe('global');
      expect(request?.headers.authorization).toBe(`Basic ${Buffer.from('admin:s3cret').toString('base64')}`);
      expect(filePart(request as Received)).toBe(dashboardsNdjson('logs'));
    } finally {
      await server.close();
    }
  });

  it('signs with SigV4 when the environment names a region, the tenant header among the signed ones', async () => {
    // Prepare
    const server = await standIn(() => ({ status: 200, body: { success: true } }));
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    });

    try {
      // Act
      await importDashboardsOnDeploy(
        { dashboards: 'fail' },
        { OPENSEARCH_URL: server.url, OPENSEARCH_AWS_REGION: 'eu-west-1' },
      );

      // Assess
      expect(String(server.received[0]?.headers.authorization)).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/es\/aws4_request, SignedHeaders=[^,]*securitytenant[^,]*, Signature=[0-9a-f]{64}$/,
      );
    } finally {
      process.env = saved;
      await server.close();
    }
  });

  it('fails the deploy naming the objects refused and the setting that deploys without them', async () => {
    // Prepare
    const server = await standIn(() => ({
      status: 200,
      body: {
        success: false,
        successCount: 0,
        errors: [
          { id: 'cwlpipe-dashboard-lambda', type: 'dashboard', error: { type: 'missing_references' } },
        ],
      },
    }));

    try {
      // Act
      const attempt = importDashboardsOnDeploy({ dashboards: 'fail', dashboardsUrl: server.url }, {});

      // Assess
      await expect(attempt).rejects.toThrow(DashboardsImportError);
      await expect(attempt).rejects.toThrow(
        /The dashboards were not imported, so the deploy fails: .*dashboard:cwlpipe-dashboard-lambda: missing_references.*openSearch\.dashboards\.import to "report"/,
      );
    } finally {
      await server.close();
    }
  });

  it('reports a failure and lets the deploy go on in report mode', async () => {
    // Prepare
    const server = await standIn(() => ({
      status: 403,
      body: { message: 'no permissions for [kibana_all_write]' },
    }));

    try {
      // Act
      const line = await importDashboardsOnDeploy({ dashboards: 'report', dashboardsUrl: server.url }, {});

      // Assess
      expect(line).toMatch(
        /^not imported: The dashboards at .* refused the import with HTTP 403: .*kibana_all_write/,
      );
      expect(server.received).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('tries again after a server error or throttling, and not after a refusal', async () => {
    // Prepare
    let calls = 0;
    const server = await standIn(() => {
      calls++;
      return calls === 1
        ? { status: 503, body: { message: 'OpenSearch Dashboards server is not ready yet' } }
        : calls === 2
          ? { status: 429, body: {} }
          : { status: 200, body: { success: true } };
    });

    try {
      // Act
      const line = await importDashboardsOnDeploy(
        { dashboards: 'fail', dashboardsUrl: server.url },
        {},
        { pauseMs: 1 },
      );

      // Assess
      expect(line).toMatch(/^imported /);
      expect(server.received).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it('does nothing when off or not asked, and refuses an unknown mode', async () => {
    // Prepare
    const server = await standIn(() => ({ status: 200, body: { success: true } }));

    try {
      // Act
      const off = await importDashboardsOnDeploy({ dashboards: 'off', dashboardsUrl: server.url }, {});
      const absent = await importDashboardsOnDeploy({ dashboardsUrl: server.url }, {});
      const unknown = importDashboardsOnDeploy({ dashboards: 'maybe', dashboardsUrl: server.url }, {});

      // Assess
      expect([off, absent]).toEqual([
        'not imported: the dashboards import is off',
        'not imported: the dashboards import is off',
      ]);
      await expect(unknown).rejects.toThrow(ConfigError);
      await expect(unknown).rejects.toThrow(
        /dashboards property is "maybe"; it must be one of fail, report, off/,
      );
      expect(server.received).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
