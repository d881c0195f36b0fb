import { gzipSync } from 'node:zlib';
import {
  type CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  PutSubscriptionFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeStreamSummaryCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { ensureStream } from '../../../src/consumers/poller/kinesis-client';
import type { Envelope } from '../../../src/core';
import { syntheticEnvelopes } from '../../../src/local/synthetic';
import { readStream } from '../../helpers/kinesis-records';
import { type MotoEnvelope, readEnvelope } from '../e2e/moto-format';

const HOUR = 3_600_000;
const TYPES = ['vpcflow', 'lambda', 'cloudtrail'] as const;

/**
 * Generated history of every type over several days and log streams: `perStart` envelopes of 100 events
 * per type, starting at each of `starts` (epoch ms, which moto accepts: the last 14 days).
 */
export const history = (starts: readonly number[], perStart: number): Envelope[] =>
  starts.flatMap((startMs, day) =>
    TYPES.flatMap((type, index) => [
      ...syntheticEnvelopes({
        type,
        envelopes: perStart,
        eventsPerEnvelope: 100,
        seed: 100 * day + index,
        startMs,
      }),
    ]),
  );

/**
 * Puts the envelopes' events into moto's CloudWatch Logs, each log group subscribed to the Kinesis stream
 * with a filter named after its type (as the CDK app names them), so moto also delivers every PutLogEvents
 * call to the stream as a subscription payload. moto assigns the event ids.
 */
export const seedLogs = async (
  logs: CloudWatchLogsClient,
  kinesis: KinesisClient,
  stream: string,
  envelopes: readonly Envelope[],
): Promise<void> => {
  await ensureStream(kinesis, stream, 1);
  const { StreamDescriptionSummary } = await kinesis.send(
    new DescribeStreamSummaryCommand({ StreamName: stream }),
  );
  const groups = new Set<string>();
  const streams = new Set<string>();
  for (const envelope of envelopes) {
    if (!groups.has(envelope.logGroup)) {
      groups.add(envelope.logGroup);
      await logs.send(new CreateLogGroupCommand({ logGroupName: envelope.logGroup }));
      await logs.send(
        new PutSubscriptionFilterCommand({
          logGroupName: envelope.logGroup,
          filterName: envelope.subscriptionFilters[0],
          filterPattern: '',
          destinationArn: StreamDescriptionSummary?.StreamARN,
          roleArn: 'arn:aws:iam::123456789012:role/CWLtoKinesisRole',
        }),
      );
    }
    const key = `${envelope.logGroup}\u0000${envelope.logStream}`;
    if (!streams.has(key)) {
      streams.add(key);
      await logs.send(
        new CreateLogStreamCommand({ logGroupName: envelope.logGroup, logStreamName: envelope.logStream }),
      );
    }
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: envelope.logGroup,
        logStreamName: envelope.logStream,
        logEvents: envelope.logEvents.map(({ timestamp, message }) => ({ timestamp, message })),
      }),
    );
  }
};

/** One subscription payload as the stream holds it, with its arrival time. */
export interface StreamPayload {
  readonly data: Buffer;
  readonly envelope: MotoEnvelope;
  readonly arrivedAt: Date;
}

/**
 * Every payload moto put on the stream, with each event id as the string CloudWatch Logs sends (moto sends
 * its counter as a JSON number, and gives the same counter as FilterLogEvents' `eventId` string): so the
 * stream and FilterLogEvents carry the same ids, as they do in AWS.
 */
export const streamPayloads = async (kinesis: KinesisClient, stream: string): Promise<StreamPayload[]> =>
  (await readStream(kinesis, stream)).map((record) => {
    const moto = readEnvelope(record.data);
    const envelope = {
      ...moto,
      logEvents: moto.logEvents.map((event) => ({ ...event, id: String(event.id) })),
    };
    return { data: gzipSync(JSON.stringify(envelope)), envelope, arrivedAt: record.arrivedAt };
  });

export const HOURS = HOUR;
