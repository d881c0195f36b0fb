import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { letterId } from '../../../src/connectors/deadletter/opensearch-sink';
import { createKinesisHandler } from '../../../src/consumers/kinesis';
import type { Connector, Envelope } from '../../../src/core';
import { buildConfig } from '../../../src/pipeline/config';
import { Pipeline } from '../../../src/pipeline/run';
import { envelope, kinesisEvent, sequenceNumber } from '../../helpers/records';
import { MemorySink, ScriptedConnector, ThrowingConnector } from './doubles';

const NOW = Date.UTC(2024, 4, 1, 12, 5, 0);

const lambdaContext = (remainingMs: number): Context =>
  ({
    functionName: 'cwlpipe-kinesis',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:cwlpipe-kinesis',
    memoryLimitInMB: '1024',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    logGroupName: '/aws/lambda/cwlpipe-kinesis',
    logStreamName: '2024/05/01/[$LATEST]2b8d0e5f0b6a4c0f9d1e8f3a7c6b5a49',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => remainingMs,
  }) as Context;

const appLog = (...messages: string[]): Envelope =>
  envelope(
    '/app/orders',
    messages.map((message, i) => ({ message, id: `${message}-id-${i}` })),
  );

/** Every line Powertools wrote (logs at WARN go to stderr, EMF to stdout), parsed. */
const captureOutput = (): { lines: () => Array<Record<string, unknown>>; restore: () => void } => {
  const written: string[] = [];
  const capture = (chunk: string | Uint8Array): boolean => {
    written.push(String(chunk));
    return true;
  };
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation(capture),
    jest.spyOn(process.stderr, 'write').mockImplementation(capture),
  ];
  return {
    lines: () =>
      written
        .join('')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
};

const handlerWith = (connectors: Connector[], sink = new MemorySink()) =>
  createKinesisHandler({
    pipeline: new Pipeline(buildConfig(), () => new Date(NOW)),
    connectors,
    deadLetters: sink,
    safetyMarginMs: 5_000,
    logger: new Logger({ serviceName: 'cwlpipe-kinesis' }),
    metrics: new Metrics({ namespace: 'cwlpipe', serviceName: 'cwlpipe-kinesis' }),
    clock: () => NOW,
  });

