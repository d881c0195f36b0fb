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
  const { options, signal, observer } = deps;
  const turn: TurnCounts = { errors: 0, failedBatches: 0, batches: 0 };
  while (!signal.aborted) {
    const output = await getRecords(position, deps, turn);
    // Undefined: the iterator expired, or the read failed and was waited out; either way, read again.
    if (output === undefined) continue;
    // Records read after shutdown was asked for are left for the next run, unprocessed.
    if (signal.aborted) break;

    const records = polledRecords(position.shardId, output);
    if (records.length > 0) {
      const failed = await deliverAndCheckpoint(position, deps, records);
      observer.onBatch?.(position.shardId, records.length, failed, output.MillisBehindLatest);
      if (failed > 0) {
        // Read again from the checkpoint: the failed record and everything after it.
        position.iterator = undefined;
        await retryAfter(deps, position.shardId, `${failed} record(s) failed`, ++turn.failedBatches);
        continue;
      }
      turn.failedBatches = 0;
    } else {
      observer.onBatch?.(position.shardId, 0, 0, output.MillisBehindLatest);
    }

    if (output.NextShardIterator === undefined || output.NextShardIterator === null) {
      await markFinished(position, deps);
      return { kind: 'finished' };
    }
    position.iterator = output.NextShardIterator;
    if (records.length === 0 && (output.MillisBehindLatest ?? 0) === 0) return { kind: 'caught_up' };
    if (++turn.batches >= options.batchesPerTurn) return { kind: 'yielded' };
  }
  return { kind: 'stopped' };
};

/** A turn's running counts: consecutive read errors, consecutive failed batches, batches read. */
interface TurnCounts {
  errors: number;
  failedBatches: number;
  batches: number;
}

const retryAfter = async (
  { options, observer, signal }: ShardReaderDeps,
  shardId: string,
  reason: string,
  attempt: number,
): Promise<void> => {
  const waitMs = backoffMs(attempt, options.backoff);
  observer.onRetry?.(shardId, reason, waitMs);
  await sleep(waitMs, signal);
};

/**
 * One GetRecords from the position's iterator (a new one from the checkpoint when there is none). On an
 * expired iterator or a passing error (after its backoff), undefined: the caller reads again. A fatal error,
 * or more consecutive errors than allowed, throws.
 */
const getRecords = async (
  position: ShardPosition,
  deps: ShardReaderDeps,
  turn: TurnCounts,
): Promise<GetRecordsCommandOutput | undefined> => {
  const { client, options, stream } = deps;
  try {
    position.iterator ??= await shardIterator(client, stream, position);
    const output = await client.send(
      new GetRecordsCommand({ ShardIterator: position.iterator, Limit: options.batchLimit }),
    );
    turn.errors = 0;
    return output;
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'ExpiredIteratorException') {
      position.iterator = undefined;
      return undefined;
    }
    if (FATAL.has(name) || ++turn.errors > options.maxConsecutiveErrors) {
      throw new PipelineError(
        'config',
        'kinesis_read_failed',
        `Reading ${position.shardId} of stream ${stream} failed: ${describeError(error)}`,
        { cause: error },
      );
    }
    position.iterator = undefined;
    await retryAfter(
      deps,
      position.shardId,
      THROTTLES.has(name) ? 'throttled' : `error: ${describeError(error)}`,
      turn.errors,
    );
    return undefined;
  }
};

const polledRecords = (shardId: string, output: GetRecordsCommandOutput): PolledRecord[] =>
  (output.Records ?? []).map(
    (record): PolledRecord => ({
      shardId,
      sequenceNumber: record.SequenceNumber ?? '',
      partitionKey: record.PartitionKey ?? '',
      data: record.Data ?? new Uint8Array(),
      ...(record.ApproximateArrivalTimestamp && {
        approximateArrivalTimestamp: record.ApproximateArrivalTimestamp,
      }),
    }),
  );

/** Delivers a batch and checkpoints its delivered prefix; returns how many records failed. */
const deliverAndCheckpoint = async (
  position: ShardPosition,
  deps: ShardReaderDeps,
  records: PolledRecord[],
): Promise<number> => {
  const delivery = await deliverSafely(deps, records, position.shardId);
  const failed = new Set(delivery.failedSequenceNumbers);
  const delivered = lastBeforeFirstFailure(records, failed);
  if (delivered !== undefined) {
    position.sequenceNumber = delivered;
    await deps.store.save(deps.stream, position.shardId, { sequenceNumber: delivered });
  }
  return failed.size;
};

/** A closed shard read to its end: checkpointed finished, so its children may start. */
const markFinished = async (position: ShardPosition, deps: ShardReaderDeps): Promise<void> => {
  await deps.store.save(deps.stream, position.shardId, {
    ...(position.sequenceNumber !== undefined && { sequenceNumber: position.sequenceNumber }),
    finished: true,
  });
  position.iterator = undefined;
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
