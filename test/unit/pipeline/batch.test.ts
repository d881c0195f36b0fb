import type {
  Connector,
  DeadLetterSink,
  Deadline,
  EngineInput,
  Envelope,
  PayloadArchive,
  ReceivedPayload,
} from '../../../src/core';
import { processBatch } from '../../../src/pipeline/batch';
import { buildConfig } from '../../../src/pipeline/config';
import { Pipeline } from '../../../src/pipeline/run';
import { envelope, gzipEnvelope, sequenceNumber } from '../../helpers/records';
import { MemorySink, ScriptedConnector, ThrowingConnector } from '../consumers/doubles';

const SHARD = 'shardId-000000000000';
const NOW = Date.UTC(2024, 4, 1, 12, 5, 0);
const LATER: Deadline = { at: NOW + 60_000 };

/** Kinesis-shaped input records: envelopes are gzipped and base64'd, strings are used as the data. */
const inputs = (payloads: Array<Envelope | string>, shardId = SHARD): EngineInput[] =>
  payloads.map((payload, recordIndex) => ({
    kind: 'base64',
    data: typeof payload === 'string' ? payload : gzipEnvelope(payload).toString('base64'),
    origin: { recordIndex, shardId, sequenceNumber: sequenceNumber(recordIndex) },
  }));

const appLog = (...messages: string[]): Envelope =>
  envelope(
    '/app/orders',
    messages.map((message, i) => ({ message, id: `${message}-id-${i}` })),
  );

const control: Envelope = {
  ...envelope('/app/orders', [{ id: '', message: 'CWL CONTROL MESSAGE: Checking health of destination' }]),
  messageType: 'CONTROL_MESSAGE',
  logGroup: '',
  logStream: '',
  owner: 'CloudWatchLogs',
  subscriptionFilters: [],
};

const pipeline = new Pipeline(buildConfig(), () => new Date(NOW));
const warnings: string[] = [];
const deps = (
  connectors: Connector[],
  deadLetters: DeadLetterSink = new MemorySink(),
  clock = () => NOW,
) => ({
  pipeline,
  connectors,
  deadLetters,
  clock,
  log: { warn: (message: string) => void warnings.push(message) },
});

