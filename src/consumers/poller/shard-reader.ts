import {
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { describeError, PipelineError } from '../../core';
import { backoffMs, sleep } from './backoff';
import type { CheckpointStore } from './checkpoint-store';
import type { DeliverBatch, PolledRecord, PollerObserver, PollerOptions } from './types';

/** Where a shard's reading stands between turns. */
export interface ShardPosition {
  readonly shardId: string;
  /** The last fully delivered sequence number (the checkpoint); absent means the shard's start. */
  sequenceNumber?: string;
  /** An iterator to continue with, when the last turn ended cleanly (valid for 5 minutes). */
  iterator?: string;
}

/** Why a turn ended. */
export type TurnEnd =
  | { readonly kind: 'finished' } // closed shard read to its end
  | { readonly kind: 'caught_up' } // at the tip of an open shard
  | { readonly kind: 'yielded' } // batchesPerTurn used up, more to read
  | { readonly kind: 'stopped' }; // shutdown requested

export interface ShardReaderDeps {
  readonly client: KinesisClient;
  readonly stream: string;
  readonly store: CheckpointStore;
  readonly deliver: DeliverBatch;
  readonly options: PollerOptions;
  readonly signal: AbortSignal;
  readonly observer: PollerObserver;
}

const THROTTLES = new Set([
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
  'KMSThrottlingException',
  'ThrottlingException',
]);
const FATAL = new Set(['ResourceNotFoundException', 'AccessDeniedException', 'InvalidArgumentException']);

/**
 * Reads one shard for one turn: GetRecords, hand each batch to the pipeline, checkpoint the last
 * record before the first failure, and on failure back off and read again from the checkpoint
 * (a failed record is never skipped). A closed shard read to its end is checkpointed `finished`.
 *
 * @example
 * ```ts
 * const end = await readShardTurn({ shardId: 'shardId-000000000000' }, deps);
 * if (end.kind === 'finished') startChildren();
 * ```
 */
export const readShardTurn = async (position: ShardPosition, deps: ShardReaderDeps): Promise<TurnEnd> => {
  const { client, options, signal, observer, stream } = deps;
  let errors = 0;
  let failedBatches = 0;
  let batches = 0;
  const retryAfter = async (reason: string, attempt: number): Promise<void> => {
    const waitMs = backoffMs(attempt, options.backoff);
    observer.onRetry?.(position.shardId, reason, waitMs);
    await sleep(waitMs, signal);
  };

  while (!signal.aborted) {
    let output: GetRecordsCommandOutput;
    try {
      position.iterator ??= await shardIterator(client, stream, position);
      output = await client.send(
        new GetRecordsCommand({ ShardIterator: position.iterator, Limit: options.batchLimit }),
      );
      errors = 0;
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'ExpiredIteratorException') {
        position.iterator = undefined;
        continue;
      }
      if (FATAL.has(name) || ++errors > options.maxConsecutiveErrors) {
        throw new PipelineError(
          'config',
          'kinesis_read_failed',
          `Reading ${position.shardId} of stream ${stream} failed: ${describeError(error)}`,
          { cause: error },
        );
      }
      position.iterator = undefined;
      await retryAfter(THROTTLES.has(name) ? 'throttled' : `error: ${describeError(error)}`, errors);
      continue;
    }
    // Records read after shutdown was asked for are left for the next run, unprocessed.
    if (signal.aborted) break;

    const records = (output.Records ?? []).map(
      (record): PolledRecord => ({
        shardId: position.shardId,
        sequenceNumber: record.SequenceNumber ?? '',
        partitionKey: record.PartitionKey ?? '',
        data: record.Data ?? new Uint8Array(),
        ...(record.ApproximateArrivalTimestamp && {
          approximateArrivalTimestamp: record.ApproximateArrivalTimestamp,
        }),
      }),
    );
    if (records.length > 0) {
      const delivery = await deliverSafely(deps, records, position.shardId);
      const failed = new Set(delivery.failedSequenceNumbers);
      const delivered = lastBeforeFirstFailure(records, failed);
      if (delivered !== undefined) {
        position.sequenceNumber = delivered;
        await deps.store.save(stream, position.shardId, { sequenceNumber: delivered });
      }
      observer.onBatch?.(position.shardId, records.length, failed.size, output.MillisBehindLatest);
      if (failed.size > 0) {
        // Read again from the checkpoint: the failed record and everything after it.
        position.iterator = undefined;
        await retryAfter(`${failed.size} record(s) failed`, ++failedBatches);
        continue;
      }
      failedBatches = 0;
    } else {
      observer.onBatch?.(position.shardId, 0, 0, output.MillisBehindLatest);
    }

    if (output.NextShardIterator === undefined || output.NextShardIterator === null) {
      await deps.store.save(stream, position.shardId, {
        ...(position.sequenceNumber !== undefined && { sequenceNumber: position.sequenceNumber }),
        finished: true,
      });
      position.iterator = undefined;
      return { kind: 'finished' };
    }
    position.iterator = output.NextShardIterator;
    if (records.length === 0 && (output.MillisBehindLatest ?? 0) === 0) return { kind: 'caught_up' };
    if (++batches >= options.batchesPerTurn) return { kind: 'yielded' };
  }
  return { kind: 'stopped' };
};

/**
 * The last sequence number of the batch's unbroken delivered prefix: everything up to it may be
 * checkpointed. Undefined when the first record failed.
 *
 * @example
 * ```ts
 * lastBeforeFirstFailure(records, new Set([records[2].sequenceNumber])); // records[1].sequenceNumber
 * ```
 */
export const lastBeforeFirstFailure = (
  records: readonly PolledRecord[],
  failed: ReadonlySet<string>,
): string | undefined => {
  let last: string | undefined;
  for (const record of records) {
    if (failed.has(record.sequenceNumber)) return last;
    last = record.sequenceNumber;
  }
  return last;
};

/** The pipeline promises not to throw; if it does, the whole batch is read again, never lost. */
const deliverSafely = async (
  deps: ShardReaderDeps,
  records: PolledRecord[],
  shardId: string,
): ReturnType<DeliverBatch> => {
  try {
    return await deps.deliver(records, shardId);
  } catch (error) {
    deps.observer.onRetry?.(shardId, `the pipeline threw: ${describeError(error)}`, 0);
    return { failedSequenceNumbers: records.map((record) => record.sequenceNumber) };
  }
};

const shardIterator = async (
  client: KinesisClient,
  stream: string,
  position: ShardPosition,
): Promise<string> => {
  const { ShardIterator } = await client.send(
    new GetShardIteratorCommand({
      StreamName: stream,
      ShardId: position.shardId,
      ...(position.sequenceNumber === undefined
        ? { ShardIteratorType: 'TRIM_HORIZON' }
        : { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: position.sequenceNumber }),
    }),
  );
  if (ShardIterator === undefined) {
    throw new PipelineError(
      'config',
      'kinesis_read_failed',
      `Kinesis gave no iterator for ${position.shardId}.`,
    );
  }
  return ShardIterator;
};
