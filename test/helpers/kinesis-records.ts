import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import type { EngineInput } from '../../src/core';
import { decodeBase64, decodeBytes } from '../../src/pipeline';

/** One record as a stream holds it. */
export interface StoredRecord {
  readonly partitionKey: string;
  readonly data: Uint8Array;
  readonly arrivedAt: Date;
}

/**
 * Every record on every shard of a stream (kinesalite or moto), from the start, shard by shard.
 *
 * @example
 * ```ts
 * const records = await readStream(kinesis.client, 'cwlpipe-local');
 * ```
 */
export const readStream = async (client: KinesisClient, stream: string): Promise<StoredRecord[]> => {
  const { Shards } = await client.send(new ListShardsCommand({ StreamName: stream }));
  const records: StoredRecord[] = [];
  for (const shard of Shards ?? []) {
    let { ShardIterator } = await client.send(
      new GetShardIteratorCommand({
        StreamName: stream,
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    while (ShardIterator !== undefined) {
      const output = await client.send(new GetRecordsCommand({ ShardIterator, Limit: 1000 }));
      for (const record of output.Records ?? [])
        records.push({
          partitionKey: record.PartitionKey ?? '',
          data: record.Data ?? new Uint8Array(),
          arrivedAt: record.ApproximateArrivalTimestamp ?? new Date(),
        });
      if ((output.Records ?? []).length === 0) break;
      ShardIterator = output.NextShardIterator;
    }
  }
  return records;
};

/**
 * Every event the inputs carry, as `logStream|event JSON`: what a replay or delivery must keep, compared
 * as a multiset whatever records it was regrouped into.
 */
export const eventKeysOf = (inputs: readonly EngineInput[]): string[] =>
  inputs.flatMap((input) => {
    if (input.kind === 'envelope') return [];
    const decoded =
      input.kind === 'base64'
        ? decodeBase64(input.data, { maxGunzipBytes: 1 << 28 })
        : decodeBytes(input.bytes, { maxGunzipBytes: 1 << 28 });
    return decoded.kind === 'data'
      ? decoded.envelope.logEvents.map((event) => `${decoded.envelope.logStream}|${JSON.stringify(event)}`)
      : [];
  });
