import { type KinesisClient, MergeShardsCommand } from '@aws-sdk/client-kinesis';
import { KinesisPoller, MemoryCheckpointStore } from '../../../src/consumers/poller';
import { waitForStreamActive } from '../../../src/consumers/poller/kinesis-client';
import {
  type Delivered,
  FAST,
  newStream,
  payloads,
  putPayloads,
  recorder,
  sortedPayloads,
  splitFirstShard,
  startKinesis,
} from './poller-kit';

const firstIndex = (log: readonly Delivered[], shardId: string): number =>
  log.findIndex((item) => item.shardId === shardId);
const lastIndex = (log: readonly Delivered[], shardId: string): number =>
  log.reduce((last, item, index) => (item.shardId === shardId ? index : last), -1);

describe('KinesisPoller resharding (kinesalite)', () => {
  let kinesis: Awaited<ReturnType<typeof startKinesis>>;
  let client: KinesisClient;

  beforeAll(async () => {
    kinesis = await startKinesis();
    client = kinesis.client;
  });

  afterAll(async () => {
    await kinesis.close();
  });

  it('reads a split and then merged stream whole, every parent before its children', async () => {
    // Prepare
    const stream = await newStream(client, 1);
    const beforeSplit = await putPayloads(client, stream, payloads('parent', 12));
    await splitFirstShard(client, stream);
    const afterSplit = await putPayloads(client, stream, payloads('child', 20));
    await client.send(
      new MergeShardsCommand({
        StreamName: stream,
        ShardToMerge: 'shardId-000000000001',
        AdjacentShardToMerge: 'shardId-000000000002',
      }),
    );
    await waitForStreamActive(client, stream);
    const afterMerge = await putPayloads(client, stream, payloads('merged', 8));
    const { deliver, log } = recorder();
    const store = new MemoryCheckpointStore();

    // Act
    await new KinesisPoller({ client, stream, store, deliver }, { ...FAST, maxConcurrentShards: 4 }).run();

    // Assess
    expect(new Set(afterSplit.map((record) => record.shardId))).toEqual(
      new Set(['shardId-000000000001', 'shardId-000000000002']),
    );
    expect(new Set(afterMerge.map((record) => record.shardId))).toEqual(new Set(['shardId-000000000003']));
    expect(sortedPayloads(log)).toEqual(sortedPayloads([...beforeSplit, ...afterSplit, ...afterMerge]));
    const parentEnd = lastIndex(log, 'shardId-000000000000');
    for (const child of ['shardId-000000000001', 'shardId-000000000002']) {
      expect(firstIndex(log, child)).toBeGreaterThan(parentEnd);
      expect(firstIndex(log, 'shardId-000000000003')).toBeGreaterThan(lastIndex(log, child));
    }
    const checkpoints = await store.load(stream);
    expect(checkpoints.get('shardId-000000000000')).toEqual({
      sequenceNumber: beforeSplit.at(-1)?.sequenceNumber,
      finished: true,
    });
    expect(checkpoints.get('shardId-000000000001')?.finished).toBe(true);
    expect(checkpoints.get('shardId-000000000002')?.finished).toBe(true);
    expect(checkpoints.get('shardId-000000000003')).toEqual({
      sequenceNumber: afterMerge.at(-1)?.sequenceNumber,
    });
  });

  it('skips shards its checkpoints mark finished after a restart', async () => {
    // Prepare
    const stream = await newStream(client, 1);
    await putPayloads(client, stream, payloads('parent', 6));
    await splitFirstShard(client, stream);
    const store = new MemoryCheckpointStore();
    await new KinesisPoller({ client, stream, store, deliver: recorder().deliver }, FAST).run();
    const later = await putPayloads(client, stream, payloads('later', 10));
    const { deliver, log } = recorder();

    // Act
    await new KinesisPoller({ client, stream, store, deliver }, FAST).run();

    // Assess
    expect(sortedPayloads(log)).toEqual(sortedPayloads(later));
  });
});
