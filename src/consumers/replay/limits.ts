/** The service limits a replay respects, as documented for Kinesis PutRecords and Firehose PutRecordBatch. */
export interface PutLimits {
  /** Records per call. */
  readonly maxRecords: number;
  /** Bytes per call. */
  readonly maxCallBytes: number;
  /** Bytes per record. */
  readonly maxRecordBytes: number;
  /** Whether a record's partition key counts against the limits (Kinesis: yes; Firehose has none). */
  readonly countsPartitionKey: boolean;
}

/** PutRecords: 500 records and 5 MiB per call, 1 MiB per record (data plus partition key). */
export const KINESIS_LIMITS: PutLimits = {
  maxRecords: 500,
  maxCallBytes: 5 * 1024 * 1024,
  maxRecordBytes: 1024 * 1024,
  countsPartitionKey: true,
};

/** PutRecordBatch: 500 records and 4 MiB per call, 1,000 KiB per record. */
export const FIREHOSE_LIMITS: PutLimits = {
  maxRecords: 500,
  maxCallBytes: 4 * 1024 * 1024,
  maxRecordBytes: 1000 * 1024,
  countsPartitionKey: false,
};
