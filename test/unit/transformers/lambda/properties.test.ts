import fc from 'fast-check';
import { DEFAULT_LIMITS } from '../../../../src/transformers/common';
import { lambdaTransformer } from '../../../../src/transformers/lambda';
import { leadingInteger, leadingNumber } from '../../../../src/transformers/lambda/key-values';
import { EVENT_TIME, lambdaSource, transformOne } from './transform-one';

const DAY_MS = 86_400_000;

const context = { ingestedAt: '2026-01-01T00:00:00.000Z', limits: DEFAULT_LIMITS };
const source = lambdaSource();

/** Pieces of real Lambda lines, so random messages reach deep into every parser. */
const fragment = fc.oneof(
  fc.constantFrom(
    'START RequestId: ',
    'END RequestId: ',
    'REPORT RequestId: ',
    'INIT_START ',
    'INIT_REPORT ',
    'RESTORE_REPORT ',
    'RequestId: ',
    ' Error: ',
    'Duration: ',
    'Memory Size: ',
    'Init Duration: ',
    'Status: ',
    'XRAY TraceId: ',
    'Sampled: ',
    ' ms',
    ' MB',
    '\t',
    '\n',
    ' ',
    ': ',
    '[INFO]',
    '[ERROR] ',
    '2024-05-01T12:00:00.123Z',
    'Task timed out after ',
    'undefined',
    '{',
    '}',
    '{"type":"platform.report","record":',
    '{"metrics":',
    '"',
    ',',
  ),
  fc.uuid(),
  fc.double().map(String),
  fc.string({ maxLength: 12 }),
);
const lambdaish = fc.array(fragment, { maxLength: 25 }).map((parts) => parts.join(''));

const assertWellFormed = (message: string): void => {
  const result = lambdaTransformer.transform({ id: '1', timestamp: EVENT_TIME, message }, source, context);
  if (result.kind === 'skip') {
    expect(message.trim()).toBe('');
    return;
  }
  expect(result.kind).toBe('ok');
  if (result.kind !== 'ok') return;
  expect(result.docs).toHaveLength(1);
  const doc = result.docs[0] as unknown as { '@timestamp': string; lambda: Record<string, unknown> };
  expect(typeof doc.lambda.record_type).toBe('string');
  expect(Number.isNaN(Date.parse(doc['@timestamp']))).toBe(false);
  for (const value of Object.values(doc.lambda))
    if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
};

const TEXT_FIELDS = [
  { key: 'Duration', field: 'duration_ms', unit: 'ms', kind: 'double' },
  { key: 'Billed Duration', field: 'billed_duration_ms', unit: 'ms', kind: 'double' },
  { key: 'Memory Size', field: 'memory_size_mb', unit: 'MB', kind: 'long' },
  { key: 'Max Memory Used', field: 'max_memory_used_mb', unit: 'MB', kind: 'long' },
  { key: 'Init Duration', field: 'init_duration_ms', unit: 'ms', kind: 'double' },
  { key: 'Restore Duration', field: 'restore_duration_ms', unit: 'ms', kind: 'double' },
  { key: 'Billed Restore Duration', field: 'billed_restore_duration_ms', unit: 'ms', kind: 'double' },
] as const;

const printedDouble = fc.oneof(
  fc.double({ min: 0, max: 1e7, noNaN: true }).map((value) => value.toFixed(2)),
  fc.double({ min: 0, max: 1e12, noNaN: true, noDefaultInfinity: true }).map(String),
);
const printedLong = fc.integer({ min: 0, max: 2 ** 40 }).map(String);

/** A REPORT pair list: a random subset of the metrics, each with a printed value, in random order. */
const reportPairs = fc
  .tuple(
    ...TEXT_FIELDS.map((spec) =>
      fc.option(spec.kind === 'long' ? printedLong : printedDouble, { nil: undefined }).map((printed) => ({
        spec,
        printed,
      })),
    ),
  )
  .map((pairs) =>
    pairs.filter(
      (pair): pair is { spec: (typeof TEXT_FIELDS)[number]; printed: string } => pair.printed !== undefined,
    ),
  )
  .chain((pairs) => fc.shuffledSubarray(pairs, { minLength: pairs.length, maxLength: pairs.length }));

