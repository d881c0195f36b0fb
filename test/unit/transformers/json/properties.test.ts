import fc from 'fast-check';
import type { TransformLimits } from '../../../../src/core';
import { OVERFLOW_KEY, safeKey, sanitizeJson } from '../../../../src/transformers/json/expand';

/** Keys chosen to hurt: prototype names, dots, blanks, the overflow key, near-collisions. */
const key = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'a.b',
    'a_b',
    'a_b_2',
    '',
    '  ',
    '.',
    OVERFLOW_KEY,
    'x',
  ),
  fc.string({ maxLength: 4 }),
);

/** JSON text built by hand, so `__proto__` keys reach JSON.parse exactly as a log line would carry them. */
const jsonText = fc.letrec<{ value: string; object: string; array: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant('null'),
    fc.boolean().map(String),
    fc.integer().map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
    fc.string().map((s) => JSON.stringify(s)),
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
  object: fc
    .array(fc.tuple(key, tie('value')), { maxLength: 5 })
    .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
}));

const inputObject = fc.oneof(
  jsonText.object.map((text) => JSON.parse(text) as Record<string, unknown>),
  fc.dictionary(fc.string(), fc.jsonValue()),
);

const limitsArb = fc.record({
  maxMessageChars: fc.constant(32_768),
  maxJsonDepth: fc.integer({ min: 1, max: 5 }),
  maxJsonFields: fc.integer({ min: 1, max: 12 }),
}) as fc.Arbitrary<TransformLimits>;

const scalarId = (value: unknown): string => `${typeof value}:${JSON.stringify(value)}`;

/** Every scalar and key of a value; with `openStrings`, JSON strings kept by the sanitizer are opened too. */
const inventory = (
  value: unknown,
  openStrings: boolean,
  found = { scalars: new Set<string>(), keys: new Set<string>() },
) => {
  if (Array.isArray(value)) {
    for (const item of value) inventory(item, openStrings, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, child] of Object.entries(value)) {
      found.keys.add(k);
      inventory(child, openStrings, found);
    }
  } else {
    found.scalars.add(scalarId(value));
    if (openStrings && typeof value === 'string' && /^[[{]/.test(value)) {
      try {
        inventory(JSON.parse(value), openStrings, found);
      } catch {
        // An ordinary string that merely starts with a bracket.
      }
    }
  }
  return found;
};

/** Object nesting as OpenSearch maps it: arrays add no level. */
const objectDepth = (value: unknown): number => {
  if (Array.isArray(value)) return Math.max(0, ...value.map(objectDepth));
  if (value === null || typeof value !== 'object') return 0;
  return 1 + Math.max(0, ...Object.values(value).map(objectDepth));
};

/** Leaves written as fields: scalars, scalar arrays (one each) and kept JSON strings; overflow strings and the nulls of object arrays aside. */
const fieldCount = (value: unknown): number => {
  if (Array.isArray(value)) {
    return value.some((item) => item !== null && typeof item === 'object')
      ? value.reduce<number>((sum, item) => sum + (item === null ? 0 : fieldCount(item)), 0)
      : 1;
  }
  if (value === null || typeof value !== 'object') return 1;
  return Object.entries(value).reduce(
    (sum, [k, child]) =>
      sum + (k.startsWith(OVERFLOW_KEY) && typeof child === 'string' ? 0 : fieldCount(child)),
    0,
  );
};

describe('Transformer: json, sanitizing properties', () => {
  it('never throws', () => {
    fc.assert(
      fc.property(inputObject, limitsArb, (value, limits) => {
        // Act
        const act = () => sanitizeJson(value, limits);

        // Assess
        expect(act).not.toThrow();
      }),
    );
  });

  it('loses no value and no key: each is in the output, or inside a JSON string it keeps', () => {
    fc.assert(
      fc.property(inputObject, limitsArb, (value, limits) => {
        // Prepare
        const before = inventory(value, false);

        // Act
        const after = inventory(sanitizeJson(value, limits), true);

        // Assess
        const lostScalars = [...before.scalars].filter((s) => !after.scalars.has(s));
        const afterKeys = [...after.keys];
        const lostKeys = [...before.keys].filter(
          (k) => !after.keys.has(k) && !afterKeys.some((out) => out.startsWith(safeKey(k))),
        );
        expect(lostScalars).toEqual([]);
        expect(lostKeys).toEqual([]);
      }),
    );
  });

  it('never nests objects deeper than the depth cap', () => {
    fc.assert(
      fc.property(inputObject, limitsArb, (value, limits) => {
        // Act
        const safe = sanitizeJson(value, limits);

        // Assess
        expect(objectDepth(safe)).toBeLessThanOrEqual(limits.maxJsonDepth);
      }),
    );
  });

  it('never writes more fields than the field cap, besides the overflow strings', () => {
    fc.assert(
      fc.property(inputObject, limitsArb, (value, limits) => {
        // Act
        const safe = sanitizeJson(value, limits);

        // Assess
        expect(fieldCount(safe)).toBeLessThanOrEqual(limits.maxJsonFields);
      }),
    );
  });

  it('writes no key OpenSearch would split or reject, and no array a mapping cannot hold', () => {
    fc.assert(
      fc.property(inputObject, limitsArb, (value, limits) => {
        // Prepare
        const problems: string[] = [];
        const check = (node: unknown): void => {
          if (Array.isArray(node)) {
            const kinds = new Set(
              node.filter((i) => i !== null).map((i) => (Array.isArray(i) ? 'array' : typeof i)),
            );
            if (kinds.size > 1 || kinds.has('array')) problems.push(`array ${JSON.stringify(node)}`);
            node.forEach(check);
          } else if (node !== null && typeof node === 'object') {
            for (const [k, child] of Object.entries(node)) {
              if (k.includes('.') || k.trim() === '') problems.push(`key ${JSON.stringify(k)}`);
              check(child);
            }
          }
        };

        // Act
        check(sanitizeJson(value, limits));

        // Assess
        expect(problems).toEqual([]);
      }),
    );
  });

  it('pollutes no prototype, whatever the keys', () => {
    fc.assert(
      fc.property(inputObject, limitsArb, (value, limits) => {
        // Act
        const safe = sanitizeJson(value, limits);

        // Assess
        expect(Object.getPrototypeOf(safe)).toBe(Object.prototype);
        expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('x');
        expect(({} as Record<string, unknown>).x).toBeUndefined();
      }),
    );
  });
});
