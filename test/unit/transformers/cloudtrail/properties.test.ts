import fc from 'fast-check';
import type { FieldType } from '../../../../src/core';
import { cloudtrailTransformer } from '../../../../src/transformers/cloudtrail';
import { RECORD } from '../../../../src/transformers/cloudtrail/record';
import { Leaf, ListOf, type Shape } from '../../../../src/transformers/cloudtrail/shape';
import { CWL_TIME, ctRecord, transformMessage } from './record';

const DECLARED = new Map<string, FieldType>(cloudtrailTransformer.fields.map((f) => [f.name, f.type]));

/** Any JSON at all, including objects whose keys are `__proto__` and friends. */
const anyJson = fc.jsonValue({ maxDepth: 3 });

/** Records shaped like CloudTrail's, every value replaced by arbitrary JSON at random. */
const arbitraryShape = (shape: Shape, depth = 0): fc.Arbitrary<Record<string, unknown>> =>
  fc.record(
    Object.fromEntries(
      Object.entries(shape).map(([key, node]) => {
        if (node instanceof Leaf || depth > 3) return [key, anyJson];
        const inner =
          node instanceof ListOf
            ? fc.array(arbitraryShape(node.items, depth + 1))
            : arbitraryShape(node, depth + 1);
        return [key, fc.oneof(inner, anyJson)];
      }),
    ),
    { requiredKeys: [] },
  );

const polymorphicRecord = fc
  .tuple(
    arbitraryShape(RECORD),
    fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'annotation', 'newField'), anyJson),
    fc.string(),
  )
  .map(([record, extra, source]) => ({
    ...extra,
    ...record,
    eventVersion: '1.09',
    eventSource: `${source}.amazonaws.com`,
  }));

/** Every leaf of a document under `cloudtrail`, with its dotted path; arrays of scalars are one leaf. */
const leaves = (value: unknown, path: string): Array<[string, unknown]> => {
  if (Array.isArray(value)) {
    return value.some((item) => item !== null && typeof item === 'object')
      ? value.flatMap((item) => leaves(item, path))
      : [[path, value]];
  }
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, child]) => leaves(child, `${path}.${key}`));
  return [[path, value]];
};

const fitsType = (type: FieldType | undefined, value: unknown): boolean => {
  const values = Array.isArray(value) ? value : [value];
  return values.every((item) => {
    switch (type) {
      case 'keyword':
      case 'text':
        return typeof item === 'string' && item !== '';
      case 'boolean':
        return typeof item === 'boolean';
      case 'double':
        return typeof item === 'number' && Number.isFinite(item);
      case 'date':
        return typeof item === 'string' && new Date(item).toISOString() === item;
      default:
        return false;
    }
  });
};

describe('Transformer: cloudtrail, properties', () => {
  it('never throws on any string, and answers ok or invalid', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.string().map((s) => `{"eventVersion":"1.0","eventSource":${s}`),
        ),
        (message) => {
          // Act
          const result = transformMessage(message);

          // Assess
          expect(['ok', 'invalid']).toContain(result.kind);
        },
      ),
    );
  });

  it('writes only declared fields, each with a value of its declared type, whatever the record holds', () => {
    fc.assert(
      fc.property(polymorphicRecord, (record) => {
        // Act
        const result = transformMessage(JSON.stringify(record));

        // Assess
        expect(result.kind).toBe('ok');
        if (result.kind !== 'ok') return;
        for (const [path, value] of leaves(result.docs[0]?.cloudtrail, 'cloudtrail')) {
          expect([path, fitsType(DECLARED.get(path), value)]).toEqual([path, true]);
        }
      }),
    );
  });

  it('loses no top-level value: each is a field, inside a field, or kept in unmapped', () => {
    fc.assert(
      fc.property(polymorphicRecord, (record) => {
        // Act
        const result = transformMessage(JSON.stringify(record));

        // Assess
        if (result.kind !== 'ok') throw new Error('expected ok');
        const cloudtrail = result.docs[0]?.cloudtrail as Record<string, unknown>;
        const unmapped = JSON.parse((cloudtrail.unmapped as string | undefined) ?? '{}') as Record<
          string,
          unknown
        >;
        const unmappedRoots = new Set(Object.keys(unmapped).map((path) => path.split('.')[0]));
        for (const key of Object.keys(record)) {
          const value = record[key as keyof typeof record];
          const empty =
            value === null || value === '' || (typeof value === 'object' && Object.keys(value).length === 0);
          if (empty) continue;
          expect([key, Object.hasOwn(cloudtrail, key) || unmappedRoots.has(key)]).toEqual([key, true]);
        }
      }),
    );
  });

  it('parses eventTime into @timestamp inside the window around the CloudWatch Logs time, else flags it', () => {
    const dayMs = 86_400_000;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.date({
            min: new Date(CWL_TIME - 40 * dayMs),
            max: new Date(CWL_TIME + 3 * dayMs),
            noInvalidDate: true,
          }),
          fc.date({
            min: new Date('1000-01-01T00:00:00Z'),
            max: new Date('9999-12-31T23:59:59Z'),
            noInvalidDate: true,
          }),
        ),
        (date) => {
          // Prepare
          const eventTime = date.toISOString().replace('.000Z', 'Z');
          const ms = date.getTime();
          const expected =
            ms < CWL_TIME - 30 * dayMs
              ? { at: CWL_TIME, reason: 'before_window' }
              : ms > CWL_TIME + dayMs
                ? { at: CWL_TIME, reason: 'after_window' }
                : { at: ms, reason: undefined };

          // Act
          const result = transformMessage(JSON.stringify(ctRecord({ eventTime })));

          // Assess
          if (result.kind !== 'ok') throw new Error('expected ok');
          const doc = result.docs[0] as { '@timestamp': string; cwl?: { time_correction_reason: string } };
          expect(doc['@timestamp']).toBe(new Date(expected.at).toISOString());
          expect(doc.cwl?.time_correction_reason).toBe(expected.reason);
        },
      ),
    );
  });
});
