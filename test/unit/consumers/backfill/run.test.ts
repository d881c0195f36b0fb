import {
  type BackfillCheckpoints,
  type BackfillSlice,
  runBackfill,
  type SliceCounts,
} from '../../../../src/consumers/backfill';
import type { Connector, DeliveryReport, EngineInput, PipelineDoc } from '../../../../src/core';
import { buildConfig, Pipeline } from '../../../../src/pipeline';
import { envelope } from '../../../helpers/records';
import { MemorySink } from '../doubles';

/** A destination double that keeps documents by `_id` (the event id), answering "already there" as `create` does. */
class IdKeepingConnector implements Connector {
  public readonly id = 'opensearch';
  public readonly ids = new Map<string, number>();

  public constructor(private readonly refuse: (doc: PipelineDoc) => boolean = () => false) {}

  public async deliver(docs: readonly PipelineDoc[]): Promise<DeliveryReport> {
    const report: DeliveryReport = { delivered: 0, alreadyPresent: 0, retryable: [], rejected: [] };
    for (const doc of docs) {
      if (this.refuse(doc)) {
        report.retryable.push({ doc, code: 'http_503', reason: 'unavailable' });
        continue;
      }
      report.delivered++;
      const seen = this.ids.get(doc.event.id) ?? 0;
      if (seen > 0) report.alreadyPresent = (report.alreadyPresent ?? 0) + 1;
      this.ids.set(doc.event.id, seen + 1);
    }
    return report;
  }
}

class MemoryCheckpoints implements BackfillCheckpoints {
  public readonly address = 'memory';
  public readonly done = new Map<string, SliceCounts>();
  public async load(): Promise<Map<string, SliceCounts>> {
    return new Map(this.done);
  }
  public async markDone(sliceId: string, counts: SliceCounts): Promise<void> {
    this.done.set(sliceId, structuredClone(counts));
  }
}

const HOUR = 3_600_000;
const START = Date.UTC(2024, 4, 1);

/** A slice of `pages` pages of `events` plain-text events each, ids unique per slice and page. */
const slice = (
  hour: number,
  pages: number,
  events: number,
  reads: { count: number } = { count: 0 },
): BackfillSlice => ({
  id: `test:${hour}`,
  label: `hour ${hour}`,
  from: START + hour * HOUR,
  to: START + (hour + 1) * HOUR,
  async *read(): AsyncGenerator<EngineInput[]> {
    reads.count++;
    for (let page = 0; page < pages; page++) {
      const messages = Array.from({ length: events }, (_, i) => ({
        id: `${hour}-${page}-${i}`,
        timestamp: START + hour * HOUR + page * 60_000 + i,
        message: `line ${i}`,
      }));
      yield [{ kind: 'envelope', envelope: envelope('/app/orders', messages), origin: { recordIndex: 0 } }];
    }
  },
});

const options = { parallel: 2, dryRun: false, pageTimeoutMs: 10_000 };

