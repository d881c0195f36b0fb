import {
  type _Record,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { sleep } from '../../src/consumers/poller';
import type { ShardFeed, StreamRecord } from './event-source-mapping';

const asStreamRecord = (record: _Record): StreamRecord => ({
  sequenceNumber: record.SequenceNumber ?? '',
  partitionKey: record.PartitionKey ?? '',
  data: Buffer.from(record.Data ?? new Uint8Array()).toString('base64'),
  approximateArrivalMs: record.ApproximateArrivalTimestamp?.getTime() ?? Date.now(),
});

/** A Kinesis call, tried again after a short pause on any error (the chaos run aims its faults elsewhere). */
const patiently = async <T>(call: () => Promise<T>): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= 10) throw error;
      await sleep(100 * attempt);
    }
  }
};

/**
 * One feed per shard of a stream, read from its start (TRIM_HORIZON) to its tip, for the event source
 * mapping simulation: a feed answers [] once a read comes back empty at the tip.
 *
 * @example
 * ```ts
 * const feeds = await kinesisFeeds(client, 'cwlpipe-chaos');
 * ```
 */
export const kinesisFeeds = async (client: KinesisClient, stream: string): Promise<ShardFeed[]> => {
  const { Shards } = await patiently(() => client.send(new ListShardsCommand({ StreamName: stream })));
  return (Shards ?? []).map((shard) => {
    const shardId = shard.ShardId ?? '';
    let iterator: string | undefined;
    return {
      shardId,
      next: async (limit) => {
        for (;;) {
          iterator ??= (
            await patiently(() =>
              client.send(
                new GetShardIteratorCommand({
                  StreamName: stream,
                  ShardId: shardId,
                  ShardIteratorType: 'TRIM_HORIZON',
                }),
              ),
            )
          ).ShardIterator;
          const current = iterator;
          const output = await patiently(() =>
            client.send(new GetRecordsCommand({ ShardIterator: current, Limit: limit })),
          );
          iterator = output.NextShardIterator ?? undefined;
          const records = output.Records ?? [];
          if (records.length > 0) return records.map(asStreamRecord);
          if (iterator === undefined || (output.MillisBehindLatest ?? 0) === 0) return [];
        }
      },
    };
  });
};

/**
 * The records of one shard from `start` to `end` (sequence numbers, both included): what a batch named by
 * the on-failure destination held, read back as an operator would to replay it.
 *
 * @example
 * ```ts
 * const records = await recordsBetween(client, 'cwlpipe-chaos', 'shardId-000000000001', '4960…', '4960…');
 * ```
 */
export const recordsBetween = async (
  client: KinesisClient,
  stream: string,
  shardId: string,
  start: string,
  end: string,
): Promise<StreamRecord[]> => {
  const out: StreamRecord[] = [];
  let { ShardIterator: iterator } = await patiently(() =>
    client.send(
      new GetShardIteratorCommand({
        StreamName: stream,
        ShardId: shardId,
        ShardIteratorType: 'AT_SEQUENCE_NUMBER',
        StartingSequenceNumber: start,
      }),
    ),
  );
  while (iterator !== undefined) {
    const current: string = iterator;
    const output = await patiently(() =>
      client.send(new GetRecordsCommand({ ShardIterator: current, Limit: 1_000 })),
    );
    for (const record of output.Records ?? []) {
      out.push(asStreamRecord(record));
      if (record.SequenceNumber === end) return out;
    }
    if ((output.Records ?? []).length === 0 && (output.MillisBehindLatest ?? 0) === 0) return out;
    iterator = output.NextShardIterator ?? undefined;
  }
  return out;
};
