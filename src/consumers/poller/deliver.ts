import { deadlineIn, type EngineInput } from '../../core';
import { type BatchDeps, type BatchResult, processBatch } from '../../pipeline';
import type { DeliverBatch } from './types';

export interface EngineDeliveryOptions {
  /** How long one batch may take in the engine before its unfinished records are retried. */
  readonly batchTimeoutMs?: number;
  /** Sees every batch's result: for summaries, progress and metrics. */
  readonly onResult?: (result: BatchResult, shardId: string) => void;
}

/**
 * The poller's bridge to the batch engine: the same pipeline, connectors and dead letters as the
 * Lambda handler, so the same documents with the same ids.
 *
 * @example
 * ```ts
 * const deliver = engineDelivery({ pipeline, connectors: [openSearch], deadLetters }, { batchTimeoutMs: 60_000 });
 * const poller = new KinesisPoller({ client, stream, store, deliver });
 * ```
 */
export const engineDelivery = (deps: BatchDeps, options: EngineDeliveryOptions = {}): DeliverBatch => {
  const batchTimeoutMs = options.batchTimeoutMs ?? 120_000;
  return async (records, shardId) => {
    const inputs = records.map(
      (record, recordIndex): EngineInput => ({
        kind: 'bytes',
        bytes: record.data,
        ...(record.approximateArrivalTimestamp !== undefined && {
          receivedAtMs: record.approximateArrivalTimestamp.getTime(),
        }),
        origin: { recordIndex, shardId, sequenceNumber: record.sequenceNumber },
      }),
    );
    const result = await processBatch(inputs, deps, deadlineIn(batchTimeoutMs));
    options.onResult?.(result, shardId);
    return {
      failedSequenceNumbers: result.failed.map(
        (failure) => failure.origin.sequenceNumber ?? records[failure.index]?.sequenceNumber ?? '',
      ),
    };
  };
};