describe('Batch engine', () => {
  beforeEach(() => {
    warnings.length = 0;
  });

  it('delivers every document of the batch in one call per connector and fails nothing when all goes well', async () => {
    // Prepare
    const records = inputs([appLog('a', 'b'), appLog('c'), appLog('d', 'e', 'f')]);
    const first = new ScriptedConnector('first');
    const second = new ScriptedConnector('second');

    // Act
    const result = await processBatch(records, deps([first, second]), LATER);

    // Assess
    expect(result.failed).toEqual([]);
    expect(first.calls).toHaveLength(1);
    expect(first.calls[0]?.map((doc) => doc.body['@message'])).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(second.calls).toHaveLength(1);
    expect(result.delivery.deliveredByConnector).toEqual({ first: 6, second: 6 });
    expect(result.stats.records).toBe(3);
    expect(result.stats.docsByType).toEqual({ text: 6 });
    expect(result.unfinished).toBe(0);
  });

  it('fails exactly the record whose document is retryable', async () => {
    // Prepare
    const records = inputs([appLog('a'), appLog('b', 'slow'), appLog('c')]);
    const connector = new ScriptedConnector('os', (doc) =>
      doc.body['@message'] === 'slow' ? 'retryable' : 'delivered',
    );

    // Act
    const result = await processBatch(records, deps([connector]), LATER);

    // Assess
    expect(result.failed).toEqual([
      { index: 1, origin: records[1]?.origin, cause: 'retryable', code: 'http_429' },
    ]);
    expect(result.delivery.retryableByCode).toEqual({ http_429: 1 });
    expect(result.delivery.deliveredByConnector).toEqual({ os: 3 });
  });

  it('fails a record retryable in one connector even when another took it', async () => {
    // Prepare
    const records = inputs([appLog('a'), appLog('b')]);
    const fine = new ScriptedConnector('fine');
    const picky = new ScriptedConnector('picky', (doc) =>
      doc.body['@message'] === 'a' ? 'retryable' : 'delivered',
    );

    // Act
    const result = await processBatch(records, deps([fine, picky]), LATER);

    // Assess
    expect(result.failed.map((failure) => failure.index)).toEqual([0]);
  });

  it('dead-letters a rejected document with the reason and does not fail its record', async () => {
    // Prepare
    const records = inputs([appLog('a', 'poison'), appLog('b')]);
    const connector = new ScriptedConnector('os', (doc) =>
      doc.body['@message'] === 'poison' ? 'rejected' : 'delivered',
    );
    const sink = new MemorySink();

    // Act
    const result = await processBatch(records, deps([connector], sink), LATER);

    // Assess
    expect(result.failed).toEqual([]);
    expect(sink.letters).toHaveLength(1);
    expect(sink.letters[0]).toMatchObject({
      stage: 'deliver',
      code: 'mapper_parsing_exception',
      reason: 'bad field',
      connector: 'os',
      origin: { recordIndex: 0, sequenceNumber: sequenceNumber(0) },
      raw: { id: 'poison-id-1', message: 'poison' },
      source: { logGroup: '/app/orders' },
    });
    expect(result.delivery.rejectedByCode).toEqual({ mapper_parsing_exception: 1 });
    expect(result.delivery.deadLetteredByCode).toEqual({ mapper_parsing_exception: 1 });
  });

  it('fails the record whose dead letter could not be written', async () => {
    // Prepare
    const records = inputs([appLog('a'), appLog('poison'), appLog('c')]);
    const connector = new ScriptedConnector('os', (doc) =>
      doc.body['@message'] === 'poison' ? 'rejected' : 'delivered',
    );
    const sink = new MemorySink(() => true);

    // Act
    const result = await processBatch(records, deps([connector], sink), LATER);

    // Assess
    expect(result.failed).toEqual([
      {
        index: 1,
        origin: records[1]?.origin,
        cause: 'dead_letter_unwritten',
        code: 'mapper_parsing_exception',
      },
    ]);
    expect(result.delivery.deadLetterFailedByCode).toEqual({ mapper_parsing_exception: 1 });
    expect(result.delivery.deadLetteredByCode).toEqual({});
  });

  it('fails the records of every letter when the dead-letter sink throws, and carries on', async () => {
    // Prepare
    const records = inputs([appLog('a'), 'not base64!', appLog('c')]);
    const sink: DeadLetterSink = {
      id: 'down',
      write: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:9200');
      },
    };

    // Act
    const result = await processBatch(records, deps([new ScriptedConnector('os')], sink), LATER);

    // Assess
    expect(result.failed.map((failure) => [failure.index, failure.cause])).toEqual([
      [1, 'dead_letter_unwritten'],
    ]);
    expect(result.delivery.thrown).toBe(1);
    expect(warnings).toHaveLength(1);
  });

  it('fails all records of a connector that throws, while the batch survives and other connectors deliver', async () => {
    // Prepare
    const records = inputs([appLog('a'), control, appLog('b', 'c'), 'bm90IGd6aXA=']);
    const healthy = new ScriptedConnector('healthy');
    const sink = new MemorySink();

    // Act
    const result = await processBatch(records, deps([new ThrowingConnector(), healthy], sink), LATER);

    // Assess
    expect(result.failed.map((failure) => [failure.index, failure.code])).toEqual([
      [0, 'connector_threw'],
      [2, 'connector_threw'],
    ]);
    expect(result.delivery.retryableByCode).toEqual({ connector_threw: 3 });
    expect(result.delivery.deliveredByConnector).toEqual({ broken: 0, healthy: 3 });
    expect(result.delivery.thrown).toBe(1);
    expect(sink.letters.map((letter) => letter.code)).toEqual(['gzip_invalid']);
    expect(warnings).toEqual(['A connector threw; its documents are retried.']);
  });

  it('never fails control messages and corrupt records: the first are counted, the second dead-lettered', async () => {
    // Prepare
    const corrupt = gzipEnvelope({ messageType: 'DATA_MESSAGE' }).toString('base64');
    const records = inputs([control, 'not base64!', corrupt, appLog('a')]);
    const sink = new MemorySink();

    // Act
    const result = await processBatch(records, deps([new ScriptedConnector('os')], sink), LATER);

    // Assess
    expect(result.failed).toEqual([]);
    expect(result.stats.controlMessages).toBe(1);
    expect(sink.letters.map((letter) => [letter.origin.recordIndex, letter.stage, letter.code])).toEqual([
      [1, 'decode', 'base64_invalid'],
      [2, 'decode', 'envelope_invalid'],
    ]);
    expect(sink.letters[1]?.raw).toBe(corrupt);
    expect(result.delivery.deadLetteredByCode).toEqual({ base64_invalid: 1, envelope_invalid: 1 });
  });

  it('starts no record after the deadline and fails the ones it did not reach', async () => {
    // Prepare
    const records = inputs([appLog('a'), appLog('b'), appLog('c'), appLog('d')]);
    let now = NOW;
    const clock = () => {
      now += 1_000; // every look at the clock costs a second
      return now;
    };
    const connector = new ScriptedConnector('os');

    // Act
    const result = await processBatch(records, deps([connector], new MemorySink(), clock), {
      at: NOW + 2_500,
    });

    // Assess: records 0 and 1 start in time, 2 and 3 do not; by then no delivery may start either
    expect(result.failed.map((failure) => [failure.index, failure.cause])).toEqual([
      [0, 'unfinished'],
      [1, 'unfinished'],
      [2, 'unfinished'],
      [3, 'unfinished'],
    ]);
    expect(result.unfinished).toBe(4);
    expect(connector.calls).toEqual([]);
  });

  it('fails the records whose dead letters are still unwritten when the deadline passes during delivery', async () => {
    // Prepare: two records decoded and delivered in time; the deadline passes before the dead letters
    const records = inputs([appLog('a'), 'not base64!']);
    let now = NOW;
    const clock = () => now;
    const connector = new ScriptedConnector('os', () => {
      now = NOW + 100; // delivering takes past the deadline
      return 'delivered';
    });
    const sink = new MemorySink();

    // Act
    const result = await processBatch(records, deps([connector], sink, clock), { at: NOW + 50 });

    // Assess
    expect(connector.calls[0]?.map((doc) => doc.body['@message'])).toEqual(['a']);
    expect(sink.letters).toEqual([]);
    expect(result.failed.map((failure) => [failure.index, failure.cause])).toEqual([[1, 'unfinished']]);
    expect(result.unfinished).toBe(1);
  });

  it('stops inside a slow record when the deadline comes, delivering none of its partial documents', async () => {
    // Prepare: one record of 1,000 events; every look at the clock costs a millisecond
    const records = inputs([appLog(...Array.from({ length: 1_000 }, (_, i) => `line ${i}`)), appLog('next')]);
    let now = NOW;
    const clock = () => ++now;
    const connector = new ScriptedConnector('os');

    // Act
    const result = await processBatch(records, deps([connector], new MemorySink(), clock), { at: NOW + 3 });

    // Assess: the record started in time but did not finish; it and the rest are retried whole
    expect(connector.calls).toEqual([]);
    expect(result.failed.map((failure) => [failure.index, failure.cause])).toEqual([
      [0, 'unfinished'],
      [1, 'unfinished'],
    ]);
    expect(result.stats.events).toBe(0);
  });

  it('delivers in slices, never splitting a record, and maps a failure in a later slice to its record', async () => {
    // Prepare
    const records = inputs([appLog('a'), appLog('b', 'c'), appLog('d'), appLog('slow'), appLog('e')]);
    const connector = new ScriptedConnector('os', (doc) =>
      doc.body['@message'] === 'slow' ? 'retryable' : 'delivered',
    );

    // Act
    const result = await processBatch(records, { ...deps([connector]), sliceDocs: 2 }, LATER);

    // Assess
    expect(connector.calls.map((call) => call.map((doc) => doc.body['@message']))).toEqual([
      ['a', 'b', 'c'],
      ['d', 'slow'],
      ['e'],
    ]);
    expect(result.failed.map((failure) => [failure.index, failure.cause])).toEqual([[3, 'retryable']]);
  });

  it('sets a record with more events than maxEventsPerRecord aside whole, with the reason', async () => {
    // Prepare
    const capped = new Pipeline(buildConfig({ maxEventsPerRecord: 3 }), () => new Date(NOW));
    const records = inputs([appLog('a', 'b', 'c', 'd'), appLog('e')]);
    const connector = new ScriptedConnector('os');
    const sink = new MemorySink();

    // Act
    const result = await processBatch(records, { ...deps([connector], sink), pipeline: capped }, LATER);

    // Assess
    expect(sink.letters.map((letter) => [letter.origin.recordIndex, letter.code, letter.reason])).toEqual([
      [0, 'events_too_many', 'the record holds 4 events, more than maxEventsPerRecord (3)'],
    ]);
    expect(connector.calls.flat().map((doc) => doc.body['@message'])).toEqual(['e']);
    expect(result.failed).toEqual([]);
  });

  it('reports ingest lag by type for delivered documents only', async () => {
    // Prepare: events at 12:00:00, :01 and :02; processed at 12:05:00
    const records = inputs([appLog('a', 'b', 'slow')]);
    const connector = new ScriptedConnector('os', (doc) =>
      doc.body['@message'] === 'slow' ? 'retryable' : 'delivered',
    );

    // Act
    const result = await processBatch(records, deps([connector]), LATER);

    // Assess
    expect(result.lag).toEqual({ text: { count: 2, p50Ms: 299_500, maxMs: 300_000 } });
  });
});

