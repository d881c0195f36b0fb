import { deadlineIn, type PipelineDoc } from '../../../src/core';
import { SeededRandom } from '../../../src/local/synthetic/random';
import { buildConfig } from '../../../src/pipeline/config';
import { Pipeline } from '../../../src/pipeline/run';
import { type FaultProxy, startFaultProxy } from '../../../tools/chaos/fault-proxy';
import { envelope } from '../../helpers/records';
import {
  countDocs,
  deleteIndices,
  ENGINES,
  engineUrl,
  testConfig,
  testConnector,
  uniquePrefix,
} from './support';

const EVENTS = 100_000;
const PER_ENVELOPE = 500;
const PER_BATCH = 5_000;

/** Small text events with unique ids, as a busy log group would send them. */
const generateDocs = (): PipelineDoc[] => {
  const pipeline = new Pipeline(buildConfig());
  const docs: PipelineDoc[] = [];
  for (let start = 0; start < EVENTS; start += PER_ENVELOPE) {
    const events = Array.from({ length: PER_ENVELOPE }, (_, i) => ({
      id: `3791${String(start + i).padStart(52, '0')}`,
      timestamp: Date.UTC(2024, 4, 1, 12, 0, 0) + start + i,
      message: `GET /orders/${start + i} 200 ${(start + i) % 97}ms`,
    }));
    docs.push(
      ...pipeline.processEnvelope(envelope('/ecs/web', events), { recordIndex: start / PER_ENVELOPE }).docs,
    );
  }
  return docs;
};

describe.each(ENGINES)('Connector: $id under faults (real cluster behind a fault proxy)', (engine) => {
  let proxy: FaultProxy;

  beforeAll(async () => {
    const random = new SeededRandom(42);
    proxy = await startFaultProxy(
      engineUrl(engine),
      { status429: 0.1, status5xx: 0.05, reset: 0.05, stall: 0.03, slowBody: 0.03 },
      { stallMs: 300, slowBodyMs: 300, pattern: /\/_bulk/ },
      () => random.next(),
    );
  });

  afterAll(async () => {
    await proxy.close();
  });

  it('holds exactly one document per event after 100,000 events through 429s, 5xx, resets, stalls and slow answers', async () => {
    // Prepare
    const prefix = uniquePrefix('faults');
    const config = testConfig(prefix, { engine, url: proxy.url, bulk: { maxDocs: 1000, concurrency: 4 } });
    const { connector } = testConnector(config, {
      retry: { baseMs: 50, capMs: 1_000, maxAttempts: 8, minRequestMs: 100 },
    });
    const direct = testConnector(testConfig(prefix, { engine })).client;
    const docs = generateDocs();
    let delivered = 0;
    let rounds = 0;

    try {
      // Act: like Kinesis, the source hands back what came back retryable, until nothing does.
      let pending = docs;
      while (pending.length > 0 && rounds < 20) {
        rounds++;
        const next: PipelineDoc[] = [];
        for (let i = 0; i < pending.length; i += PER_BATCH) {
          const report = await connector.deliver(pending.slice(i, i + PER_BATCH), deadlineIn(20_000));
          expect(report.rejected).toEqual([]);
          delivered += report.delivered;
          next.push(...report.retryable.map((item) => item.doc));
        }
        pending = next;
      }

      // Assess
      expect(pending).toHaveLength(0);
      expect(delivered).toBe(EVENTS);
      expect(proxy.counts.status429).toBeGreaterThan(0);
      expect(proxy.counts.status5xx).toBeGreaterThan(0);
      expect(proxy.counts.reset).toBeGreaterThan(0);
      expect(proxy.counts.stall).toBeGreaterThan(0);
      expect(proxy.counts.slowBody).toBeGreaterThan(0);
      expect(await countDocs(direct, prefix)).toBe(EVENTS);
    } finally {
      await deleteIndices(direct, prefix);
      await connector.close();
      await direct.close();
    }
  }, 120_000);
});
