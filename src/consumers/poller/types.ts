import type { BackoffOptions } from './backoff';

/** One record read from a shard by GetRecords. */
export interface PolledRecord {
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  readonly data: Uint8Array;
  readonly approximateArrivalTimestamp?: Date;
}

/** What the pipeline did with a batch: which records must be read again. */
export interface BatchDelivery {
  /** Records whose documents failed retryably (or were left unfinished); they are read again. */
  readonly failedSequenceNumbers: readonly string[];
}

/**
 * Runs one shard's batch through the pipeline (decode, transform, deliver, dead letters).
 * Records set aside or rejected are dead-lettered inside; only retryable failures come back.
 *
 * @example
 * ```ts
 * const deliver: DeliverBatch = async (records) => ({ failedSequenceNumbers: [] });
 * ```
 */
export type DeliverBatch = (records: readonly PolledRecord[], shardId: string) => Promise<BatchDelivery>;

/** Tuning of the poller; every field has a default. */
export interface PollerOptions {
  /** Stop once every shard is read to its tip (MillisBehindLatest 0 and an empty read). */
  readonly drain: boolean;
  /** Shards read at the same time. */
  readonly maxConcurrentShards: number;
  /** GetRecords Limit (at most 10 000). */
  readonly batchLimit: number;
  /** Wait between reads of a shard that is at its tip (Kinesis allows 5 reads per shard per second). */
  readonly idlePollMs: number;
  /** How often the shard list is read again to find resharding. */
  readonly shardSyncMs: number;
  /** A reader gives its slot back after this many batches, so a busy shard cannot starve the others. */
  readonly batchesPerTurn: number;
  readonly backoff: BackoffOptions;
  /** Consecutive failed Kinesis calls on a shard before the poller gives up. */
  readonly maxConsecutiveErrors: number;
}

/** What a run did, per shard and in total. */
export interface PollerProgress {
  records: number;
  batches: number;
  /** Batches with failed records that were read again after a backoff. */
  retriedBatches: number;
  throttles: number;
  /** The largest MillisBehindLatest seen on the last read of each shard. */
  millisBehindLatest: number;
  readonly shards: Map<string, ShardProgress>;
}

export interface ShardProgress {
  state: 'waiting' | 'reading' | 'caught_up' | 'finished';
  records: number;
  millisBehindLatest?: number;
  checkpoint?: string;
}

/** Callbacks for progress displays and logs; all optional. */
export interface PollerObserver {
  onBatch?(shardId: string, records: number, failed: number, millisBehindLatest: number | undefined): void;
  onRetry?(shardId: string, reason: string, waitMs: number): void;
  onShardStateChange?(shardId: string, state: ShardProgress['state']): void;
}