describe('runBackfill', () => {
  it('delivers every slice, checkpoints each with its counts, and re-syncs the minutes the documents fall in', async () => {
    // Prepare
    const connector = new IdKeepingConnector();
    const checkpoints = new MemoryCheckpoints();
    const resynced: { from: number; to: number }[] = [];
    const deps = {
      engine: {
        pipeline: new Pipeline(buildConfig()),
        connectors: [connector],
        deadLetters: new MemorySink(),
      },
      checkpoints,
      resync: async (range: { from: number; to: number }) => {
        resynced.push(range);
        return { windows: (range.to - range.from) / 60_000 };
      },
    };
    // Act
    const report = await runBackfill([slice(0, 2, 5), slice(1, 3, 4)], deps, options);
    // Assess
    expect(report.totals).toMatchObject({ events: 22, indexed: 22, alreadyPresent: 0 });
    expect(report.slices).toMatchObject({ total: 2, done: 2, resumed: 0, failed: [] });
    expect([...checkpoints.done.keys()].sort()).toEqual(['test:0', 'test:1']);
    expect(checkpoints.done.get('test:1')?.events).toBe(12);
    expect(resynced).toEqual([{ from: START, to: START + HOUR + 3 * 60_000 }]);
    expect(report.warehouse).toMatchObject({ windows: 63 });
  });

  it('skips the slices an earlier run finished, counting them in the totals, and duplicates nothing when run again', async () => {
    // Prepare
    const connector = new IdKeepingConnector();
    const checkpoints = new MemoryCheckpoints();
    const deps = {
      engine: {
        pipeline: new Pipeline(buildConfig()),
        connectors: [connector],
        deadLetters: new MemorySink(),
      },
      checkpoints,
    };
    const reads = { count: 0 };
    await runBackfill([slice(0, 1, 10, reads)], deps, options);
    // Act
    const resumed = await runBackfill([slice(0, 1, 10, reads), slice(1, 1, 10, reads)], deps, options);
    const again = await runBackfill(
      [slice(0, 1, 10), slice(1, 1, 10)],
      { ...deps, checkpoints: new MemoryCheckpoints() },
      options,
    );
    // Assess
    expect(reads.count).toBe(2);
    expect(resumed.slices).toMatchObject({ total: 2, done: 2, resumed: 1 });
    expect(resumed.totals).toMatchObject({ events: 20, indexed: 20 });
    expect(resumed.earlierRuns.events).toBe(10);
    expect(again.totals).toMatchObject({ events: 20, indexed: 0, alreadyPresent: 20 });
    expect(connector.ids.size).toBe(20);
  });

  it('leaves a slice whose records still fail unchecked, reports it and goes on with the others', async () => {
    // Prepare
    const connector = new IdKeepingConnector((doc) => doc.event.id.startsWith('1-'));
    const checkpoints = new MemoryCheckpoints();
    const failedSlices: string[] = [];
    const deps = {
      engine: {
        pipeline: new Pipeline(buildConfig()),
        connectors: [connector],
        deadLetters: new MemorySink(),
      },
      checkpoints,
      onSliceFailed: (failed: BackfillSlice) => failedSlices.push(failed.id),
    };
    // Act
    const report = await runBackfill([slice(0, 1, 3), slice(1, 1, 3), slice(2, 1, 3)], deps, {
      ...options,
      pageTimeoutMs: 200,
    });
    // Assess
    expect(failedSlices).toEqual(['test:1']);
    expect(report.slices.failed).toEqual([
      expect.objectContaining({
        id: 'test:1',
        reason: '1 record(s) could not be delivered within 200 ms (first: retryable, http_503)',
      }),
    ]);
    expect([...checkpoints.done.keys()].sort()).toEqual(['test:0', 'test:2']);
    expect(report.totals.events).toBe(6);
  });

  it('counts in a dry run without sending or remembering anything', async () => {
    // Prepare
    const connector = new IdKeepingConnector();
    const checkpoints = new MemoryCheckpoints();
    const deps = {
      engine: {
        pipeline: new Pipeline(buildConfig()),
        connectors: [connector],
        deadLetters: new MemorySink(),
      },
      checkpoints,
      resync: async () => {
        throw new Error('a dry run must not re-sync');
      },
    };
    // Act
    const report = await runBackfill([slice(0, 2, 7)], deps, { ...options, dryRun: true });
    // Assess
    expect(report.totals.events).toBe(14);
    expect(connector.ids.size).toBe(0);
    expect(checkpoints.done.size).toBe(0);
    expect(report.warehouse).toBeUndefined();
  });

  it('counts what the pipeline sets aside and what goes to the dead letters, by code', async () => {
    // Prepare
    const sink = new MemorySink();
    const broken: BackfillSlice = {
      ...slice(0, 0, 0),
      async *read() {
        yield [
          {
            kind: 'bytes',
            bytes: Buffer.from('not gzip, not json'),
            origin: { recordIndex: 0, file: 's3://b/k' },
          },
        ];
      },
    };
    const deps = {
      engine: {
        pipeline: new Pipeline(buildConfig()),
        connectors: [new IdKeepingConnector()],
        deadLetters: sink,
      },
      checkpoints: new MemoryCheckpoints(),
    };
    // Act
    const report = await runBackfill([broken], deps, options);
    // Assess
    const codes = Object.keys(report.totals.setAside);
    expect(codes).toHaveLength(1);
    expect(report.totals.deadLettered).toEqual(report.totals.setAside);
    expect(sink.letters).toHaveLength(1);
    expect(report.slices.done).toBe(1);
  });
});
