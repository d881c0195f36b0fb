import { randomUUID } from 'node:crypto';
import { type KinesisClient, PutRecordsCommand, SplitShardCommand } from '@aws-sdk/client-kinesis';
import type { BatchDelivery, DeliverBatch, PolledRecord } from '../../../src/consumers/poller';
import {
  ensureStream,
  kinesisClient,
  waitForStreamActive,
} from '../../../src/consumers/poller/kinesis-client';
import { type LocalKinesis, startLocalKinesis } from '../../../src/local/kinesis';

/** A real kinesalite started in-process, or the Kinesis named by KINESIS_ENDPOINT. */
export const startKinesis = async (): Promise<{
  client: KinesisClient;
  endpoint: string | undefined;
  close: () => Promise<void>;
}> => {
  const external = process.env.KINESIS_ENDPOINT;
  const local: LocalKinesis | undefined = external ? undefined : await startLocalKinesis({ shardLimit: 200 });
  const endpoint = external ?? local?.endpoint;
  const client = kinesisClient({ endpoint });
  return {
    client,
    endpoint,
    close: async () => {
      client.destroy();
      await local?.close();
    },
  };
};

export const newStream = async (client: KinesisClient, shards: number): Promise<string> => {
  const name = `poller-test-${randomUUID().slice(0, 8)}`;
  await ensureStream(client, name, shards);
  return name;
};

export interface PutRecord {
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly payload: string;
}

/** Puts `payloads` with one partition key each (`key-<i>` by default), returning where each landed. */
export const putPayloads = async (
  client: KinesisClient,
  stream: string,
  payloads: readonly string[],
  partitionKey: (index: number) => string = (index) => `key-${index}`,
): Promise<PutRecord[]> => {
  const put: PutRecord[] = [];
  for (let start = 0; start < payloads.length; start += 500) {
    const chunk = payloads.slice(start, start + 500);
    const output = await client.send(
      new PutRecordsCommand({
        StreamName: stream,
        Records: chunk.map((payload, i) => ({
          Data: Buffer.from(payload),
          PartitionKey: partitionKey(start + i),
        })),
      }),
    );
    if ((output.FailedRecordCount ?? 0) > 0)
      throw new Error(`${output.FailedRecordCount} records were not put`);
    for (const [i, record] of (output.Records ?? []).entries()) {
      put.push({
        shardId: record.ShardId ?? '',
        sequenceNumber: record.SequenceNumber ?? '',
        payload: chunk[i] ?? '',
      });
    }
  }
  return put;
};

/** One record handed to the pipeline, in the order of delivery across all shards. */
export interface Delivered {
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly payload: string;
  /** false when the recorder reported it failed. */
  readonly accepted: boolean;
}

/**
 * A DeliverBatch that records every call; `fail` decides per record whether to report it failed
 * (as the engine does for retryable delivery errors), `onBatch` runs before it answers.
 */
export const recorder = (
  options: {
    fail?: (record: PolledRecord, attempt: number) => boolean;
    onBatch?: (records: readonly PolledRecord[]) => Promise<void> | void;
  } = {},
): { deliver: DeliverBatch; log: Delivered[]; accepted: () => Delivered[] } => {
  const log: Delivered[] = [];
  const attempts = new Map<string, number>();
  const deliver: DeliverBatch = async (records): Promise<BatchDelivery> => {
    await options.onBatch?.(records);
    const failedSequenceNumbers: string[] = [];
    for (const record of records) {
      const attempt = (attempts.get(record.sequenceNumber) ?? 0) + 1;
      attempts.set(record.sequenceNumber, attempt);
      const failed = options.fail?.(record, attempt) ?? false;
      if (failed) failedSequenceNumbers.push(record.sequenceNumber);
      log.push({
        shardId: record.shardId,
        sequenceNumber: record.sequenceNumber,
        payload: Buffer.from(record.data).toString('utf8'),
        accepted: !failed,
      });
    }
    return { failedSequenceNumbers };
  };
  return { deliver, log, accepted: () => log.filter((item) => item.accepted) };
};

/** Fast settings for tests: small batches, short waits. */
export const FAST = {
  drain: true,
  batchLimit: 5,
  idlePollMs: 20,
  shardSyncMs: 200,
  backoff: { baseMs: 10, maxMs: 50 },
} as const;

export const sortedPayloads = (items: readonly { payload: string }[]): string[] =>
  items.map((item) => item.payload).sort();

/** `count` readable payloads: `prefix-000`, `prefix-001`… */
export const payloads = (prefix: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);

/** Splits the stream's first shard in two halves of the hash range and waits until it is active again. */
export const splitFirstShard = async (client: KinesisClient, stream: string): Promise<void> => {
  await client.send(
    new SplitShardCommand({
      StreamName: stream,
      ShardToSplit: 'shardId-000000000000',
      NewStartingHashKey: (2n ** 127n).toString(),
    }),
  );
  await waitForStreamActive(client, stream);
};
