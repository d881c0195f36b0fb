import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { indexNameFor, isLegalIndexName } from '../../../src/connectors/opensearch/index-name';
import type { Envelope, LogEvent } from '../../../src/core';
import { buildConfig } from '../../../src/pipeline/config';
import { Pipeline, type RecordOutcome } from '../../../src/pipeline/run';
import { EXTREME_NUMBER_LINES, HOSTILE_LOG_GROUPS, PROTOTYPE_KEY_LINES } from '../../../tools/chaos/hostile';

// The fuzz corpus: every hostile input the issue lists, thrown at one record at a time. Each case must end
// in bounded time and memory with every event accounted for: a document, a skip, or a letter with a reason.

const NOW = new Date(Date.UTC(2024, 4, 1, 12, 5, 0));
const MiB = 1024 * 1024;
const MAX_GUNZIP = 4 * MiB;
const CONFIG = buildConfig({
  maxGunzipBytes: MAX_GUNZIP,
  maxEventsPerRecord: 5_000,
  logGroups: [{ pattern: '/trails/*', type: 'cloudtrail' }],
});
/** One record, however hostile, must finish within this (the Lambda's 30 s budget has room for many). */
const MAX_RECORD_MS = 3_000;
/** …and must not grow the heap by more than this. */
const MAX_HEAP_GROWTH = 192 * MiB;
const DAY_MS = 86_400_000;
const CWL_TIME = Date.UTC(2024, 4, 1, 12, 0, 0);

const pipeline = new Pipeline(CONFIG, () => NOW);

/** Runs one record and checks what every case must hold; returns the outcome for case-specific checks. */
const processChecked = (data: string): RecordOutcome => {
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();

  const outcome = pipeline.process({ kind: 'base64', data, origin: { recordIndex: 0 } });

  const elapsed = performance.now() - started;
  expect(elapsed).toBeLessThan(MAX_RECORD_MS);
  expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(MAX_HEAP_GROWTH);
  assertAccounted(outcome);
  return outcome;
};

/** Every event is a document, a skip or a letter with a reason; a record that did not decode is one letter. */
const assertAccounted = (outcome: RecordOutcome): void => {
  expect(outcome.unfinished).toBe(false);
  const decodeLetters = outcome.setAside.filter((letter) => letter.stage === 'decode');
  if (decodeLetters.length > 0) {
    expect(outcome.docs).toHaveLength(0);
    expect(outcome.events).toBe(0);
  }
  for (const letter of outcome.setAside) {
    expect(letter.code).toMatch(/^[a-z_]+$/);
    expect(letter.reason.length).toBeGreaterThan(0);
  }
  const skipped = Object.values(outcome.skipped).reduce((sum, count) => sum + count, 0);
  const transformLetters = outcome.setAside.length - decodeLetters.length;
  expect(outcome.docs.length + skipped + transformLetters).toBe(outcome.events);
  for (const doc of outcome.docs) assertIndexable(doc.body as unknown as Record<string, unknown>);
};

/** A document serialises, has a real date, and names a legal daily index of years 1000–9999. */
const assertIndexable = (body: Record<string, unknown>): void => {
  expect(() => JSON.stringify(body)).not.toThrow();
  const timestamp = body['@timestamp'] as string;
  expect(new Date(timestamp).toISOString()).toBe(timestamp);
  const index = indexNameFor(body['@type'] as string, timestamp);
  expect(isLegalIndexName(index)).toBe(true);
  expect(index).toMatch(/-\d{4}\.\d{2}\.\d{2}$/);
  expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
};

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

const envelopeOf = (logGroup: string, events: LogEvent[], extra: Record<string, unknown> = {}): Envelope =>
  ({
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup,
    logStream: 'stream-1',
    subscriptionFilters: ['cwlpipe'],
    logEvents: events,
    ...extra,
  }) as Envelope;

const eventsOf = (messages: readonly string[], timestamp = CWL_TIME): LogEvent[] =>
  messages.map((message, i) => ({ id: `3${String(i).padStart(55, '0')}`, timestamp, message }));

const recordOf = (envelope: Envelope): string => base64(gzipSync(JSON.stringify(envelope)));

