import { gzipSync } from 'node:zlib';
import type { FirehoseTransformationEvent, KinesisStreamEvent } from 'aws-lambda';
import type { Envelope, LogEvent } from '../../src/core';

/** Builds readable envelopes at test time, so fixtures stay reviewable JSON. */
export const envelope = (
  logGroup: string,
  messages: Array<string | Partial<LogEvent>>,
  overrides: Partial<Omit<Envelope, 'logEvents'>> = {},
): Envelope => ({
  messageType: 'DATA_MESSAGE',
  owner: '123456789012',
  logGroup,
  logStream: 'stream-1',
  subscriptionFilters: ['cwlpipe'],
  ...overrides,
  logEvents: messages.map((item, index) => {
    const event = typeof item === 'string' ? { message: item } : item;
    return {
      id: event.id ?? `3${String(index).padStart(55, '0')}`,
      timestamp: event.timestamp ?? Date.UTC(2024, 4, 1, 12, 0, index),
      message: event.message ?? '',
    };
  }),
});

/** The bytes CloudWatch Logs puts on a Kinesis record: the gzip of the envelope's JSON. */
export const gzipEnvelope = (value: Envelope | unknown): Buffer => gzipSync(JSON.stringify(value));

/** A Lambda Kinesis event carrying the given record payloads (envelopes are gzipped, strings used as base64). */
export const kinesisEvent = (
  payloads: Array<Envelope | string>,
  shardId = 'shardId-000000000000',
): KinesisStreamEvent => ({
  Records: payloads.map((payload, index) => ({
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${shardId}:${sequenceNumber(index)}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/cwlpipe',
    awsRegion: 'us-east-1',
    eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/cwlpipe',
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: 'pk',
      sequenceNumber: sequenceNumber(index),
      approximateArrivalTimestamp: 1714564800,
      data: typeof payload === 'string' ? payload : gzipEnvelope(payload).toString('base64'),
    },
  })),
});

export const sequenceNumber = (index: number): string => `4960${String(index).padStart(52, '0')}`;

/** A Firehose data-transformation event carrying the given payloads (envelopes are gzipped, strings used as base64). */
export const firehoseEvent = (payloads: Array<Envelope | string>): FirehoseTransformationEvent => ({
  invocationId: 'c9d6a3f0-1b2e-4f5a-8c7d-6e5f4a3b2c1d',
  deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/cwlpipe-logs',
  region: 'us-east-1',
  records: payloads.map((payload, index) => ({
    recordId: firehoseRecordId(index),
    approximateArrivalTimestamp: 1714564800000 + index,
    data: typeof payload === 'string' ? payload : gzipEnvelope(payload).toString('base64'),
  })),
});

export const firehoseRecordId = (index: number): string =>
  `49546986683135544286507457936321625675700192471156785154${String(index).padStart(4, '0')}`;
