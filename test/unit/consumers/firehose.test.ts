import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, FirehoseTransformationResultRecord } from 'aws-lambda';
import fc from 'fast-check';
import { FIREHOSE_RESPONSE_LIMIT, type FirehoseOutput } from '../../../src/consumers/env';
import { createFirehoseHandler, fitResponse, type TransformedRecord } from '../../../src/consumers/firehose';
import type { Envelope } from '../../../src/core';
import { buildConfig } from '../../../src/pipeline/config';
import { Pipeline } from '../../../src/pipeline/run';
import { envelope, firehoseEvent, firehoseRecordId } from '../../helpers/records';

const NOW = Date.UTC(2024, 4, 1, 12, 5, 0);
const INGESTED = new Date(NOW).toISOString();

const lambdaContext = {
  functionName: 'cwlpipe-firehose',
  awsRequestId: '8f5e3c2a-0d1b-4e6f-9a7c-2b3d4e5f6a7b',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:cwlpipe-firehose',
  memoryLimitInMB: '512',
  getRemainingTimeInMillis: () => 60_000,
} as Context;

const config = buildConfig({ logGroups: [{ pattern: '/vpc/*', type: 'vpcflow' }] });

const handlerWith = (
  maxResponseBytes = FIREHOSE_RESPONSE_LIMIT,
  safetyMarginMs?: number,
  output?: FirehoseOutput,
) =>
  createFirehoseHandler({
    pipeline: new Pipeline(config, () => new Date(NOW)),
    maxResponseBytes,
    ...(output !== undefined && { output }),
    ...(safetyMarginMs !== undefined && { safetyMarginMs }),
    logger: new Logger({ serviceName: 'cwlpipe-firehose' }),
    metrics: new Metrics({ namespace: 'cwlpipe', serviceName: 'cwlpipe-firehose' }),
    clock: () => NOW,
  });

