import {
  PutRecordsCommand,
  type PutRecordsCommandOutput,
  type PutRecordsRequestEntry,
  ResourceNotFoundException,
} from '@aws-sdk/client-kinesis';
import { sleep } from '../poller/backoff';
import { putBatches, recordBytes } from './batches';
import { RecordsRefusedError, StreamMissingError } from './errors';
import { KINESIS_LIMITS, type PutLimits } from './limits';
import type { StreamRecord } from './records';

/** The one call a publisher makes; a KinesisClient fits. */
export interface PutRecordsSender {
  send(command: PutRecordsCommand): Promise<PutRecordsCommandOutput>;
}

export interface PublishOptions {
  readonly limits?: PutLimits;
  /** Attempts per call before giving up on the records still refused. */
  readonly maxAttempts?: number;
  readonly baseBackoffMs?: number;
  readonly onPut?: (count: number) => void;
  readonly onRetry?: (refused: number, reason: string, waitMs: number) => void;
}

/** What a publication did. */
export interface PublishTotals {
  records: number;
  bytes: number;
  calls: number;
  /** Records sent again after Kinesis refused them (throttled or failed). */
  retries: number;
}

const THROTTLED = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'LimitExceededException',
]);

/**
 * PutRecords in calls within the service limits, re-sending the entries Kinesis refused
 * (FailedRecordCount > 0, or a whole call throttled) with exponential backoff. A missing stream is a
 * {@link StreamMissingError}; records still refused after `maxAttempts` a {@link RecordsRefusedError}.
 *
 * @example
 * ```ts
 * const totals = await publishToKinesis(kinesisClient({ endpoint }), 'cwlpipe-local', load.records);
 * ```
 */
export const publishToKinesis = async (
  client: PutRecordsSender,
  stream: string,
  records: readonly StreamRecord[],
  options: PublishOptions = {},
): Promise<PublishTotals> => {
  const maxAttempts = options.maxAttempts ?? 10;
  const baseMs = options.baseBackoffMs ?? 50;
  const totals: PublishTotals = { records: 0, bytes: 0, calls: 0, retries: 0 };
  for (const call of putBatches(records, options.limits ?? KINESIS_LIMITS)) {
    let pending: StreamRecord[] = call;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const entries: PutRecordsRequestEntry[] = pending.map((record) => ({
        Data: record.data,
        PartitionKey: record.partitionKey,
      }));
      let refused: StreamRecord[];
      let reason: string;
      try {
        totals.calls++;
        const output = await client.send(new PutRecordsCommand({ StreamName: stream, Records: entries }));
        refused = pending.filter(
          (_, i) => output.Records?.[i]?.ErrorCode !== undefined || output.Records?.[i] === undefined,
        );
        reason = output.Records?.find((entry) => entry.ErrorCode !== undefined)?.ErrorCode ?? 'no result';
      } catch (error) {
        if (
          error instanceof ResourceNotFoundException ||
          (error as Error).name === 'ResourceNotFoundException'
        ) {
          throw new StreamMissingError(
            `The Kinesis stream ${stream} does not exist: ${(error as Error).message}`,
          );
        }
        if (!THROTTLED.has((error as Error).name)) throw error;
        refused = pending;
        reason = (error as Error).name;
      }
      const accepted = pending.filter((record) => !refused.includes(record));
      totals.records += accepted.length;
      totals.bytes += accepted.reduce((sum, record) => sum + recordBytes(record), 0);
      options.onPut?.(accepted.length);
      pending = refused;
      if (pending.length === 0) break;
      if (attempt >= maxAttempts) {
        throw new RecordsRefusedError(
          `Kinesis still refused ${pending.length} record(s) of ${stream} after ${attempt} attempts (${reason}).`,
        );
      }
      totals.retries += pending.length;
      const waitMs = Math.min(5_000, baseMs * 2 ** (attempt - 1));
      options.onRetry?.(pending.length, reason, waitMs);
      await sleep(waitMs);
    }
  }
  return totals;
};
