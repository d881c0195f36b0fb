// The import endpoint here is a local HTTP stand-in: no OpenSearch Dashboards (or Kibana) can run on this
// machine. It answers as OpenSearch Dashboards' `POST /api/saved_objects/_import` does (HTTP 200 with
// `success`, `successCount` and `errors[]`, even when objects fail) and records what it was sent.
import { DashboardsImportError, dashboardsNdjson, importSavedObjects } from '../../../src/dashboards';
import { importEndpoint } from '../../../src/dashboards/install';
import { filePart, type Received, standIn } from '../../helpers/import-stand-in';

describe('Dashboards: setup dashboards imports into OpenSearch Dashboards (local stand-in of the import API)', () => {
  const ndjson = dashboardsNdjson();
  const sent = ndjson.trim().split('\n').length;

  it('POSTs the file as multipart with overwrite, the xsrf headers and basic auth, and reports the count', async () => {
    // Prepare
    const server = await standIn(() => ({ status: 200, body: { success: true, successCount: sent } }));

    try {
      // Act
      const report = await importSavedObjects(ndjson, {
        url: `${server.url}/`,
        username: 'admin',
        password: 's3cret',
      });

      // Assess
      const [request] = server.received;
      expect(report).toEqual({
        endpoint: `${server.url}/api/saved_objects/_import?overwrite=true`,
        sent,
        imported: sent,
      });
      expect(request?.method).toBe('POST');
      expect(request?.url).toBe('/api/saved_objects/_import?overwrite=true');
      expect(request?.headers['osd-xsrf']).toBe('true');
      expect(request?.headers['kbn-xsrf']).toBe('true');
      expect(request?.headers.authorization).toBe(`Basic ${Buffer.from('admin:s3cret').toString('base64')}`);
      expect(request?.body).toContain(
        'Content-Disposition: form-data; name="file"; filename="cwlpipe-dashboards.ndjson"',
      );
      expect(filePart(request as Received)).toBe(ndjson);
    } finally {
      await server.close();
    }
  });

  it('fails loudly on an HTTP 200 reply that names objects that did not import', async () => {
    // Prepare
    const server = await standIn(() => ({
      status: 200,
      body: {
        success: false,
        successCount: sent - 2,
        errors: [
          {
            id: 'cwlpipe-vpc-protocols',
            type: 'visualization',
            title: 'Protocols',
            error: {
              type: 'missing_references',
              references: [{ type: 'index-pattern', id: 'cwlpipe-vpcflow' }],
            },
          },
          {
            id: 'cwlpipe-dashboard-lambda',
            type: 'dashboard',
            title: 'cwlpipe: Lambda',
            error: { type: 'conflict' },
          },
        ],
      },
    }));

    try {
      // Act
      const act = importSavedObjects(ndjson, { url: server.url });

      // Assess
      await expect(act).rejects.toThrow(DashboardsImportError);
      await expect(importSavedObjects(ndjson, { url: server.url })).rejects.toThrow(
        `imported ${sent - 2} of ${sent} objects; these did not import: visualization:cwlpipe-vpc-protocols ("Protocols"): missing_references {"references":[{"type":"index-pattern","id":"cwlpipe-vpcflow"}]}; dashboard:cwlpipe-dashboard-lambda ("cwlpipe: Lambda"): conflict.`,
      );
    } finally {
      await server.close();
    }
  });

  it('fails with the status and the reply when the server refuses the request', async () => {
    // Prepare
    const server = await standIn(() => ({ status: 401, body: { statusCode: 401, message: 'Unauthorized' } }));

    try {
      // Act
      const act = importSavedObjects(ndjson, { url: server.url });

      // Assess
      await expect(act).rejects.toThrow(
        /refused the import with HTTP 401: \{"statusCode":401,"message":"Unauthorized"\}/,
      );
    } finally {
      await server.close();
    }
  });

  it('signs with SigV4 for service es when a region is given', async () => {
    // Prepare
    const server = await standIn(() => ({ status: 200, body: { success: true, successCount: sent } }));
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    });

    try {
      // Act
      await importSavedObjects(ndjson, { url: server.url, awsRegion: 'eu-west-1' });

      // Assess
      const headers = server.received[0]?.headers ?? {};
      expect(String(headers.authorization)).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/es\/aws4_request, SignedHeaders=[^,]*osd-xsrf[^,]*, Signature=[0-9a-f]{64}$/,
      );
      expect(headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    } finally {
      process.env = saved;
      await server.close();
    }
  });

  it('refuses a file that breaks an import rule before sending anything', async () => {
    // Prepare
    const server = await standIn(() => ({ status: 200, body: { success: true } }));

    try {
      // Act
      const act = importSavedObjects(
        `${ndjson}{"type":"dashboard","id":"cwlpipe-dashboard-lambda","attributes":{}}\n`,
        { url: server.url },
      );

      // Assess
      await expect(act).rejects.toThrow(/dashboard:cwlpipe-dashboard-lambda appears more than once/);
      expect(server.received).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('adds /_dashboards for an Amazon OpenSearch Service domain endpoint, and keeps any other path', () => {
    // Act
    const amazon = importEndpoint('https://search-logs-abc123.eu-west-1.es.amazonaws.com').href;
    const kibana = importEndpoint('https://kibana.example.com:5601/s/ops/').href;

    // Assess
    expect(amazon).toBe(
      'https://search-logs-abc123.eu-west-1.es.amazonaws.com/_dashboards/api/saved_objects/_import?overwrite=true',
    );
    expect(kibana).toBe('https://kibana.example.com:5601/s/ops/api/saved_objects/_import?overwrite=true');
  });

  it('refuses plain http to an Amazon OpenSearch Service domain', () => {
    // Act
    const plain = () => importEndpoint('http://search-logs-abc123.eu-west-1.es.amazonaws.com');

    // Assess
    expect(plain).toThrow(DashboardsImportError);
    expect(plain).toThrow(/plain http:\/\/ to an Amazon OpenSearch Service domain; use https:\/\//);
  });
});