const control: Envelope = {
  ...envelope('', [{ id: '', message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.' }]),
  messageType: 'CONTROL_MESSAGE',
  logStream: '',
  owner: 'CloudWatchLogs',
  subscriptionFilters: [],
};

const ndjsonLines = (data: string | undefined): string[] =>
  Buffer.from(data ?? '', 'base64')
    .toString('utf8')
    .split('\n');

describe('Consumer: Firehose transformation handler', () => {
  let silence: jest.SpyInstance[];
  beforeEach(() => {
    silence = [
      jest.spyOn(process.stdout, 'write').mockImplementation(() => true),
      jest.spyOn(process.stderr, 'write').mockImplementation(() => true),
    ];
  });
  afterEach(() => {
    for (const spy of silence) spy.mockRestore();
  });

  it("returns a record's documents as NDJSON, one body per line and a trailing newline", async () => {
    // Prepare
    const event = firehoseEvent([
      envelope('/app/orders', [
        { id: '37916012394853401234567890123456789012345678901234567890', message: 'order 42 shipped' },
        { id: '37916012394853401234567890123456789012345678901234567891', message: 'order 43 paid' },
      ]),
    ]);

    // Act
    const response = await handlerWith()(event, lambdaContext);

    // Assess
    expect(response.records).toHaveLength(1);
    expect(response.records[0]).toMatchObject({ recordId: firehoseRecordId(0), result: 'Ok' });
    const lines = ndjsonLines(response.records[0]?.data);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      '@timestamp': '2024-05-01T12:00:00.000Z',
      '@ingested': INGESTED,
      '@id': '37916012394853401234567890123456789012345678901234567890',
      '@type': 'text',
      '@message': 'order 42 shipped',
      aws: { log_group: '/app/orders', log_stream: 'stream-1', owner: '123456789012' },
    });
    expect(JSON.parse(lines[1] ?? '')).toMatchObject({
      '@message': 'order 43 paid',
      '@timestamp': '2024-05-01T12:00:01.000Z',
    });
  });

  it('works within a timeout shorter than the safety margin: the margin shrinks to a tenth of the time left', async () => {
    // Prepare
    const event = firehoseEvent([envelope('/app/orders', [{ id: '1', message: 'order 42 shipped' }])]);
    const shortContext = { ...lambdaContext, getRemainingTimeInMillis: () => 3_000 } as Context;

    // Act
    const response = await handlerWith(FIREHOSE_RESPONSE_LIMIT, 10_000)(event, shortContext);

    // Assess
    expect(response.records.map((record) => record.result)).toEqual(['Ok']);
  });

  it('fails the records it had no time for, with their original data, so Firehose keeps them', async () => {
    // Prepare
    const event = firehoseEvent([
      envelope('/app/orders', [{ id: '1', message: 'order 42 shipped' }]),
      envelope('/app/orders', [{ id: '2', message: 'order 43 paid' }]),
    ]);
    const noTime = { ...lambdaContext, getRemainingTimeInMillis: () => 0 } as Context;

    // Act
    const response = await handlerWith()(event, noTime);

    // Assess
    expect(response.records).toEqual(
      event.records.map((record) => ({
        recordId: record.recordId,
        result: 'ProcessingFailed',
        data: record.data,
      })),
    );
  });

  it('drops control messages and records whose events were all skipped', async () => {
    // Prepare: a VPC flow log header line and an empty message are both skipped
    const headerOnly = envelope('/vpc/flow-logs', [
      'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
      '',
    ]);
    const event = firehoseEvent([control, headerOnly]);

    // Act
    const response = await handlerWith()(event, lambdaContext);

    // Assess: with their data, which AWS asks of every record
    expect(response.records).toEqual([
      { recordId: firehoseRecordId(0), result: 'Dropped', data: event.records[0]?.data },
      { recordId: firehoseRecordId(1), result: 'Dropped', data: event.records[1]?.data },
    ]);
  });

  it('sends exactly one document per Ok record in document output (the OpenSearch destination)', async () => {
    // Prepare: one event per record, as a source that sends one event per record does
    const event = firehoseEvent([
      envelope('/app/orders', [
        { id: '37916012394853401234567890123456789012345678901234567890', message: 'order 42 shipped' },
      ]),
      envelope('/app/orders', [
        { id: '37916012394853401234567890123456789012345678901234567891', message: 'order 43 paid' },
      ]),
    ]);

    // Act
    const response = await handlerWith(FIREHOSE_RESPONSE_LIMIT, undefined, 'document')(event, lambdaContext);

    // Assess: each data is one JSON document, no NDJSON
    expect(response.records.map((record) => record.result)).toEqual(['Ok', 'Ok']);
    const bodies = response.records.map((record) =>
      Buffer.from(record.data ?? '', 'base64').toString('utf8'),
    );
    expect(bodies.map((body) => (JSON.parse(body) as { '@message': string })['@message'])).toEqual([
      'order 42 shipped',
      'order 43 paid',
    ]);
    expect(bodies.every((body) => !body.includes('\n'))).toBe(true);
  });

  it('fails a record of several documents in document output, with its original data, never sending part of it', async () => {
    // Prepare
    const event = firehoseEvent([
      envelope('/app/orders', [
        { id: '37916012394853401234567890123456789012345678901234567890', message: 'order 42 shipped' },
        { id: '37916012394853401234567890123456789012345678901234567891', message: 'order 43 paid' },
      ]),
    ]);

    // Act
    const response = await handlerWith(FIREHOSE_RESPONSE_LIMIT, undefined, 'document')(event, lambdaContext);

    // Assess
    expect(response.records).toEqual([
      { recordId: firehoseRecordId(0), result: 'ProcessingFailed', data: event.records[0]?.data },
    ]);
  });

  it('fails corrupt records with their original data, so Firehose keeps them in the error output', async () => {
    // Prepare
    const notGzip = Buffer.from('{"hello":').toString('base64');
    const event = firehoseEvent(['not base64!', notGzip, envelope('/app/orders', ['fine'])]);

    // Act
    const response = await handlerWith()(event, lambdaContext);

    // Assess
    expect(response.records.map((record) => [record.recordId, record.result])).toEqual([
      [firehoseRecordId(0), 'ProcessingFailed'],
      [firehoseRecordId(1), 'ProcessingFailed'],
      [firehoseRecordId(2), 'Ok'],
    ]);
    expect(response.records[0]?.data).toBe('not base64!');
    expect(response.records[1]?.data).toBe(notGzip);
  });

  it('fails records whose data is null or missing, without failing the invocation', async () => {
    // Prepare
    const event = firehoseEvent(['placeholder', 'placeholder', envelope('/app/orders', ['fine'])]);
    (event.records[0] as { data: unknown }).data = null;
    delete (event.records[1] as { data?: unknown }).data;

    // Act
    const response = await handlerWith()(event, lambdaContext);

    // Assess
    expect(response.records.map((record) => [record.result, record.data === '' ? '' : 'data'])).toEqual([
      ['ProcessingFailed', ''],
      ['ProcessingFailed', ''],
      ['Ok', 'data'],
    ]);
  });

  it('logs a set-aside event by its id and a bounded excerpt of its message, never the whole message', async () => {
    // Prepare: a VPC line that does not fit, carrying far more than an excerpt
    const message = `2 123456789012 ${'PRIVATE-DATA '.repeat(2_000)}END-OF-MESSAGE`;
    const event = firehoseEvent([envelope('/vpc/flows', [{ id: '3'.repeat(56), message }])]);

    // Act
    await handlerWith()(event, lambdaContext);

    // Assess
    const written = silence.flatMap((spy) => spy.mock.calls.map((call) => String(call[0])));
    const warning = written.find((line) => line.includes('some were set aside'));
    expect(warning).toBeDefined();
    expect(warning).toContain('3'.repeat(56));
    expect(warning).toContain('PRIVATE-DATA');
    expect(warning).not.toContain('END-OF-MESSAGE');
    expect(warning?.length).toBeLessThan(2_500);
  });

  it('keeps the response under the limit by failing the largest results with their original data, never truncating', async () => {
    // Prepare: three records, the middle one by far the largest once transformed
    const big = envelope(
      '/app/orders',
      Array.from({ length: 200 }, (_, i) => `order ${i} ${'x'.repeat(200)}`),
    );
    const event = firehoseEvent([envelope('/app/orders', ['a']), big, envelope('/app/orders', ['b'])]);
    const unlimited = await handlerWith()(event, lambdaContext);
    const limit = JSON.stringify(unlimited).length - 1;

    // Act
    const response = await handlerWith(limit)(event, lambdaContext);

    // Assess
    expect(JSON.stringify(response).length).toBeLessThanOrEqual(limit);
    expect(response.records.map((record) => record.result)).toEqual(['Ok', 'ProcessingFailed', 'Ok']);
    expect(response.records[1]?.data).toBe(event.records[1]?.data);
    expect(response.records[0]).toEqual(unlimited.records[0]);
    expect(response.records[2]).toEqual(unlimited.records[2]);
  });

  it("stays within 6,000,000 bytes when a buffer's documents inflate past it", async () => {
    // Prepare: 60 records of 150 events each; gzip keeps the input small, the documents are not
    const payloads = Array.from({ length: 60 }, (_, r) =>
      envelope(
        `/app/service-${r}`,
        Array.from({ length: 150 }, (_, i) => ({
          id: `${String(r).padStart(8, '0')}${String(i).padStart(48, '0')}`,
          message: `request ${r}-${i} completed ${'detail '.repeat(60)}`,
        })),
      ),
    );
    const event = firehoseEvent(payloads);

    // Act
    const response = await handlerWith()(event, lambdaContext);

    // Assess
    const size = Buffer.byteLength(JSON.stringify(response));
    expect(size).toBeLessThanOrEqual(FIREHOSE_RESPONSE_LIMIT);
    const results = response.records.map((record) => record.result);
    expect(results.filter((result) => result === 'ProcessingFailed').length).toBeGreaterThan(0);
    expect(results.filter((result) => result === 'Ok').length).toBeGreaterThan(0);
    for (const [i, record] of response.records.entries()) {
      expect(record.recordId).toBe(firehoseRecordId(i));
      if (record.result === 'Ok') expect(ndjsonLines(record.data)).toHaveLength(151);
      else expect(record.data).toBe(event.records[i]?.data);
    }
  });
});

describe('Consumer: Firehose response budget', () => {
  const transformed = (okSizes: Array<number | null>): TransformedRecord[] =>
    okSizes.map((size, index) => {
      const recordId = firehoseRecordId(index);
      const result: FirehoseTransformationResultRecord =
        size === null ? { recordId, result: 'Dropped' } : { recordId, result: 'Ok', data: 'A'.repeat(size) };
      return { result, original: 'B'.repeat(8), docs: [], setAside: [] };
    });

  it('fits whenever the originals fit, and changes only Ok records, to ProcessingFailed with their original data', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.nat(2_000)), { maxLength: 30 }), fc.nat(40_000), (sizes, slack) => {
        // Prepare
        const items = transformed(sizes);
        const allFailed = items.map((item) =>
          item.result.result === 'Ok'
            ? { ...item.result, result: 'ProcessingFailed', data: item.original }
            : item.result,
        );
        const limit = JSON.stringify({ records: allFailed }).length + slack;

        // Act
        const { records, overflowed } = fitResponse(items, limit);

        // Assess
        expect(JSON.stringify({ records }).length).toBeLessThanOrEqual(limit);
        for (const [i, record] of records.entries()) {
          const before = items[i]?.result;
          if (record !== before) {
            expect(before?.result).toBe('Ok');
            expect(record).toEqual({
              recordId: before?.recordId,
              result: 'ProcessingFailed',
              data: 'BBBBBBBB',
            });
            expect(overflowed).toContain(record.recordId);
          }
        }
      }),
    );
  });

  it('changes nothing when everything fits', () => {
    // Prepare
    const items = transformed([10, null, 20]);

    // Act
    const { records, overflowed } = fitResponse(items, 1_000);

    // Assess
    expect(records).toEqual(items.map((item) => item.result));
    expect(overflowed).toEqual([]);
  });
});