/** Log group names a hostile account could create (or forge in an envelope). */
const hostileGroup = fc.oneof(
  fc.constantFrom('/aws/lambda/orders', '/aws/lambda/', ...HOSTILE_LOG_GROUPS, '/trails/org'),
  fc.string({ unit: 'binary', maxLength: 300 }),
);

const deepJson = fc
  .integer({ min: 1, max: 20_000 })
  .chain((depth) =>
    fc.constantFrom(
      `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
      `{"x":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      `${'{"a":'.repeat(depth)}`,
    ),
  );

const wideJson = fc
  .integer({ min: 0, max: 30_000 })
  .chain((width) =>
    fc.constantFrom(
      `{${Array.from({ length: width }, (_, i) => `"k${i}":{}`).join(',')}}`,
      `{${Array.from({ length: width }, (_, i) => `"k${i}":${i}`).join(',')}}`,
    ),
  );

const collidingKeys = fc
  .integer({ min: 1, max: 8_000 })
  .map(
    (n) =>
      `{${Array.from({ length: n }, (_, i) => `"${i % 2 === 0 ? 'a.b' : 'a_b'}${'_2'.repeat(i % 3)}":${i}`).join(',')}}`,
  );

const prototypeKeys = fc.constantFrom(...PROTOTYPE_KEY_LINES);

const extremeNumbers = fc.constantFrom(...EXTREME_NUMBER_LINES);

/** VPC lines and CloudTrail records whose own times are absurd. */
const extremeTimes = fc.oneof(
  fc
    .constantFrom('0', '-1', '8640000000001', '99999999999999999999', '1714564800')
    .map(
      (start) =>
        `2 123456789012 eni-0a1b2c3d 10.0.0.1 10.0.0.2 443 49152 6 10 840 ${start} ${start} ACCEPT OK`,
    ),
  fc
    .constantFrom(
      '1000-01-01T00:00:00Z',
      '9999-12-31T23:59:59Z',
      '0000-01-01T00:00:00Z',
      '2024-13-45T99:99:99Z',
      '',
    )
    .map((eventTime) =>
      JSON.stringify({
        eventVersion: '1.08',
        eventSource: 's3.amazonaws.com',
        eventName: 'GetObject',
        eventTime,
      }),
    ),
);

const hugeLine = fc.integer({ min: 100_000, max: 1_000_000 }).map((n) => `ERROR ${'x'.repeat(n)}`);

const hostileMessage = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  deepJson,
  wideJson,
  collidingKeys,
  prototypeKeys,
  extremeNumbers,
  extremeTimes,
  hugeLine,
);

/** CloudWatch Logs timestamps, including ones only a forged envelope carries. */
const hostileTimestamp = fc.oneof(
  fc.constant(CWL_TIME),
  fc.constantFrom(0, -1, 8.64e15, 8.64e15 + 1, -8.64e15 - 1, 1e20, -1e20, 253402300800000),
  fc.integer({ min: -1e15, max: 1e15 }),
);

