import fc from 'fast-check';
import type { TransformResult, VpcFormat } from '../../../../src/core';
import { vpcflowTransformer } from '../../../../src/transformers/vpcflow';
import { documentName, VPC_FIELD_DEFINITIONS } from '../../../../src/transformers/vpcflow/fields';
import { DEFAULT_VPC_FORMAT } from '../../../../src/transformers/vpcflow/format';
import { contextWith, flowEvent, formatOf, SOURCE } from './helpers';

const EVENT_TIME = Date.UTC(2024, 4, 1, 12, 5, 0);
const DAY_MS = 86_400_000;

const FIELD_NAMES = new Set(
  VPC_FIELD_DEFINITIONS.flatMap((field) => [field.awsName, documentName(field.awsName)]),
);

/** A field of a generated format: its AWS name and how its values are generated. */
interface GeneratedField {
  readonly awsName: string;
  readonly kind: 'keyword' | 'long' | 'ip';
}

const knownField = fc.constantFrom(...VPC_FIELD_DEFINITIONS.map((field): GeneratedField => field));
const newerField = fc
  .stringMatching(/^[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,8}){0,2}$/)
  .filter(
    (name) => !FIELD_NAMES.has(name) && !FIELD_NAMES.has(documentName(name)) && name !== 'protocol-name',
  )
  .map((awsName): GeneratedField => ({ awsName, kind: 'keyword' }));

/** A random subset of fields in a random order, with now and then a field newer than the code. */
const formatFields = fc.uniqueArray(
  fc.oneof({ weight: 9, arbitrary: knownField }, { weight: 1, arbitrary: newerField }),
  {
    minLength: 1,
    maxLength: 20,
    selector: (field) => documentName(field.awsName),
  },
);

const keywordValue = fc
  .stringMatching(/^[!-~]{1,24}$/)
  .filter((token) => token !== '-' && !FIELD_NAMES.has(token));

const generatedValue = (field: GeneratedField): fc.Arbitrary<string | number | undefined> => {
  // `start` near the event time half the time, so both sides of the time window are reached.
  const nearEvent = fc.integer({
    min: (EVENT_TIME - 40 * DAY_MS) / 1000,
    max: (EVENT_TIME + 3 * DAY_MS) / 1000,
  });
  const present =
    field.awsName === 'start'
      ? fc.oneof(fc.maxSafeNat(), nearEvent)
      : field.kind === 'long'
        ? fc.maxSafeNat()
        : field.kind === 'ip'
          ? fc.oneof(fc.ipV4(), fc.ipV6())
          : keywordValue;
  return fc.oneof({ weight: 4, arbitrary: present }, { weight: 1, arbitrary: fc.constant(undefined) });
};

/** A format and one line of it: the values by field, `undefined` written as `-`. */
const formatAndLine = formatFields.chain((fields) =>
  fc.tuple(fc.constant(fields), fc.tuple(...fields.map(generatedValue))),
);

const lineOf = (values: ReadonlyArray<string | number | undefined>): string =>
  values.map((value) => (value === undefined ? '-' : String(value))).join(' ');

const formatFor = (fields: readonly GeneratedField[]): VpcFormat =>
  formatOf(fields.map((field) => `\${${field.awsName}}`).join(' '));

const vpcOf = (result: TransformResult): Record<string, unknown> => {
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.docs[0]?.vpc as Record<string, unknown>;
};

