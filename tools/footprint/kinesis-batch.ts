import { gzipSync } from 'node:zlib';
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import type { LogType } from '../../src/core';
import { syntheticEnvelopes } from '../../src/local/synthetic';

/** The most records a Kinesis event source mapping hands one invocation. */
export const KINESIS_MAX_RECORDS = 10_000;
/**
 * The record data of the largest batch, 6 MiB (Lambda's payload limit). Counted as the records' data (the
 * gzip bytes), not the event's JSON: 10,000 real CloudWatch Logs records cannot fit 6 MB of event JSON
 * (base64 and the per-record fields alone take about 5 MB), so the batch measured is heavier than any
 * invocation Lambda can deliver.
 */
export const BATCH_DATA_BYTES = 6 * 1024 * 1024;

/**
 * A Kinesis event of `records` generated CloudWatch Logs records (`cwlpipe generate`'s data), with as many
 * events per record as still keep the records' data (gzip bytes) within `maxBytes`. Returns the event's
 * JSON text, as the runtime receives it, and the data bytes.
 *
 * @example
 * ```ts
 * const batch = largestKinesisBatch('vpcflow');
 * batch.eventsPerRecord; // e.g. 9
 * ```
 */
export const largestKinesisBatch = (
  type: LogType,
  records = KINESIS_MAX_RECORDS,
  maxBytes = BATCH_DATA_BYTES,
): KinesisBatch => {
  let best: KinesisBatch | undefined;
  let over: number | undefined;
  // Sizes grow with events per record: doubling finds a count that fits and one that does not (at most
  // 1,024 events a record), then halving the gap between them finds the largest that fits.
  for (let eventsPerRecord = 1; eventsPerRecord <= MAX_EVENTS_PER_RECORD; eventsPerRecord *= 2) {
    const batch = kinesisBatch(type, records, eventsPerRecord);
    if (batch.dataBytes > maxBytes) {
      over = eventsPerRecord;
      break;
    }
    best = batch;
  }
  // Records of one event each already over the budget (CloudTrail's are large): fewer records, so the
  // batch is the 6 MiB one.
  if (best === undefined) {
    const one = kinesisBatch(type, records, 1);
    return kinesisBatch(type, Math.floor((records * maxBytes) / one.dataBytes), 1);
  }
  if (over === undefined) return best;
  while (over - best.eventsPerRecord > 1) {
    const batch = kinesisBatch(type, records, Math.floor((best.eventsPerRecord + over) / 2));
    if (batch.dataBytes > maxBytes) over = batch.eventsPerRecord;
    else best = batch;
  }
  return best;
};

const MAX_EVENTS_PER_RECORD = 1024;

export interface KinesisBatch {
  /** The event's JSON text. */
  readonly json: string;
  readonly records: number;
  readonly events: number;
  readonly eventsPerRecord: number;
  /** The records' data: the gzip bytes before base64. */
  readonly dataBytes: number;
}

/**
 * A Kinesis event of `records` generated CloudWatch Logs records of `eventsPerRecord` events each.
 *
 * @example
 * ```ts
 * const batch = kinesisBatch('vpcflow', 10, 10); // a small batch: 100 events
 * ```
 */
export const kinesisBatch = (type: LogType, records: number, eventsPerRecord: number): KinesisBatch => {
  const arrival = Date.now() / 1000;
  const payloads = [
    ...syntheticEnvelopes({ type, envelopes: records, eventsPerEnvelope: eventsPerRecord, seed: 1 }),
  ].map((envelope) => ({ partitionKey: envelope.logStream, data: gzipSync(JSON.stringify(envelope)) }));
  const event: KinesisStreamEvent = {
    Records: payloads.map(
      ({ partitionKey, data }, index): KinesisStreamRecord => ({
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `shardId-000000000000:${String(index).padStart(56, '0')}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: 'arn:aws:iam::123456789012:role/footprint',
        awsRegion: 'us-east-1',
        eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/footprint',
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey,
          sequenceNumber: String(index).padStart(56, '0'),
          approximateArrivalTimestamp: arrival,
          data: data.toString('base64'),
        },
      }),
    ),
  };
  return {
    json: JSON.stringify(event),
    records,
    events: records * eventsPerRecord,
    eventsPerRecord,
    dataBytes: payloads.reduce((sum, { data }) => sum + data.length, 0),
  };
};
