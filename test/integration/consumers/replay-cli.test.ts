import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CreateDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { parseInput, readInputFile } from '../../../src/consumers/files';
import { runCwlpipe } from '../../helpers/cli';
import { eventKeysOf, readStream } from '../../helpers/kinesis-records';
import { type MotoServer, motoUnavailable, startMoto } from '../e2e/moto-server';
import { newStream, startKinesis } from './poller-kit';

// `cwlpipe replay` as a user runs it (dist/: `npm run build` first): to kinesalite, and to moto's Firehose,
// which writes what it is sent to moto's S3 as Firehose does (records back to back, under YYYY/MM/DD/HH/).

const unavailable = motoUnavailable();
if (unavailable !== undefined) {
  process.stderr.write(
    `\nSKIPPED the Firehose part of test/integration/consumers/replay-cli.test.ts: ${unavailable}\n`,
  );
}
const itWithMoto = unavailable === undefined ? it : it.skip;

const FILES = ['vpcflow', 'lambda'].flatMap((dir) =>
  readdirSync(join('fixtures', dir))
    .filter(
      (name) => name.endsWith('.json') && !name.endsWith('.expected.json') && !name.endsWith('.config.json'),
    )
    .map((name) => join('fixtures', dir, name)),
);

describe('CLI: cwlpipe replay', () => {
  const expected = eventKeysOf(FILES.flatMap((file) => readInputFile(file).records)).sort();
  const aws = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' };

  it('publishes the files to a Kinesis stream as gzip envelopes keyed by log stream, and names a missing stream', async () => {
    // Prepare
    const kinesis = await startKinesis();
    try {
      const stream = await newStream(kinesis.client, 2);
      const endpoint = ['--kinesis-endpoint', kinesis.endpoint ?? ''];
      // Act
      const run = await runCwlpipe(['replay', ...FILES, '--stream', stream, ...endpoint], aws);
      const missing = await runCwlpipe(['replay', ...FILES, '--stream', 'no-such-stream', ...endpoint], aws);
      const read = await readStream(kinesis.client, stream);
      // Assess
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(`Replayed ${FILES.length} file(s) to ${stream}: ${read.length} records`);
      const events: string[] = [];
      for (const record of read) {
        const envelope = JSON.parse(gunzipSync(record.data).toString('utf8'));
        expect(record.partitionKey).toBe(envelope.logStream);
        for (const event of envelope.logEvents) events.push(`${envelope.logStream}|${JSON.stringify(event)}`);
      }
      expect(events.sort()).toEqual(expected);
      expect(missing.status).toBe(2);
      expect(missing.stderr).toMatch(/^cwlpipe: The Kinesis stream no-such-stream does not exist/);
    } finally {
      await kinesis.close();
    }
  });

  itWithMoto(
    'publishes the files to a Firehose delivery stream with PutRecordBatch, which lands them in S3 whole',
    async () => {
      // Prepare
      const moto: MotoServer = await startMoto();
      const clientConfig = {
        endpoint: moto.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      };
      const s3 = new S3Client({ ...clientConfig, forcePathStyle: true });
      const firehose = new FirehoseClient(clientConfig);
      try {
        await s3.send(new CreateBucketCommand({ Bucket: 'firehose-out' }));
        await firehose.send(
          new CreateDeliveryStreamCommand({
            DeliveryStreamName: 'cwl-to-s3',
            ExtendedS3DestinationConfiguration: {
              BucketARN: 'arn:aws:s3:::firehose-out',
              RoleARN: 'arn:aws:iam::123456789012:role/firehose',
              Prefix: 'source/',
            },
          }),
        );
        const endpoint = ['--firehose-endpoint', moto.endpoint];
        // Act
        const run = await runCwlpipe(['replay', ...FILES, '--firehose', 'cwl-to-s3', ...endpoint], aws);
        const missing = await runCwlpipe(['replay', ...FILES, '--firehose', 'nope', ...endpoint], aws);
        const both = await runCwlpipe(['replay', ...FILES, '--firehose', 'x', '--stream', 'y'], aws);
        const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'firehose-out', Prefix: 'source/' }));
        const events: string[] = [];
        for (const object of listed.Contents ?? []) {
          const answer = await s3.send(new GetObjectCommand({ Bucket: 'firehose-out', Key: object.Key }));
          const bytes = await answer.Body?.transformToByteArray();
          events.push(...eventKeysOf(parseInput(bytes ?? new Uint8Array(), object.Key ?? '').records));
        }
        // Assess
        expect(run.status).toBe(0);
        expect(run.stdout).toContain('to cwl-to-s3:');
        expect(
          listed.Contents?.every((object) => /^source\/\d{4}\/\d{2}\/\d{2}\/\d{2}\//.test(object.Key ?? '')),
        ).toBe(true);
        expect(events.sort()).toEqual(expected);
        expect(missing.status).toBe(2);
        expect(missing.stderr).toMatch(/^cwlpipe: The Firehose delivery stream nope does not exist/);
        expect(both.stderr).toBe('cwlpipe: Give --stream (Kinesis) or --firehose (Firehose), not both.\n');
      } finally {
        s3.destroy();
        firehose.destroy();
        await moto.stop();
      }
    },
  );
});
