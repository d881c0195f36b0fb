import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { importProblems, KIBANA9_RULES } from '../../../src/dashboards';
import { ROOT, runCwlpipe } from '../../helpers/cli';

describe('CLI: dashboards', () => {
  it('export prints the saved objects the build wrote to dist/dashboards.ndjson, and they pass the import check', async () => {
    // Act
    const run = await runCwlpipe(['dashboards', 'export']);

    // Assess
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(ROOT, 'dist', 'dashboards.ndjson'), 'utf8'));
    expect(importProblems(run.stdout)).toEqual([]);
  });

  it('export --format kibana8 prints the Kibana 8-format file the build wrote, and it passes Kibana 9 rules', async () => {
    // Act
    const run = await runCwlpipe(['dashboards', 'export', '--format', 'kibana8']);

    // Assess
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(ROOT, 'dist', 'dashboards-kibana8.ndjson'), 'utf8'));
    expect(importProblems(run.stdout, KIBANA9_RULES)).toEqual([]);
  });

  it('export --format names the formats it knows when given another', async () => {
    // Act
    const run = await runCwlpipe(['dashboards', 'export', '--format', 'kibana9']);

    // Assess
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('--format must be kibana7 or kibana8, not "kibana9".');
    expect(run.stdout).toBe('');
  });

  it('export --prefix points the index patterns at other indices', async () => {
    // Act
    const run = await runCwlpipe(['dashboards', 'export', '--prefix', 'logs']);

    // Assess
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('"title":"logs-vpcflow-*"');
    expect(run.stdout).not.toContain('cwl-vpcflow-*');
  });

  it('setup dashboards exits 2 naming the object a (stand-in) import API did not import', async () => {
    // Prepare: a local stand-in of the import API (no OpenSearch Dashboards can run here), failing one object.
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            success: false,
            successCount: 1,
            errors: [
              {
                id: 'cwlpipe-vpc-protocols',
                type: 'visualization',
                title: 'Protocols',
                error: { type: 'unknown' },
              },
            ],
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    try {
      // Act
      const run = await runCwlpipe(['setup', 'dashboards', '--url', url]);

      // Assess
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(
        'these did not import: visualization:cwlpipe-vpc-protocols ("Protocols"): unknown.',
      );
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('setup dashboards --format kibana8 sends the Kibana 8-format file to a (stand-in) import API', async () => {
    // Prepare: a local stand-in of the import API (no Kibana can run here) that keeps the body and accepts all.
    const bodies: string[] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        bodies.push(body);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ success: true }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    try {
      // Act
      const run = await runCwlpipe(['setup', 'dashboards', '--url', url, '--format', 'kibana8']);

      // Assess
      expect(run.status).toBe(0);
      expect(bodies).toHaveLength(1);
      expect(bodies[0]).toContain(readFileSync(join(ROOT, 'dist', 'dashboards-kibana8.ndjson'), 'utf8'));
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
