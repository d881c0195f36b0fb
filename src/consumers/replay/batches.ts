import { RecordsRefusedError } from './errors';
import { KINESIS_LIMITS, type PutLimits } from './limits';
import type { StreamRecord } from './records';

/** The bytes a record counts for against the limits: its data, and its partition key where that counts. */
export const recordBytes = (record: StreamRecord, limits: PutLimits = KINESIS_LIMITS): number =>
  record.data.length + (limits.countsPartitionKey ? Buffer.byteLength(record.partitionKey) : 0);

/**
 * Cuts records into PutRecords calls within the limits (records and bytes per call), in order. A
 * call may reach a limit exactly. A record above the per-record limit is an error.
 *
 * @example
 * ```ts
 * for (const call of putBatches(load.records)) await send(call);
 * ```
 */
export const putBatches = (
  records: readonly StreamRecord[],
  limits: PutLimits = KINESIS_LIMITS,
): StreamRecord[][] => {
  const calls: StreamRecord[][] = [];
  let current: StreamRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = recordBytes(record, limits);
    if (size > limits.maxRecordBytes) {
      throw new RecordsRefusedError(
        `A record for ${record.partitionKey} is ${size} bytes, above the ${limits.maxRecordBytes}-byte record limit.`,
      );
    }
    if (current.length === limits.maxRecords || (current.length > 0 && bytes + size > limits.maxCallBytes)) {
      calls.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) calls.push(current);
  return calls;
};
