/**
 * A log type: the id of a registered transformer (`vpcflow`, `lambda`, `cloudtrail`, `json`, `text`…).
 * The transformer registry is the list; adding a type is a folder and a line there, not an edit here.
 */
export type LogType = string;

/** One CloudWatch Logs event as the subscription envelope carries it. */
export interface LogEvent {
  /** The CloudWatch Logs event id: the same by subscription and by FilterLogEvents. */
  readonly id: string;
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
  readonly message: string;
}

/** Where events came from: the envelope's header. */
export interface LogSource {
  readonly owner: string;
  readonly logGroup: string;
  readonly logStream: string;
  readonly subscriptionFilters: readonly string[];
  /**
   * `ACCOUNT_LEVEL_POLICY` on envelopes delivered through an account-level subscription filter policy;
   * absent for a log group's own subscription filter.
   */
  readonly policyLevel?: string;
}

/**
 * A CloudWatch Logs subscription envelope (DATA_MESSAGE or CONTROL_MESSAGE).
 *
 * @example
 * ```ts
 * const envelope: Envelope = {
 *   messageType: 'DATA_MESSAGE', owner: '123456789012', logGroup: '/aws/lambda/orders', logStream: '2024/05/01/[$LATEST]ab12',
 *   subscriptionFilters: ['cwlpipe'], logEvents: [{ id: '3799…', timestamp: 1714564800000, message: 'START RequestId: …' }],
 * };
 * ```
 */
export interface Envelope extends LogSource {
  readonly messageType: 'DATA_MESSAGE' | 'CONTROL_MESSAGE';
  readonly logEvents: readonly LogEvent[];
}

/**
 * Where a record came from, so any failure maps back to the record to report.
 *
 * @example
 * ```ts
 * const origin: RecordOrigin = { recordIndex: 3, shardId: 'shardId-000000000001', sequenceNumber: '4960…' };
 * ```
 */
export interface RecordOrigin {
  /** Position of the record in its batch or file. */
  readonly recordIndex: number;
  readonly shardId?: string;
  readonly sequenceNumber?: string;
  /** Firehose's record id. */
  readonly recordId?: string;
  /** A file name, for replays. */
  readonly file?: string;
}

/**
 * One record as a source hands it to the engine: base64 text (Lambda and Firehose events), raw bytes
 * (GetRecords, files, archive objects: a gzip envelope or an envelope's JSON), or an envelope that is
 * already decoded (FilterLogEvents backfill, a dead letter's event).
 *
 * @example
 * ```ts
 * const input: EngineInput = { kind: 'base64', data: record.kinesis.data, origin: { recordIndex: 0 } };
 * ```
 */
export type EngineInput =
  /**
   * `data` is typed as the string AWS documents, but a malformed event can hold null, nothing or another
   * type there: decode sets such a record aside as `data_missing`, so sources pass it on unchecked.
   */
  | {
      readonly kind: 'base64';
      readonly data: string;
      readonly origin: RecordOrigin;
      /** When the payload arrived (a Kinesis record's ApproximateArrivalTimestamp): the raw archive's hour. */
      readonly receivedAtMs?: number;
    }
  | {
      readonly kind: 'bytes';
      readonly bytes: Uint8Array;
      readonly origin: RecordOrigin;
      readonly receivedAtMs?: number;
    }
  | { readonly kind: 'envelope'; readonly envelope: Envelope; readonly origin: RecordOrigin };

/** The document body indexed into OpenSearch: the common fields plus one namespace per log type. */
export interface DocBody {
  '@timestamp': string;
  '@ingested': string;
  '@id': string;
  '@type': LogType;
  /**
   * The raw line, size-capped, where it is the content or not every part of it became a field; left out of
   * a fully parsed VPC record, CloudTrail record or Lambda platform line unless the log group sets
   * `preserveOriginal`.
   */
  '@message'?: string;
  aws: { log_group: string; log_stream: string; owner: string; policy_level?: string };
  [namespace: string]: unknown;
}

/**
 * A document ready for connectors, remembering its event and record, so a failed item maps back to the
 * Kinesis record to retry and the raw event to dead-letter.
 *
 * @example
 * ```ts
 * const doc: PipelineDoc = { type: 'vpcflow', body, event, source: envelope, origin };
 * ```
 */
export interface PipelineDoc {
  readonly type: LogType;
  readonly body: DocBody;
  readonly event: LogEvent;
  readonly source: LogSource;
  readonly origin: RecordOrigin;
}
