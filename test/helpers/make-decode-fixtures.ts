// Rebuilds the binary-bearing fixtures under fixtures/decode/: `npm run fixtures:decode` (esbuild bundles it to
// .cache/decode-fixtures/, two folders below the root like this file, so the __dirname path below still holds).
// Their records are base64 blobs, so this script is where a reviewer reads what each one holds.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Envelope } from '../../src/core';
import { kinesisEvent } from './records';

const dir = join(__dirname, '..', '..', 'fixtures', 'decode');
const write = (name: string, value: unknown): void =>
  writeFileSync(join(dir, name), `${JSON.stringify(value, null, 2)}\n`);

const orders = (ids: string[], first: number): Envelope => ({
  messageType: 'DATA_MESSAGE',
  owner: '123456789012',
  logGroup: '/ecs/orders-service',
  logStream: 'orders/web/4f1c2d3e',
  subscriptionFilters: ['all-logs-to-kinesis'],
  logEvents: ids.map((id, i) => ({ id, timestamp: first + i * 1000, message: `order ${1000 + i} accepted` })),
});

const b64 = (bytes: Buffer): string => bytes.toString('base64');

// A Kinesis batch in which every kind of bad record sits between two good ones.
write(
  'corrupt-records.json',
  kinesisEvent([
    orders(['38262005102958174938175634289123487650923817465091283001'], 1714564800000),
    '!!!this is not base64!!!',
    b64(Buffer.from('plain bytes that are neither gzip nor JSON')),
    b64(gzipSync(JSON.stringify(orders(['x'], 0))).subarray(0, 24)),
    b64(gzipSync('<html>502 Bad Gateway</html>')),
    b64(gzipSync(JSON.stringify({ hello: 'a JSON object that is not a subscription envelope' }))),
    b64(
      gzipSync(
        JSON.stringify({ ...orders([], 0), logEvents: [{ id: 'e1', timestamp: 'yesterday', message: 'm' }] }),
      ),
    ),
    b64(gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20))),
    b64(
      gzipSync(
        JSON.stringify({
          messageType: 'CONTROL_MESSAGE',
          owner: 'CloudwatchLogs',
          logGroup: '',
          logStream: '',
          subscriptionFilters: [],
          logEvents: [
            {
              id: '',
              timestamp: 1714564800000,
              message: 'CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.',
            },
          ],
        }),
      ),
    ),
    orders(['38262005102958174938175634289123487650923817465091283002'], 1714564860000),
  ]),
);
write('corrupt-records.config.json', { maxGunzipBytes: 1048576 });

// The same envelope as a Firehose data-transformation event.
write('firehose-event.json', {
  invocationId: 'd3b07384-d9a0-4f6b-9c1e-5a1f2c3b4d5e',
  deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/cwl-to-opensearch',
  region: 'us-east-1',
  records: [
    {
      recordId: '49546986683135544286507457936321625675700192471156785154',
      approximateArrivalTimestamp: 1714564800000,
      data: b64(
        gzipSync(
          JSON.stringify(orders(['38262005102958174938175634289123487650923817465091283003'], 1714564920000)),
        ),
      ),
    },
    {
      recordId: '49546986683135544286507457936321625675700192471156785155',
      approximateArrivalTimestamp: 1714564800001,
      data: 'AAAA',
    },
  ],
});

// A multi-MB envelope (4 events of 1.5 MB each) as a gzip file; its config caps @message so the golden file stays small.
const big = 'x'.repeat(1_500_000);
const multiMb: Envelope = {
  ...orders([], 0),
  logGroup: '/ecs/export-job',
  logEvents: [0, 1, 2, 3].map((i) => ({
    id: `3826200510295817493817563428912348765092381746509128310${i}`,
    timestamp: 1714565000000 + i,
    message: `export chunk ${i}: ${big}`,
  })),
};
writeFileSync(join(dir, 'multi-mb-envelope.gz'), gzipSync(JSON.stringify(multiMb)));
write('multi-mb-envelope.config.json', { limits: { maxMessageChars: 64 } });
