import { gunzipSync, gzipSync } from 'node:zlib';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import {
  type ArchiveLocation,
  archiveKey,
  archiveKeys,
  readArchiveObject,
  S3PayloadArchive,
} from '../../../src/consumers/archive';
import { parseInput } from '../../../src/consumers/files';
import { createKinesisHandler } from '../../../src/consumers/kinesis';
import type { ReceivedPayload } from '../../../src/core';
import { buildConfig, Pipeline } from '../../../src/pipeline';
import { envelope, kinesisEvent } from '../../helpers/records';
import { MemorySink, ScriptedConnector } from '../../unit/consumers/doubles';
import { type MotoServer, motoS3Client, motoUnavailable, startMoto } from '../e2e/moto-server';

const unavailable = motoUnavailable();
if (unavailable !== undefined) {
  process.stderr.write(`\nSKIPPED test/integration/archive/archive.test.ts: ${unavailable}\n`);
}
const describeWithMoto = unavailable === undefined ? describe : describe.skip;

const envelopeOf = (logStream: string, ids: string[]): Buffer =>
  gzipSync(
    JSON.stringify({
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup: '/aws/lambda/orders',
      logStream,
      subscriptionFilters: ['cwlpipe'],
      logEvents: ids.map((id, index) => ({
        id,
        timestamp: 1_714_570_000_000 + index,
        message: `line ${id}`,
      })),
    }),
  );

describeWithMoto('raw archive on moto S3', () => {
  let moto: MotoServer;
  let s3: S3Client;
  const location: ArchiveLocation = { bucket: 'cwlpipe-archive-test', prefix: 'raw' };

  const metricsSetting = process.env.POWERTOOLS_METRICS_DISABLED;

  beforeAll(async () => {
    // The handler's metrics are not what these tests look at; keep Powertools' EMF lines out of the output.
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    moto = await startMoto();
    s3 = motoS3Client(moto);
    await s3.send(new CreateBucketCommand({ Bucket: location.bucket }));
  });

  const write = async (at: ArchiveLocation, payloads: ReceivedPayload[]): Promise<void> => {
    const { failed } = await new S3PayloadArchive(at, async () => s3).write(payloads);
    if (failed.length > 0) throw new Error(`The archive refused payloads ${failed.join(', ')}.`);
  };
  const allKeys = async (at: ArchiveLocation, from: string, to: string): Promise<string[]> => {
    const keys: string[] = [];
    for await (const key of archiveKeys(s3, at, new Date(from), new Date(to))) keys.push(key);
    return keys;
  };
  const context = { getRemainingTimeInMillis: () => 60_000 } as Context;
  const handlerWith = (archive: S3PayloadArchive, connector = new ScriptedConnector('opensearch')) =>
    createKinesisHandler({
      pipeline: new Pipeline(buildConfig()),
      connectors: [connector],
      deadLetters: new MemorySink(),
      archive,
      safetyMarginMs: 1_000,
      logger: new Logger({ serviceName: 'cwlpipe-kinesis', logLevel: 'ERROR' }),
      metrics: new Metrics({ namespace: 'cwlpipe', serviceName: 'cwlpipe-kinesis' }),
    });

  afterAll(async () => {
    if (metricsSetting === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
    else process.env.POWERTOOLS_METRICS_DISABLED = metricsSetting;
    s3?.destroy();
    await moto?.stop();
  });

  it('reads back every payload as written, and a retried batch overwrites rather than duplicates', async () => {
    // Prepare: two payloads in one hour, one in the next; the first batch is then retried
    const batch = [
      { data: envelopeOf('s1', ['1', '2']), receivedAt: new Date('2024-05-01T13:10:00Z') },
      { data: envelopeOf('s2', ['3']), receivedAt: new Date('2024-05-01T13:50:00Z') },
    ];
    const later = [{ data: envelopeOf('s1', ['4']), receivedAt: new Date('2024-05-01T14:05:00Z') }];
    // Act
    await write(location, batch);
    await write(location, batch);
    await write(location, later);
    const keys = await allKeys(location, '2024-05-01T13:00:00Z', '2024-05-01T15:00:00Z');
    const objects = await Promise.all(keys.map((key) => readArchiveObject(s3, location, key)));
    const ids = objects.flatMap((object) =>
      parseInput(object.bytes, object.key).records.flatMap((record) => {
        const bytes = record.kind === 'bytes' ? record.bytes : Buffer.from(String(record.data), 'base64');
        const text = (bytes[0] === 0x1f ? gunzipSync(bytes) : Buffer.from(bytes)).toString('utf8');
        const envelope = JSON.parse(text) as { logEvents: { id: string }[] };
        return envelope.logEvents.map((event) => event.id);
      }),
    );
    // Assess
    expect(keys).toHaveLength(3);
    expect(keys.filter((key) => key.startsWith('raw/2024/05/01/13/'))).toHaveLength(2);
    expect(ids.sort()).toEqual(['1', '2', '3', '4']);
  });

  it('lists only the hours of the range asked for', async () => {
    // Prepare
    const outside = [{ data: envelopeOf('s3', ['9']), receivedAt: new Date('2024-05-01T16:30:00Z') }];
    await write(location, outside);
    // Act
    const keys = await allKeys(location, '2024-05-01T16:00:00Z', '2024-05-01T17:00:00Z');
    // Assess
    expect(keys).toHaveLength(1);
    expect(keys[0]?.startsWith('raw/2024/05/01/16/')).toBe(true);
  });

  it('is written by the Kinesis handler, one object per record under its arrival hour, and a retried batch writes the same keys', async () => {
    // Prepare
    const at: ArchiveLocation = { bucket: location.bucket, prefix: 'handler' };
    const event = kinesisEvent([envelope('/app/orders', ['one', 'two']), envelope('/app/orders', ['three'])]);
    const handler = handlerWith(new S3PayloadArchive(at, async () => s3));
    // Act
    const first = await handler(event, context);
    const retried = await handler(event, context);
    const keys = await allKeys(at, '2024-05-01T00:00:00Z', '2024-05-02T00:00:00Z');
    // Assess: arrival 1714564800 s is 2024-05-01T12:00Z
    const expected = event.Records.map((record) =>
      archiveKey(at, Buffer.from(record.kinesis.data, 'base64'), new Date(Date.UTC(2024, 4, 1, 12))),
    );
    expect(first.batchItemFailures).toEqual([]);
    expect(retried.batchItemFailures).toEqual([]);
    expect(keys.sort()).toEqual(expected.sort());
    const stored = await readArchiveObject(s3, at, expected[0] ?? '');
    expect(
      Buffer.from(stored.bytes).equals(Buffer.from(event.Records[0]?.kinesis.data ?? '', 'base64')),
    ).toBe(true);
  });

  it('reports every record failed when the archive refuses its payload, so the batch is retried', async () => {
    // Prepare
    const missing = new S3PayloadArchive({ bucket: 'no-such-bucket-here', prefix: 'raw' }, async () => s3);
    const connector = new ScriptedConnector('opensearch');
    const event = kinesisEvent([envelope('/app/orders', ['one']), envelope('/app/orders', ['two'])]);
    // Act
    const response = await handlerWith(missing, connector)(event, context);
    // Assess
    expect(response.batchItemFailures.map((item) => item.itemIdentifier)).toEqual(
      event.Records.map((record) => record.kinesis.sequenceNumber),
    );
  });
});
