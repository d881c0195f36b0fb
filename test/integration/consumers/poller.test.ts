import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import {
  type CheckpointStore,
  FileCheckpointStore,
  KinesisPoller,
  MemoryCheckpointStore,
  type ShardCheckpoint,
  sleep,
  stopOnSignals,
} from '../../../src/consumers/poller';
import { kinesisClient } from '../../../src/consumers/poller/kinesis-client';
import { FAST, newStream, payloads, putPayloads, recorder, sortedPayloads, startKinesis } from './poller-kit';

describe('KinesisPoller (kinesalite)', () => {
  let kinesis: Awaited<ReturnType<typeof startKinesis>>;
  let client: KinesisClient;

  beforeAll(async () => {
    kinesis = await startKinesis();
    client = kinesis.client;
  });

  afterAll(async () => {
    await kinesis.close();
  });

  it('discovers every shard and reads each record exactly once with bounded concurrency', async () => {
    // Prepare
    const stream = await newStream(client, 4);
    const put = await putPayloads(client, stream, payloads('event', 40));
    let inFlight = 0;
    let mostInFlight = 0;
    const { deliver, log } = recorder({
      onBatch: async () => {
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        await sleep(5);
        inFlight--;
      },
    });
    const store = new MemoryCheckpointStore();
    const poller = new KinesisPoller({ client, stream, store, deliver }, { ...FAST, maxConcurrentShards: 2 });

    // Act
    await poller.run();

    // Assess
    expect(new Set(put.map((record) => record.shardId)).size).toBe(4);
    expect(sortedPayloads(log)).toEqual(sortedPayloads(put));
    expect(mostInFlight).toBe(2);
    const checkpoints = await store.load(stream);
    for (const shardId of new Set(put.map((record) => record.shardId))) {
      const last = put.filter((record) => record.shardId === shardId).at(-1);
      expect(checkpoints.get(shardId)?.sequenceNumber).toBe(last?.sequenceNumber);
    }
  });

  it('resumes from its checkpoint file after a restart: nothing read twice, nothing skipped', async () => {
    // Prepare
    const stream = await newStream(client, 2);
    const file = join(mkdtempSync(join(tmpdir(), 'cwlpipe-checkpoints-')), 'checkpoints.json');
    const first = await putPayloads(client, stream, payloads('before', 30));
    let batches = 0;
    let firstPoller: KinesisPoller | undefined;
    const firstRun = recorder({
      onBatch: () => {
        if (++batches === 2) firstPoller?.stop();
      },
    });
    firstPoller = new KinesisPoller(
      { client, stream, store: new FileCheckpointStore(file), deliver: firstRun.deliver },
      { ...FAST, drain: false },
    );
    await firstPoller.run();
    const second = await putPayloads(client, stream, payloads('after', 10));
    const secondRun = recorder();

    // Act
    await new KinesisPoller(
      {
        client,
        stream,
        store: new FileCheckpointStore(file),
        deliver: secondRun.deliver,
      },
      FAST,
    ).run();

    // Assess
    expect(firstRun.log.length).toBeGreaterThan(0);
    expect(firstRun.log.length).toBeLessThan(30);
    const both = [...firstRun.log, ...secondRun.log];
    expect(sortedPayloads(both)).toEqual(sortedPayloads([...first, ...second]));
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, ShardCheckpoint>>;
    for (const record of [...first, ...second]) {
      expect(BigInt(saved[stream]?.[record.shardId]?.sequenceNumber ?? '0')).toBeGreaterThanOrEqual(
        BigInt(record.sequenceNumber),
      );
    }
  });

  it('re-reads failed records from the checkpoint, never checkpointing past them', async () => {
    // Prepare
    const stream = await newStream(client, 1);
    const put = await putPayloads(client, stream, payloads('event', 12));
    const failing = put[3]?.sequenceNumber;
    const { deliver, log, accepted } = recorder({
      fail: (record, attempt) => record.sequenceNumber === failing && attempt <= 2,
    });
    const saves: Array<{ sequenceNumber?: string; acceptedFailing: boolean }> = [];
    const memory = new MemoryCheckpointStore();
    const store: CheckpointStore = {
      load: (name) => memory.load(name),
      save: async (name, shardId, checkpoint) => {
        saves.push({
          ...checkpoint,
          acceptedFailing: accepted().some((item) => item.sequenceNumber === failing),
        });
        await memory.save(name, shardId, checkpoint);
      },
    };

    // Act
    await new KinesisPoller({ client, stream, store, deliver }, FAST).run();

    // Assess
    expect(sortedPayloads(accepted()).filter((p, i, all) => all.indexOf(p) === i)).toEqual(
      sortedPayloads(put),
    );
    expect(log.filter((item) => item.sequenceNumber === failing)).toHaveLength(3);
    // The record after the failure was delivered in the first batch, and read again after it.
    expect(
      log.filter((item) => item.sequenceNumber === put[4]?.sequenceNumber).length,
    ).toBeGreaterThanOrEqual(2);
    for (const save of saves.filter((item) => !item.acceptedFailing)) {
      expect(BigInt(save.sequenceNumber ?? '0')).toBeLessThan(BigInt(failing ?? '0'));
    }
    expect(saves.at(-1)?.sequenceNumber).toBe(put.at(-1)?.sequenceNumber);
  });

  it('stops on SIGTERM after finishing and checkpointing the batch in flight', async () => {
    // Prepare
    const stream = await newStream(client, 1);
    const put = await putPayloads(client, stream, payloads('event', 20));
    let finishedBatches = 0;
    const { deliver, log } = recorder({
      onBatch: async () => {
        process.emit('SIGTERM');
        await sleep(200);
        finishedBatches++;
      },
    });
    const store = new MemoryCheckpointStore();
    const poller = new KinesisPoller({ client, stream, store, deliver }, { ...FAST, drain: false });
    const release = stopOnSignals(poller);

    // Act
    try {
      await poller.run();
    } finally {
      release();
    }

    // Assess
    expect(finishedBatches).toBe(1);
    expect(log.map((item) => item.payload)).toEqual(put.slice(0, 5).map((record) => record.payload));
    expect((await store.load(stream)).get(put[0]?.shardId ?? '')?.sequenceNumber).toBe(
      put[4]?.sequenceNumber,
    );
  });

  it('backs off and retries when Kinesis throttles reads', async () => {
    // Prepare
    const stream = await newStream(client, 1);
    const put = await putPayloads(client, stream, payloads('event', 8));
    let throttled = 0;
    const throttling = withThrottle(kinesisClient({ endpoint: kinesis.endpoint }), () => ++throttled <= 3);
    const { deliver, log } = recorder();
    const poller = new KinesisPoller(
      { client: throttling, stream, store: new MemoryCheckpointStore(), deliver },
      FAST,
    );

    // Act
    const progress = await poller.run().finally(() => throttling.destroy());

    // Assess
    expect(progress.throttles).toBe(3);
    expect(sortedPayloads(log)).toEqual(sortedPayloads(put));
  });
});

/**
 * A real client with the first GetRecords calls answered the way Kinesis answers when a shard's
 * read limit is exceeded (kinesalite has no limits of its own).
 */
const withThrottle = (client: KinesisClient, throttle: () => boolean): KinesisClient => {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'GetRecordsCommand' && throttle()) {
        const error = new Error('Rate exceeded for shard shardId-000000000000.');
        error.name = 'ProvisionedThroughputExceededException';
        throw error;
      }
      return next(args);
    },
    { step: 'initialize', name: 'throttleForTest' },
  );
  return client;
};
