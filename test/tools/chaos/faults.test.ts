import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFaultProxy } from '../../../tools/chaos/fault-proxy';
import { checkShares, FAULT_KINDS, pickFault, scaleShares } from '../../../tools/chaos/faults';

describe('Chaos: fault selection', () => {
  it('gives each fault a slice of the roll as wide as its share, in order, and the rest none', () => {
    // Prepare
    const shares = { status429: 0.1, status5xx: 0.2, reset: 0.05, stall: 0.05, slowBody: 0.1, cutBody: 0.1 };

    // Act
    const picks = [
      0, 0.099, 0.101, 0.299, 0.301, 0.349, 0.351, 0.399, 0.401, 0.499, 0.501, 0.599, 0.601, 0.999,
    ].map((roll) => pickFault(roll, shares));

    // Assess
    expect(picks).toEqual([
      'status429',
      'status429',
      'status5xx',
      'status5xx',
      'reset',
      'reset',
      'stall',
      'stall',
      'slowBody',
      'slowBody',
      'cutBody',
      'cutBody',
      'none',
      'none',
    ]);
  });

  it('picks each fault about as often as its share over many uniform rolls', () => {
    // Prepare
    const shares = {
      status429: 0.06,
      status5xx: 0.04,
      reset: 0.03,
      stall: 0.02,
      slowBody: 0.03,
      cutBody: 0.02,
    };
    const rolls = 100_000;

    // Act
    const counts = new Map<string, number>();
    for (let i = 0; i < rolls; i++) {
      const kind = pickFault((i + 0.5) / rolls, shares);
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
    }

    // Assess
    for (const kind of FAULT_KINDS) expect((counts.get(kind) ?? 0) / rolls).toBeCloseTo(shares[kind], 3);
    expect((counts.get('none') ?? 0) / rolls).toBeCloseTo(0.8, 3);
  });

  it('never faults with no shares', () => {
    // Act
    const picks = [0, 0.5, 0.999999].map((roll) => pickFault(roll, {}));

    // Assess
    expect(picks).toEqual(['none', 'none', 'none']);
  });

  it('refuses shares outside 0–1, over 1 together, or of an unknown fault', () => {
    // Act / Assess
    expect(() => checkShares({ status429: 0.6, reset: 0.6 })).toThrow(/add up to 1.2/);
    expect(() => checkShares({ reset: -0.1 })).toThrow(/from 0 to 1/);
    expect(() => checkShares({ teapot: 0.1 } as never)).toThrow(/Unknown fault "teapot"/);
    expect(checkShares({ status429: 0.5, cutBody: 0.5 })).toEqual({ status429: 0.5, cutBody: 0.5 });
  });

  it('scales a mix by a factor', () => {
    // Act
    const scaled = scaleShares({ status429: 0.1, reset: 0.02 }, 0.5);

    // Assess
    expect(scaled).toEqual({ status429: 0.05, reset: 0.01 });
  });
});

describe('Chaos: fault proxy', () => {
  const upstreamHits: string[] = [];
  const upstream = createServer((req, res) => {
    upstreamHits.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, padding: 'x'.repeat(1_000) }));
    });
  });
  let upstreamUrl: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  const post = (url: string, path: string): Promise<{ status: number; body: string } | { error: string }> =>
    new Promise((resolve) => {
      const req = request(`${url}${path}`, { method: 'POST' }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', (error) => resolve({ error: error.message }));
      });
      req.on('error', (error) => resolve({ error: error.message }));
      req.end('{}');
    });

  it('does to each request what its roll picks, and only to the matching paths', async () => {
    // Prepare: rolls walk through every fault's slice, one request each
    const shares = {
      status429: 1 / 6,
      status5xx: 1 / 6,
      reset: 1 / 6,
      stall: 1 / 6,
      slowBody: 1 / 6,
      cutBody: 1 / 6,
    };
    const rolls = [0.05, 0.2, 0.2 /* the 5xx status */, 0.4, 0.55, 0.7, 0.9];
    const proxy = await startFaultProxy(
      upstreamUrl,
      shares,
      { stallMs: 50, slowBodyMs: 80 },
      () => rolls.shift() ?? 0.99,
    );
    upstreamHits.length = 0;

    try {
      // Act
      const results = [];
      for (let i = 0; i < 6; i++) results.push(await post(proxy.url, '/cwl-x/_bulk'));
      const untouched = await post(proxy.url, '/_cluster/health');

      // Assess
      expect(results[0]).toMatchObject({ status: 429 });
      expect(results[1]).toMatchObject({ status: 500 });
      expect(results[2]).toHaveProperty('error');
      expect(results[3]).toMatchObject({ status: 200 });
      expect(results[4]).toMatchObject({ status: 200 });
      expect(JSON.parse((results[4] as { body: string }).body)).toMatchObject({ ok: true });
      expect(results[5]).toHaveProperty('error');
      expect(untouched).toMatchObject({ status: 200 });
      // 429, 5xx and reset never reach OpenSearch; stall, slow and cut answers do (the cut one did the work).
      expect(upstreamHits).toEqual([
        'POST /cwl-x/_bulk',
        'POST /cwl-x/_bulk',
        'POST /cwl-x/_bulk',
        'POST /_cluster/health',
      ]);
      expect(proxy.counts).toMatchObject({
        status429: 1,
        status5xx: 1,
        reset: 1,
        stall: 1,
        slowBody: 1,
        cutBody: 1,
        none: 1,
      });
    } finally {
      await proxy.close();
    }
  });

  it('forwards to a new upstream after setTarget, and resets while none answers', async () => {
    // Prepare
    const proxy = await startFaultProxy('http://127.0.0.1:1', {});

    try {
      // Act
      const refused = await post(proxy.url, '/_bulk');
      proxy.setTarget(upstreamUrl);
      const answered = await post(proxy.url, '/_bulk');

      // Assess
      expect(refused).toHaveProperty('error');
      expect(answered).toMatchObject({ status: 200 });
    } finally {
      await proxy.close();
    }
  });
});