describe('Consumer: Kinesis Lambda handler', () => {
  let output: ReturnType<typeof captureOutput>;
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => output.restore());

  it('reports no failures when every document is delivered', async () => {
    // Prepare
    const event = kinesisEvent([appLog('a'), appLog('b', 'c')]);
    const connector = new ScriptedConnector('opensearch');

    // Act
    const response = await handlerWith([connector])(event, lambdaContext(60_000));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(connector.calls).toHaveLength(1);
  });

  it('reports exactly the sequence numbers of the records with retryable documents', async () => {
    // Prepare
    const event = kinesisEvent([
      appLog('a'),
      appLog('b', 'slow'),
      'not base64!',
      appLog('slow'),
      appLog('e'),
    ]);
    const connector = new ScriptedConnector('opensearch', (doc) =>
      doc.body['@message'] === 'slow' ? 'retryable' : 'delivered',
    );

    // Act
    const response = await handlerWith([connector])(event, lambdaContext(60_000));

    // Assess
    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: sequenceNumber(1) }, { itemIdentifier: sequenceNumber(3) }],
    });
  });

  it('treats a tumbling-window event (unsupported) as a plain batch: records indexed, no state kept, the final empty invoke answered', async () => {
    // Prepare: what Lambda sends when the mapping has TumblingWindowInSeconds set
    const window = { start: '2024-05-01T12:00:00Z', end: '2024-05-01T12:01:00Z' };
    const withRecords = {
      ...kinesisEvent([appLog('a'), appLog('b')]),
      window,
      state: { seen: 7 },
      shardId: 'shardId-000000000000',
      eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/cwl',
      isFinalInvokeForWindow: false,
      isWindowTerminatedEarly: false,
    };
    const finalInvoke = { ...withRecords, Records: [], isFinalInvokeForWindow: true };
    const connector = new ScriptedConnector('opensearch');
    const handler = handlerWith([connector]);

    // Act
    const first = await handler(withRecords, lambdaContext(60_000));
    const last = await handler(finalInvoke, lambdaContext(60_000));

    // Assess
    expect(first).toEqual({ batchItemFailures: [] });
    expect(last).toEqual({ batchItemFailures: [] });
    expect(connector.calls.flat().map((doc) => doc.body['@message'])).toEqual(['a', 'b']);
  });

  it('dead-letters records whose data is null, missing or not a string, each once, and retries none', async () => {
    // Prepare
    const event = kinesisEvent([appLog('a'), appLog('b'), appLog('c'), 'not base64!', appLog('d')]);
    const kinesis = (i: number) =>
      (event.Records[i] as unknown as { kinesis: Record<string, unknown> }).kinesis;
    kinesis(0).data = null;
    delete kinesis(1).data;
    kinesis(2).data = 7;
    const sink = new MemorySink();

    // Act
    const response = await handlerWith([new ScriptedConnector('opensearch')], sink)(
      event,
      lambdaContext(60_000),
    );

    // Assess: the corrupt record's letter is written too, nothing is retried, and each letter has its own id.
    expect(response).toEqual({ batchItemFailures: [] });
    expect(sink.letters.map((letter) => [letter.code, letter.reason])).toEqual([
      ['data_missing', 'the record has no data (data is null)'],
      ['data_missing', 'the record has no data (data is missing)'],
      ['data_missing', 'the record has no data (data is a number, not a base64 string)'],
      ['base64_invalid', 'the data is not valid base64'],
    ]);
    expect(sink.letters.map((letter) => letter.raw)).toEqual(['', '', '', 'not base64!']);
    expect(new Set(sink.letters.map(letterId)).size).toBe(4);
  });

  it('reports every record, without throwing, when the whole batch fails', async () => {
    // Prepare
    const event = kinesisEvent([appLog('a'), appLog('b')]);

    // Act
    const response = await handlerWith([new ThrowingConnector()])(event, lambdaContext(60_000));

    // Assess
    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: sequenceNumber(0) },
      { itemIdentifier: sequenceNumber(1) },
    ]);
  });

  it('works within a timeout shorter than the safety margin: the margin shrinks to a quarter of the time left', async () => {
    // Prepare: a 5 s margin, 4 s left
    const event = kinesisEvent([appLog('a'), appLog('b')]);
    const connector = new ScriptedConnector('opensearch');

    // Act
    const response = await handlerWith([connector])(event, lambdaContext(4_000));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(connector.calls.flat()).toHaveLength(2);
  });

  it('starts no work when the time left is gone, and reports every record', async () => {
    // Prepare
    const event = kinesisEvent([appLog('a'), appLog('b')]);
    const connector = new ScriptedConnector('opensearch');

    // Act
    const response = await handlerWith([connector])(event, lambdaContext(0));

    // Assess
    expect(connector.calls).toEqual([]);
    expect(response.batchItemFailures.map((item) => item.itemIdentifier)).toEqual([
      sequenceNumber(0),
      sequenceNumber(1),
    ]);
  });

  it('emits embedded metrics: totals, documents and ingest lag by type, set-aside and dead letters by reason', async () => {
    // Prepare: events at 12:00:00 and 12:00:01 handled at 12:05:00, one corrupt record
    const event = kinesisEvent([appLog('a', 'b'), 'not base64!']);

    // Act
    await handlerWith([new ScriptedConnector('opensearch')])(event, lambdaContext(60_000));

    // Assess
    const emf = output.lines().filter((line) => line._aws !== undefined);
    const totals = emf.find(
      (line) => line.type === undefined && line.reason === undefined && line.connector === undefined,
    );
    expect(totals).toMatchObject({
      Records: 2,
      Events: 2,
      Documents: 2,
      SetAside: 1,
      DeadLettered: 1,
      Delivered: 2,
      FailedRecords: 0,
    });
    expect(emf.find((line) => line.type === 'text')).toMatchObject({
      Documents: 2,
      IngestLagP50: 299_500,
      IngestLagMax: 300_000,
    });
    expect(emf.find((line) => line.reason === 'base64_invalid')).toMatchObject({
      SetAside: 1,
      DeadLettered: 1,
    });
    expect(emf.find((line) => line.connector === 'opensearch')).toMatchObject({ Delivered: 2 });
    const namespaces = emf.map(
      (line) =>
        (line._aws as { CloudWatchMetrics: Array<{ Namespace: string }> }).CloudWatchMetrics[0]?.Namespace,
    );
    expect(new Set(namespaces)).toEqual(new Set(['cwlpipe']));
  });

  it('logs one structured summary naming the failed records', async () => {
    // Prepare
    const event = kinesisEvent([appLog('slow')]);
    const connector = new ScriptedConnector('opensearch', () => 'retryable');

    // Act
    await handlerWith([connector])(event, lambdaContext(60_000));

    // Assess
    const summary = output
      .lines()
      .find((line) => line.message === 'Batch delivered in part; the failed records will be retried.');
    expect(summary).toMatchObject({
      level: 'WARN',
      function_request_id: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      records: 1,
      failedRecords: 1,
      retryableByCode: { http_429: 1 },
      failed: [
        {
          shardId: 'shardId-000000000000',
          sequenceNumber: sequenceNumber(0),
          cause: 'retryable',
          code: 'http_429',
        },
      ],
    });
  });
});
