import { gunzipSync, gzipSync } from 'node:zlib';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  type ArchiveLocation,
  archiveKeys,
  readArchiveObject,
  writeToArchive,
} from '../../../src/consumers/archive';
import { parseInput } from '../../../src/consumers/files';
import { type MotoServer, motoUnavailable, startMoto } from '../e2e/moto-server';

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

  beforeAll(async () => {
    moto = await startMoto();
    s3 = new S3Client({
      endpoint: moto.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await s3.send(new CreateBucketCommand({ Bucket: location.bucket }));
  });

  afterAll(async () => {
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
    await writeToArchive(s3, location, batch);
    await writeToArchive(s3, location, batch);
    await writeToArchive(s3, location, later);
    const keys: string[] = [];
    for await (const key of archiveKeys(
      s3,
      location,
      new Date('2024-05-01T13:00:00Z'),
      new Date('2024-05-01T15:00:00Z'),
    )) {
      keys.push(key);
    }
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
    await writeToArchive(s3, location, outside);
    // Act
    const keys: string[] = [];
    for await (const key of archiveKeys(
      s3,
      location,
      new Date('2024-05-01T16:00:00Z'),
      new Date('2024-05-01T17:00:00Z'),
    )) {
      keys.push(key);
    }
    // Assess
    expect(keys).toHaveLength(1);
    expect(keys[0]?.startsWith('raw/2024/05/01/16/')).toBe(true);
  });
});
