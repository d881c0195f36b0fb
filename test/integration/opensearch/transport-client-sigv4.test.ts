import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// SigV4's credential chain is loaded with a dynamic import(), which jest's module loader cannot run: the
// two clients sign in a plain node process, from the compiled dist/ (`npm run build` first).
const DIST = join(__dirname, '..', '..', '..', 'dist', 'connectors', 'opensearch');

const SIGN_BOTH = `
const http = require('node:http');
const seen = [];
const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    seen.push(request.headers);
    response.setHeader('content-type', 'application/json');
    response.end('{"errors":false,"items":[{"create":{"status":201}}]}');
  });
});
server.listen(0, '127.0.0.1', async () => {
  const dist = process.argv[1];
  const url = 'http://127.0.0.1:' + server.address().port;
  const { buildOpenSearchConfig } = require(dist + '/config');
  const { createTransportClient } = require(dist + '/transport-client');
  const { createOpenSearchClient } = require(dist + '/client');
  const config = buildOpenSearchConfig({ url, awsRegion: 'eu-west-1', awsService: 'es' });
  for (const client of [createTransportClient(config), createOpenSearchClient(config)]) {
    await client.bulk({ body: '{"create":{"_index":"cwl-text-2026.11.28"}}\\n{"message":"hello"}\\n' });
    await client.close();
  }
  process.stdout.write(JSON.stringify(seen));
  server.close();
});
`;

describe('createTransportClient with SigV4', () => {
  it('signs `_bulk` exactly as the full client does: same credential scope, signed headers and body hash', () => {
    // Prepare: static credentials, read by the default AWS credential chain.
    const env = {
      PATH: process.env.PATH,
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    };

    // Act
    const child = spawnSync(process.execPath, ['-e', SIGN_BOTH, DIST], { encoding: 'utf8', env });

    // Assess: the signature itself carries the second it was made, so only what precedes it is compared.
    expect(child.stderr).toBe('');
    const [lean, full] = JSON.parse(child.stdout) as {
      authorization: string;
      'x-amz-content-sha256': string;
    }[];
    const unsigned = (authorization = ''): string => authorization.replace(/Signature=\w+$/, '');
    expect(lean?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/es\/aws4_request, SignedHeaders=/,
    );
    expect(unsigned(lean?.authorization)).toBe(unsigned(full?.authorization));
    expect(lean?.['x-amz-content-sha256']).toBe(full?.['x-amz-content-sha256']);
  });
});
