import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { startAcceptingServer } from '../../../tools/bench/handler';
import { bundleLambda, LAMBDA_ENTRIES } from '../../../tools/footprint/bundle';
import { envelope, kinesisEvent } from '../../helpers/records';
import { type MotoServer, motoS3Client, motoUnavailable, startMoto } from '../e2e/moto-server';

const unavailable = motoUnavailable();
if (unavailable !== undefined) {
  process.stderr.write(`\nSKIPPED test/integration/archive/bundled-handler.test.ts: ${unavailable}\n`);
}
const describeWithMoto = unavailable === undefined ? describe : describe.skip;

/** Loads the bundle in a fresh process, as Lambda does, invokes the handler once and prints its response. */
const INVOKE = `
const { readFileSync } = require('node:fs');
const { handler } = require(process.argv[1]);
const event = JSON.parse(readFileSync(process.argv[2], 'utf8'));
handler(event, { getRemainingTimeInMillis: () => 60000 }).then((response) => {
  process.stdout.write('RESPONSE ' + JSON.stringify(response) + '\\n');
});
`;

describeWithMoto('the Kinesis handler bundle as deployed, with the raw archive on', () => {
  const bucket = 'cwlpipe-bundle-archive';
  let moto: MotoServer;
  let s3: S3Client;
  let cluster: { child: ChildProcess; url: string };
  let work: string;

  beforeAll(async () => {
    moto = await startMoto();
    s3 = motoS3Client(moto);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    cluster = await startAcceptingServer();
    work = mkdtempSync(join(tmpdir(), 'cwlpipe-bundle-'));
  });

  afterAll(async () => {
    cluster?.child.kill();
    s3?.destroy();
    await moto?.stop();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it('archives each record through the S3 client bundled beside index.js, and delivers it', async () => {
    // Prepare: the bundle in a directory outside the repository, so only what ships beside it resolves.
    const kinesis = LAMBDA_ENTRIES.find((lambda) => lambda.name === 'kinesis');
    if (kinesis === undefined) throw new Error('No kinesis entry in LAMBDA_ENTRIES.');
    const built = bundleLambda(kinesis, join(work, 'kinesis'));
    const eventPath = join(work, 'event.json');
    writeFileSync(
      eventPath,
      JSON.stringify(
        kinesisEvent([envelope('/aws/lambda/orders', ['one', 'two']), envelope('/app/web', ['three'])]),
      ),
    );

    // Act
    const child = spawnSync(
      process.execPath,
      ['--enable-source-maps', '-e', INVOKE, join(built.directory, 'index.js'), eventPath],
      {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          OPENSEARCH_URL: cluster.url,
          CWLPIPE_ARCHIVE_BUCKET: bucket,
          AWS_ENDPOINT_URL_S3: moto.endpoint,
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          POWERTOOLS_METRICS_DISABLED: 'true',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
      },
    );

    // Assess: no record failed, both payloads are in the bucket, and the S3 client came from beside the bundle.
    const response = child.stdout.split('\n').find((line) => line.startsWith('RESPONSE '));
    expect({ status: child.status, stderr: child.stderr, response }).toMatchObject({ status: 0 });
    expect(JSON.parse(response?.slice('RESPONSE '.length) ?? '{}')).toEqual({ batchItemFailures: [] });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'raw/' }));
    expect(listed.KeyCount).toBe(2);
    expect(built.lazyModules.map((module) => module.name)).toContain('@aws-sdk/client-s3');
  });
});
