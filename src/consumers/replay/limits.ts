/** The service limits a replay respects, as documented for Kinesis PutRecords. */
export interface PutLimits {
  /** Records per call. */
  readonly maxRecords: number;
  /** Bytes per call: data plus partition keys. */
  readonly maxCallBytes: number;
  /** Bytes per record: data plus partition key. */
  readonly maxRecordBytes: number;
}

export const KINESIS_LIMITS: PutLimits = {
  maxRecords: 500,
  maxCallBytes: 5 * 1024 * 1024,
  maxRecordBytes: 1024 * 1024,
};
