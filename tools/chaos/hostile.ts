import { gzipSync } from 'node:zlib';
import { readInputFile } from '../../src/consumers/files';
import { partitionKeyOf, replayRecords, type StreamRecord } from '../../src/consumers/replay';
import type { Envelope, LogEvent } from '../../src/core';
import { fixtureFiles } from '../../src/local/fixtures';
import { SeededRandom } from '../../src/local/synthetic';

// The hostile half of the chaos corpus: every fixture (the corrupt decode records byte for byte, the
// multi-megabyte envelope, conflicting types, deep and wide JSON, unsafe keys…) and one record of each case
// of the fuzz corpus (test/unit/pipeline/fuzz.test.ts), made deterministic: gzip bombs, cut and
// concatenated gzip, arbitrary bytes, invalid UTF-8, hostile log groups, absurd times and numbers, huge lines.

/**
 * Log group names a hostile account could create or forge in an envelope: path tricks, prototype keys,
 * empty and blank names, control and bidi characters, index-name metacharacters, very long names. Shared with
 * the fuzz corpus (`test/unit/pipeline/fuzz.test.ts`).
 */
export const HOSTILE_LOG_GROUPS: readonly string[] = [
  '../../etc/passwd',
  '__proto__',
  'constructor',
  '',
  ' ',
  '\u0000\u202e\ufeff',
  'İSTANBUL/#?*"<>|,:',
  `/aws/lambda/${'😀'.repeat(200)}`,
  'a'.repeat(10_000),
];

const MiB = 1024 * 1024;
const CWL_TIME = Date.UTC(2024, 4, 1, 12, 0, 0);

/** One hostile record and what it is, for the report. */
export interface HostileRecord extends StreamRecord {
  readonly name: string;
}

let serial = 0;
const eventsOf = (tag: string, messages: readonly string[], timestamp = CWL_TIME): LogEvent[] =>
  messages.map((message) => ({
    // 56 digits, unique across the corpus: "9" then a tag hash and a serial.
    id: `9${String(hashOf(tag)).padStart(10, '0')}${String(serial++).padStart(45, '0')}`,
    timestamp,
    message,
  }));

const hashOf = (text: string): number => {
  let hash = 0;
  for (const char of text) hash = (Math.imul(hash, 31) + (char.codePointAt(0) ?? 0)) >>> 0;
  return hash % 10_000_000_000;
};

const envelopeOf = (logGroup: string, events: LogEvent[], extra: Partial<Envelope> = {}): Envelope => ({
  messageType: 'DATA_MESSAGE',
  owner: '123456789012',
  logGroup,
  logStream: 'hostile',
  subscriptionFilters: ['cwlpipe-chaos'],
  logEvents: events,
  ...extra,
});

const recordOf = (name: string, envelope: Envelope): HostileRecord => ({
  name,
  data: gzipSync(JSON.stringify(envelope)),
  partitionKey: partitionKeyOf(envelope),
});

const raw = (name: string, data: Uint8Array): HostileRecord => ({
  name,
  data,
  partitionKey: `hostile-${name}`,
});

/** JSON lines whose keys reach for the prototype (`__proto__`, `constructor.prototype`). */
export const PROTOTYPE_KEY_LINES: readonly string[] = [
  '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"prototype":1}',
  '{"a":{"__proto__":[1,2]},"__proto__.x":1,"constructor.prototype":2}',
  'INFO {"__proto__":{"isAdmin":true}}',
];

/** JSON lines with numbers a double cannot carry: overflow, underflow, `-0`, beyond 2^53. */
export const EXTREME_NUMBER_LINES: readonly string[] = [
  '1e400',
  '-1e400',
  '9007199254740993',
  '1e-400',
  '-0',
  '123456789012345678901234567890.5',
  '0e99999',
].map((n) => `{"n":${n},"list":[${n},1]}`);

