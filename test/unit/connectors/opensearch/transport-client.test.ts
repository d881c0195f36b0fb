import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { createOpenSearchClient } from '../../../../src/connectors/opensearch/client';
import { buildOpenSearchConfig } from '../../../../src/connectors/opensearch/config';
import { createTransportClient } from '../../../../src/connectors/opensearch/transport-client';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP server that records each request and answers a `_bulk` of one item as created. */
const startRecordingServer = async (): Promise<{ server: Server; url: string; seen: Seen[] }> => {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: body.toString('utf8'),
      });
      response.setHeader('content-type', 'application/json');
      response.end('{"took":1,"errors":false,"items":[{"create":{"status":201}}]}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
};

const ONE_ITEM = '{"create":{"_index":"cwl-text-2026.11.28","_id":"a"}}\n{"message":"hello"}\n';

describe('createTransportClient', () => {
  let server: Server;
  let url: string;
  let seen: Seen[];

  beforeEach(async () => {
    ({ server, url, seen } = await startRecordingServer());
  });

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends `_bulk` as the full client does: same method, path, query, headers and gzip body', async () => {
    // Prepare
    const config = buildOpenSearchConfig({ url });
    const lean = createTransportClient(config);
    const full = createOpenSearchClient(config);
    const params = { body: ONE_ITEM as never, filter_path: 'errors,items.*.status' };

    // Act
    const response = await lean.bulk(params);
    await full.bulk(params);
    await lean.close();
    await full.close();

    // Assess
    const [byLean, byFull] = seen.map(({ headers, ...request }) => ({
      ...request,
      headers: { ...headers, host: undefined },
    }));
    expect(seen).toHaveLength(2);
    expect(byLean).toEqual(byFull);
    expect(byLean?.headers['content-encoding']).toBe('gzip');
    expect(byLean?.body).toBe(ONE_ITEM);
    expect(response.statusCode).toBe(200);
    expect((response.body as { items: unknown[] }).items).toHaveLength(1);
  });

  it('sends the configured credentials: basic auth, or an API key header; plain bodies when asked', async () => {
    // Prepare
    const basic = createTransportClient(
      buildOpenSearchConfig({ url, username: 'writer', password: 's3cret' }),
      { compression: false },
    );
    const apiKey = createTransportClient(buildOpenSearchConfig({ url, apiKey: 'a2V5OnNlY3JldA==' }));

    // Act
    await basic.transport.request({ method: 'GET', path: '/' });
    await apiKey.transport.request({ method: 'GET', path: '/' });
    await basic.close();
    await apiKey.close();

    // Assess
    expect(seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from('writer:s3cret').toString('base64')}`);
    expect(seen[1]?.headers.authorization).toBe('ApiKey a2V5OnNlY3JldA==');
  });

  it('refuses a `_bulk` without a body with the client library’s ConfigurationError, sending nothing', async () => {
    // Prepare
    const client = createTransportClient(buildOpenSearchConfig({ url }));
    const { ConfigurationError } = require('@opensearch-project/opensearch').errors as {
      ConfigurationError: new (...args: never[]) => Error;
    };

    // Act
    const sent = client.bulk({} as never);

    // Assess
    await expect(sent).rejects.toBeInstanceOf(ConfigurationError);
    await expect(sent).rejects.toThrow('Missing required parameter: body');
    expect(seen).toHaveLength(0);
    await client.close();
  });

  it('carries no API surface beyond `_bulk`, the transport and close', () => {
    // Prepare
    const client = createTransportClient(buildOpenSearchConfig({ url }));

    // Act + Assess
    expect('search' in client).toBe(false);
    expect('indices' in client).toBe(false);
    expect(typeof client.transport.request).toBe('function');
  });
});