describe('Fuzz corpus: one hostile record never takes down a batch', () => {
  it('accounts for every event of hostile messages, log groups and timestamps, in bounded time and memory', () => {
    fc.assert(
      fc.property(
        hostileGroup,
        fc.array(fc.tuple(hostileMessage, hostileTimestamp), { minLength: 1, maxLength: 4 }),
        (logGroup, events) => {
          // Prepare
          const logEvents = events.map(([message, timestamp], i) => ({
            id: `3${String(i).padStart(55, '0')}`,
            timestamp,
            message,
          }));

          // Act
          const outcome = processChecked(recordOf(envelopeOf(logGroup, logEvents)));

          // Assess
          expect(outcome.events).toBe(logEvents.length);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('sets arbitrary bytes aside with a reason, or reads them, never throwing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2_000 }), (bytes) => {
        // Act
        const outcome = processChecked(base64(bytes));

        // Assess
        expect(outcome.docs.length + outcome.setAside.length + (outcome.control ? 1 : 0)).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it('sets a truncated gzip aside as one letter, wherever it is cut', () => {
    // Prepare
    const whole = gzipSync(JSON.stringify(envelopeOf('/app/orders', eventsOf(['a', 'b', 'c']))));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: whole.length - 1 }), (cut) => {
        // Act
        const outcome = processChecked(base64(whole.subarray(0, cut)));

        // Assess
        expect(outcome.docs).toHaveLength(0);
        expect(outcome.setAside).toHaveLength(1);
      }),
      { numRuns: 100 },
    );
  });

  it('accounts for concatenated gzip members (several envelopes back to back), documents or one letter', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }), (members) => {
        // Prepare
        const record = Buffer.concat(
          Array.from({ length: members }, (_, m) =>
            gzipSync(JSON.stringify(envelopeOf('/app/orders', eventsOf([`member ${m}`])))),
          ),
        );

        // Act
        const outcome = processChecked(base64(record));

        // Assess: read whole, or set aside whole; never one member silently kept and the rest lost
        expect(
          outcome.docs.length === members || (outcome.docs.length === 0 && outcome.setAside.length === 1),
        ).toBe(true);
      }),
      { numRuns: 8 },
    );
  });

  it('sets gzip bombs aside as gzip_too_large without inflating them', () => {
    // Prepare: 32 MiB of one byte (about 32 KiB of gzip), eight times the 4 MiB cap
    const bomb = gzipSync(Buffer.alloc(32 * MiB, 0x20), { level: 9 });
    const jsonBomb = gzipSync(
      Buffer.concat([
        Buffer.from('{"messageType":"DATA_MESSAGE","logEvents":["'),
        Buffer.alloc(16 * MiB, 0x61),
      ]),
    );

    for (const record of [bomb, jsonBomb]) {
      // Act
      const outcome = processChecked(base64(record));

      // Assess
      expect(outcome.setAside.map((letter) => letter.code)).toEqual(['gzip_too_large']);
    }
  });

  it('reads messages holding invalid UTF-8 (replacement characters), every event accounted for', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (garbage) => {
        // Prepare: raw bytes spliced into a message string of the envelope's JSON (quotes and backslashes removed)
        const clean = Buffer.from(garbage.filter((byte) => byte !== 0x22 && byte !== 0x5c && byte >= 0x20));
        const json = JSON.stringify(envelopeOf('/app/orders', eventsOf(['<>'])));
        const at = json.indexOf('<>');
        const record = Buffer.concat([
          Buffer.from(json.slice(0, at)),
          clean,
          Buffer.from(json.slice(at + 2)),
        ]);

        // Act
        const outcome = processChecked(base64(gzipSync(record)));

        // Assess
        expect(outcome.events + outcome.setAside.length).toBeGreaterThan(0);
      }),
      { numRuns: 100 },
    );
  });

  it('sends 3,000 events naming 3,000 different days to at most 32 daily indices', () => {
    // Prepare: VPC starts one day apart, all in one record of one CloudWatch Logs day
    const messages = Array.from(
      { length: 3_000 },
      (_, day) =>
        `2 123456789012 eni-0a1b2c3d 10.0.0.1 10.0.0.2 443 49152 6 10 840 ${(CWL_TIME - day * DAY_MS) / 1000} ${(CWL_TIME - day * DAY_MS) / 1000 + 59} ACCEPT OK`,
    );
    const record = recordOf(
      envelopeOf('/vpc/flow', eventsOf(messages), { subscriptionFilters: ['cwlpipe-vpcflow'] }),
    );

    // Act
    const outcome = processChecked(record);

    // Assess
    const indices = new Set(outcome.docs.map((doc) => indexNameFor(doc.type, doc.body['@timestamp'])));
    expect(outcome.docs).toHaveLength(3_000);
    expect(indices.size).toBeLessThanOrEqual(32);
    expect(outcome.docs.filter((doc) => doc.body.cwl !== undefined)).toHaveLength(3_000 - 31);
  });

  it('leaves Object.prototype unpolluted after every hostile key', () => {
    // Act
    processChecked(recordOf(envelopeOf('/app/x', eventsOf(['{"__proto__":{"polluted":true}}']))));

    // Assess
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