describe('Transformer: vpcflow, properties', () => {
  it('never throws on any message and always says ok, skip or invalid', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (message) => {
        // Act
        const result = vpcflowTransformer.transform(flowEvent(message), SOURCE, contextWith());
        const claimed = vpcflowTransformer.matches(flowEvent(message), SOURCE);

        // Assess
        expect(['ok', 'skip', 'invalid']).toContain(result.kind);
        expect(typeof claimed).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on lines of plausible tokens for any format', () => {
    const token = fc.oneof(
      fc.constantFrom(
        '-',
        'ACCEPT',
        'REJECT',
        'OK',
        'NODATA',
        'version',
        'srcaddr',
        '10.0.0.1',
        '::1',
        '2',
        '',
      ),
      fc.stringMatching(/^[0-9.:a-f-]{1,12}$/),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(
        formatFields,
        fc.array(token, { maxLength: 25 }),
        fc.constantFrom(' ', '  ', '\t'),
        (fields, tokens, gap) => {
          // Act
          const result = vpcflowTransformer.transform(
            flowEvent(tokens.join(gap)),
            SOURCE,
            contextWith(formatFor(fields)),
          );

          // Assess
          expect(['ok', 'skip', 'invalid']).toContain(result.kind);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives back every generated value in its field, with its type', () => {
    fc.assert(
      fc.property(formatAndLine, ([fields, values]) => {
        // Prepare
        const expected: Record<string, unknown> = {};
        fields.forEach((field, index) => {
          if (values[index] !== undefined) expected[documentName(field.awsName)] = values[index];
        });

        // Act
        const vpc = vpcOf(
          vpcflowTransformer.transform(flowEvent(lineOf(values)), SOURCE, contextWith(formatFor(fields))),
        );

        // Assess
        const { protocol_name: protocolName, ...read } = vpc;
        expect(read).toEqual(expected);
        expect(Object.keys(read)).toEqual(Object.keys(expected));
        if (protocolName !== undefined) {
          expect(typeof protocolName).toBe('string');
          expect(typeof expected.protocol).toBe('number');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('takes @timestamp from start when it lies in the window around the event time, else from the event', () => {
    fc.assert(
      fc.property(formatAndLine, ([fields, values]) => {
        // Prepare
        const start = values[fields.findIndex((field) => field.awsName === 'start')];
        const inWindow =
          typeof start === 'number' &&
          start * 1000 >= EVENT_TIME - 30 * DAY_MS &&
          start * 1000 <= EVENT_TIME + DAY_MS;
        const expectedMs = inWindow ? start * 1000 : EVENT_TIME;

        // Act
        const result = vpcflowTransformer.transform(
          flowEvent(lineOf(values), EVENT_TIME),
          SOURCE,
          contextWith(formatFor(fields)),
        );

        // Assess
        expect(result.kind === 'ok' && result.docs[0]?.['@timestamp']).toBe(
          new Date(expectedMs).toISOString(),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('reads a line the same whatever whitespace separates its fields', () => {
    const gap = fc.constantFrom(' ', '  ', '\t', ' \t ');
    fc.assert(
      fc.property(
        formatAndLine,
        fc.array(gap, { minLength: 25, maxLength: 25 }),
        ([fields, values], gaps) => {
          // Prepare
          const format = formatFor(fields);
          const tidy = lineOf(values);
          const untidy = ` ${values
            .map((value, index) => (value === undefined ? '-' : String(value)) + (gaps[index] ?? ' '))
            .join('')
            .trimEnd()}\n`;

          // Act
          const fromTidy = vpcOf(vpcflowTransformer.transform(flowEvent(tidy), SOURCE, contextWith(format)));
          const fromUntidy = vpcOf(
            vpcflowTransformer.transform(flowEvent(untidy), SOURCE, contextWith(format)),
          );

          // Assess
          expect(fromUntidy).toEqual(fromTidy);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('sets aside any line whose field count differs from the format', () => {
    fc.assert(
      fc.property(
        formatAndLine,
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        ([fields, values], by, longer) => {
          // Prepare
          const tokens = values.map((value) => (value === undefined ? '-' : String(value)));
          const line = longer ? [...tokens, ...Array(by).fill('-')].join(' ') : tokens.slice(by).join(' ');
          fc.pre(line.trim() !== '');

          // Act
          const result = vpcflowTransformer.transform(
            flowEvent(line),
            SOURCE,
            contextWith(formatFor(fields)),
          );

          // Assess
          expect(result.kind).toBe('invalid');
          expect(result.kind === 'invalid' && result.error.code).toBe('vpc_field_count');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('claims every default-format line it can read', () => {
    const defaultFields = DEFAULT_VPC_FORMAT.fields.map((name): GeneratedField => {
      const field = VPC_FIELD_DEFINITIONS.find((candidate) => documentName(candidate.awsName) === name);
      if (field === undefined) throw new Error(`no definition for ${name}`);
      return field;
    });
    const line = fc.tuple(...defaultFields.map(generatedValue)).map((values) => {
      // The sniff wants what AWS writes: a short version, a real action and log status.
      const copy = [...values];
      copy[0] = 2;
      copy[12] = copy[12] === undefined ? undefined : 'ACCEPT';
      copy[13] = 'OK';
      return lineOf(copy);
    });
    fc.assert(
      fc.property(line, (message) => {
        // Act
        const claimed = vpcflowTransformer.matches(flowEvent(message), SOURCE);

        // Assess
        expect(claimed).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