describe('Batch engine: the raw archive', () => {
  /** An archive double: keeps payloads, refusing the positions `refuse` names with a code. */
  const archiveOf = (
    answer: (count: number) => Promise<{ failed: { index: number; code: string }[] }>,
  ): PayloadArchive & { written: ReceivedPayload[] } => {
    const written: ReceivedPayload[] = [];
    return {
      id: 'memory-archive',
      written,
      write: async (payloads) => {
        written.push(...payloads);
        return answer(payloads.length);
      },
    };
  };

  it('writes every payload as received with its arrival time, before the documents, and fails only the refused records with the reason', async () => {
    // Prepare
    const records = inputs([appLog('a'), appLog('b'), appLog('c')]).map((record) => ({
      ...record,
      receivedAtMs: NOW - 5_000,
    }));
    const archive = archiveOf(async () => ({ failed: [{ index: 1, code: 'NoSuchBucket' }] }));
    // Act
    const result = await processBatch(records, { ...deps([new ScriptedConnector('os')]), archive }, LATER);
    // Assess
    expect(archive.written.map((payload) => payload.receivedAt.getTime())).toEqual([
      NOW - 5_000,
      NOW - 5_000,
      NOW - 5_000,
    ]);
    expect(Buffer.from(archive.written[0]?.data ?? []).toString('base64')).toBe(
      (records[0] as { data: string }).data,
    );
    expect(result.failed.map((failure) => [failure.index, failure.cause, failure.code])).toEqual([
      [1, 'archive_unwritten', 'NoSuchBucket'],
    ]);
    expect(result.delivery).toMatchObject({ archived: 2, archiveFailedByCode: { NoSuchBucket: 1 } });
  });

  it('hands the pipeline the bytes it archived, so a record is decoded from base64 once, and still sets aside bad base64', async () => {
    // Prepare
    const records = [
      ...inputs([appLog('a')]),
      { kind: 'base64' as const, data: '!!!not-base64!!!', origin: { recordIndex: 1 } },
    ];
    const archive = archiveOf(async () => ({ failed: [] }));
    const connector = new ScriptedConnector('os');
    const seen: (Uint8Array | undefined)[] = [];
    const spy = jest.spyOn(pipeline, 'process').mockImplementation(function (
      this: Pipeline,
      input,
      stop,
      decoded,
    ) {
      seen.push(decoded);
      return Pipeline.prototype.process.call(this, input, stop, decoded);
    });
    // Act
    let result: Awaited<ReturnType<typeof processBatch>>;
    try {
      result = await processBatch(records, { ...deps([connector]), archive }, LATER);
    } finally {
      spy.mockRestore();
    }
    // Assess
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(archive.written[0]?.data);
    expect(connector.calls.flat().map((doc) => doc.body['@message'])).toEqual(['a']);
    expect(result.failed).toEqual([]);
    expect(result.delivery).toMatchObject({ deadLetteredByCode: { base64_invalid: 1 } });
  });

  it('retries every record when the archive hangs past the deadline, throws, or names a payload it was not given', async () => {
    // Prepare
    const records = inputs([appLog('a'), appLog('b')]);
    const hanging = archiveOf(() => new Promise(() => undefined));
    const throwing = archiveOf(async () => {
      throw new Error('socket hang up');
    });
    const confused = archiveOf(async () => ({ failed: [{ index: 7, code: 'x' }] }));
    let now = NOW;
    const soon: Deadline = { at: NOW + 50 };
    // Act
    const timedOut = await processBatch(
      records,
      { ...deps([], new MemorySink(), () => (now += 10)), archive: hanging },
      soon,
    );
    const thrown = await processBatch(records, { ...deps([]), archive: throwing }, LATER);
    const invalid = await processBatch(records, { ...deps([]), archive: confused }, LATER);
    // Assess
    for (const [result, code] of [
      [timedOut, 'archive_deadline'],
      [thrown, 'archive_threw'],
      [invalid, 'archive_report_invalid'],
    ] as const) {
      expect(result.failed.map((failure) => failure.index)).toEqual([0, 1]);
      expect(result.failed[0]?.code).toBe(code);
    }
  });
});