describe('Transformer: lambda, properties', () => {
  it('never throws on arbitrary strings, and returns one document or an empty_message skip', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (message) => {
        assertWellFormed(message);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on strings made of pieces of Lambda lines', () => {
    fc.assert(
      fc.property(lambdaish, (message) => {
        assertWellFormed(message);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary JSON, platform-shaped or not', () => {
    const platformType = fc.constantFrom(
      'platform.report',
      'platform.start',
      'platform.initStart',
      'platform.runtimeDone',
      'platform.x',
    );
    const json = fc.oneof(
      fc.jsonValue(),
      fc.record({ time: fc.jsonValue(), type: platformType, record: fc.jsonValue() }),
      fc.record({
        type: platformType,
        record: fc.record({ metrics: fc.dictionary(fc.string(), fc.jsonValue()), tracing: fc.jsonValue() }),
      }),
    );
    fc.assert(
      fc.property(json, (value) => {
        assertWellFormed(JSON.stringify(value));
      }),
      { numRuns: 500 },
    );
  });

  it('reads REPORT pairs in any order into the right numeric fields', () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        reportPairs,
        fc.option(fc.constantFrom('timeout', 'error', 'success'), { nil: undefined }),
        fc.boolean(),
        (requestId, pairs, status, withXray) => {
          // Prepare
          const segments = pairs.map(({ spec, printed }) => `${spec.key}: ${printed} ${spec.unit}`);
          if (status !== undefined) segments.push(`Status: ${status}`);
          const xray = withXray
            ? 'XRAY TraceId: 1-66322f40-1a2b3c4d5e6f708192a3b4c5\tSegmentId: 4f3e\tSampled: true\t\n'
            : '';
          const message = `REPORT RequestId: ${requestId}\t${segments.join('\t')}\t\n${xray}`;

          // Act
          const doc = transformOne(message);

          // Assess
          const expected: Record<string, unknown> = { record_type: 'REPORT', request_id: requestId };
          for (const { spec, printed } of pairs) expected[spec.field] = Number(printed);
          if (status !== undefined) expected.status = status;
          // A new environment: initialised (Init Duration) or restored from a SnapStart snapshot.
          expected.cold_start = pairs.some(
            ({ spec }) => spec.field === 'init_duration_ms' || spec.field === 'restore_duration_ms',
          );
          if (withXray) expected.trace_id = '1-66322f40-1a2b3c4d5e6f708192a3b4c5';
          expect(doc.lambda).toMatchObject(expected);
          const numeric = Object.keys(doc.lambda).filter(
            (key) => typeof (doc.lambda as unknown as Record<string, unknown>)[key] === 'number',
          );
          expect(numeric.sort()).toEqual(pairs.map(({ spec }) => spec.field).sort());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads a printed number exactly as Number() does, whatever its digits', () => {
    const printed = fc.oneof(
      fc
        .tuple(fc.double({ min: 0, max: 1e15, noNaN: true }), fc.integer({ min: 0, max: 20 }))
        .map(([value, digits]) => value.toFixed(digits)),
      fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }).map(String),
      fc.stringMatching(/^[0-9]{1,25}(\.[0-9]{0,25})?$/),
    );
    fc.assert(
      fc.property(printed, fc.constantFrom('', ' ms', ' MB'), (text, unit) => {
        // Act
        const parsed = leadingNumber(`${text}${unit}`);

        // Assess
        expect(parsed).toBe(Number(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('never reads a negative, fractional or non-numeric value as a long', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (text) => {
        // Act
        const parsed = leadingInteger(text);

        // Assess
        if (parsed !== undefined) expect(Number.isSafeInteger(parsed) && parsed >= 0).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('reads any Node.js runtime line back into its time, request id and level', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.date({
            min: new Date(EVENT_TIME - 40 * DAY_MS),
            max: new Date(EVENT_TIME + 3 * DAY_MS),
            noInvalidDate: true,
          }),
          fc.date({
            min: new Date('2000-01-01T00:00:00Z'),
            max: new Date('2099-12-31T23:59:59Z'),
            noInvalidDate: true,
          }),
        ),
        fc.uuid(),
        fc.constantFrom('INFO', 'WARN', 'ERROR', 'DEBUG', 'TRACE'),
        fc.string({ maxLength: 80 }),
        (date, requestId, level, text) => {
          // Act
          const doc = transformOne(`${date.toISOString()}\t${requestId}\t${level}\t${text}\n`);

          // Assess: the line's time when it lies in the window around the CloudWatch Logs time
          const ms = date.getTime();
          const inWindow = ms >= EVENT_TIME - 30 * DAY_MS && ms <= EVENT_TIME + DAY_MS;
          expect(doc['@timestamp']).toBe(new Date(inWindow ? ms : EVENT_TIME).toISOString());
          expect(doc.cwl === undefined).toBe(inWindow);
          expect(doc.lambda).toMatchObject({ record_type: 'APP', request_id: requestId, level });
        },
      ),
      { numRuns: 300 },
    );
  });
});