/** The fuzz corpus's cases, one or a few records each, the same on every run. */
export const fuzzRecords = (seed: number): HostileRecord[] => {
  const random = new SeededRandom(seed);
  const text = (group: string, tag: string, messages: readonly string[], timestamp?: number): HostileRecord =>
    recordOf(tag, envelopeOf(group, eventsOf(tag, messages, timestamp), { logStream: `hostile-${tag}` }));
  const whole = gzipSync(JSON.stringify(envelopeOf('/chaos/cut', eventsOf('cut', ['a', 'b', 'c']))));
  const garbage = Buffer.from(Array.from({ length: 48 }, () => random.int(0x20, 0xff))).filter(
    (byte) => byte !== 0x22 && byte !== 0x5c,
  );
  const utf8Json = JSON.stringify(envelopeOf('/chaos/utf8', eventsOf('utf8', ['<>'])));
  const at = utf8Json.indexOf('<>');
  const records: HostileRecord[] = [
    raw('gzip-bomb', gzipSync(Buffer.alloc(80 * MiB, 0x20), { level: 9 })),
    raw('gzip-cut', whole.subarray(0, Math.floor(whole.length / 2))),
    ...[1, 2, 3].map((n) =>
      raw(`bytes-${n}`, Buffer.from(Array.from({ length: random.int(1, 2_000) }, () => random.int(0, 255)))),
    ),
    raw(
      'gzip-members',
      Buffer.concat(
        [0, 1, 2].map((m) =>
          gzipSync(JSON.stringify(envelopeOf('/chaos/members', eventsOf('members', [`member ${m}`])))),
        ),
      ),
    ),
    raw(
      'invalid-utf8',
      gzipSync(
        Buffer.concat([Buffer.from(utf8Json.slice(0, at)), garbage, Buffer.from(utf8Json.slice(at + 2))]),
      ),
    ),
    raw(
      'control',
      gzipSync(
        JSON.stringify({
          ...envelopeOf('', []),
          messageType: 'CONTROL_MESSAGE',
          logEvents: [
            {
              id: '',
              timestamp: CWL_TIME,
              message: 'CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.',
            },
          ],
        }),
      ),
    ),
    text(
      '/chaos/too-many',
      'too-many',
      Array.from({ length: 20_001 }, () => 'x'),
    ),
  ];
  for (const [index, group] of HOSTILE_LOG_GROUPS.entries()) {
    records.push(
      text(group, `group-${index}`, ['a line from a hostile log group', '{"level":"info","msg":"json"}']),
    );
  }
  const depth = 20_000;
  records.push(
    text('/chaos/json', 'deep', [
      `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
      `{"x":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      `${'{"a":'.repeat(depth)}`,
    ]),
    text('/chaos/json', 'wide', [
      `{${Array.from({ length: 30_000 }, (_, i) => `"k${i}":{}`).join(',')}}`,
      `{${Array.from({ length: 30_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`,
    ]),
    text('/chaos/json', 'colliding', [
      `{${Array.from({ length: 8_000 }, (_, i) => `"${i % 2 === 0 ? 'a.b' : 'a_b'}${'_2'.repeat(i % 3)}":${i}`).join(',')}}`,
    ]),
    text('/chaos/json', 'prototype', PROTOTYPE_KEY_LINES),
    text('/chaos/json', 'numbers', EXTREME_NUMBER_LINES),
    text('/chaos/json', 'conflicts', ['{"status":"ok","code":1}', '{"status":200,"code":"E42"}']),
    text(
      '/chaos/vpc',
      'vpc-times',
      ['0', '-1', '8640000000001', '99999999999999999999', '1714564800'].map(
        (start) =>
          `2 123456789012 eni-0a1b2c3d 10.0.0.1 10.0.0.2 443 49152 6 10 840 ${start} ${start} ACCEPT OK`,
      ),
    ),
    text(
      '/chaos/trail',
      'trail-times',
      [
        '1000-01-01T00:00:00Z',
        '9999-12-31T23:59:59Z',
        '0000-01-01T00:00:00Z',
        '2024-13-45T99:99:99Z',
        '',
      ].map((eventTime) =>
        JSON.stringify({
          eventVersion: '1.08',
          eventSource: 's3.amazonaws.com',
          eventName: 'GetObject',
          eventTime,
        }),
      ),
    ),
    text('/chaos/huge', 'huge-line', [`ERROR ${'x'.repeat(1_000_000)}`]),
  );
  for (const [index, timestamp] of [0, -1, 8.64e15 + 1, 1e20, 253402300800000].entries()) {
    records.push(text('/chaos/cwl-times', `cwl-time-${index}`, [`an event stamped ${timestamp}`], timestamp));
  }
  return records;
};

/**
 * Every fixture under `dir` as a subscription would deliver it (the replay code: envelopes regrouped per
 * log group and stream, corrupt records byte for byte), without their configs: the chaos consumers run
 * the default configuration, and so does the dry run that says what to expect of them.
 *
 * @example
 * ```ts
 * fixtureRecords('fixtures').length; // 60
 * ```
 */
export const fixtureRecords = (dir: string): HostileRecord[] => {
  const files = fixtureFiles(dir).payloads;
  const load = replayRecords(files.flatMap((file) => readInputFile(file).records));
  return load.records.map((record, index) => ({ ...record, name: `fixture-${index}` }));
};

/**
 * The whole hostile corpus: the fixtures (when `fixturesDir` is given) and the fuzz cases.
 *
 * @example
 * ```ts
 * const hostile = hostileCorpus('fixtures', 7);
 * ```
 */
export const hostileCorpus = (fixturesDir: string | undefined, seed: number): HostileRecord[] => {
  serial = 0;
  return [...(fixturesDir === undefined ? [] : fixtureRecords(fixturesDir)), ...fuzzRecords(seed)];
};
