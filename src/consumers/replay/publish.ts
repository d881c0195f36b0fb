import { sleep } from '../poller/backoff';
import { putBatches, recordBytes } from './batches';
import { RecordsRefusedError } from './errors';
import type { PutLimits } from './limits';
import type { StreamRecord } from './records';

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
  /** Records sent again after the service refused them (throttled or failed). */
  retries: number;
}

/**
 * One put call of a service: the records it refused (by position) and why. A whole call throttled refuses
 * every record; an error that retrying cannot mend (a missing stream) is thrown.
 */
export type PutCall = (records: readonly StreamRecord[]) => Promise<{ refused: number[]; reason: string }>;

/** The error names AWS uses for "slow down": the call is repeated for every record, after a wait. */
export const THROTTLED = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'LimitExceededException',
  'ServiceUnavailableException',
]);

/**
 * Publishes records in calls within `limits`, re-sending what the service refused with exponential backoff;
 * records still refused after `maxAttempts` are a {@link RecordsRefusedError} naming `target`. Shared by the
 * Kinesis (PutRecords) and Firehose (PutRecordBatch) publishers, which differ only in their call and limits.
 *
 * @example
 * ```ts
 * const totals = await publishInCalls('stream cwlpipe-local', records, KINESIS_LIMITS, putCall);
 * ```
 */
export const publishInCalls = async (
  target: string,
  records: readonly StreamRecord[],
  limits: PutLimits,
  put: PutCall,
  options: PublishOptions = {},
): Promise<PublishTotals> => {
  const maxAttempts = options.maxAttempts ?? 10;
  const baseMs = options.baseBackoffMs ?? 50;
  const totals: PublishTotals = { records: 0, bytes: 0, calls: 0, retries: 0 };
  for (const call of putBatches(records, limits)) {
    let pending: StreamRecord[] = call;
    for (let attempt = 1; pending.length > 0; attempt++) {
      totals.calls++;
      const { refused, reason } = await put(pending);
      const refusedSet = new Set(refused);
      const accepted = pending.filter((_, i) => !refusedSet.has(i));
      totals.records += accepted.length;
      totals.bytes += accepted.reduce((sum, record) => sum + recordBytes(record, limits), 0);
      options.onPut?.(accepted.length);
      pending = pending.filter((_, i) => refusedSet.has(i));
      if (pending.length === 0) break;
      if (attempt >= maxAttempts) {
        throw new RecordsRefusedError(
          `The ${target} still refused ${pending.length} record(s) after ${attempt} attempts (${reason}).`,
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

/** Whether an error says the named resource does not exist. */
export const isNotFound = (error: unknown): boolean => (error as Error).name === 'ResourceNotFoundException';
