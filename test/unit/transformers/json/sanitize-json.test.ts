import type { TransformLimits } from '../../../../src/core';
import { OVERFLOW_KEY, safeKey, sanitizeJson } from '../../../../src/transformers/json/expand';

const limits = (overrides: Partial<TransformLimits> = {}): TransformLimits => ({
  maxMessageChars: 32_768,
  maxJsonDepth: 10,
  maxJsonFields: 500,
  ...overrides,
});

describe('Transformer: json, making JSON safe to index', () => {
  it('keeps ordinary JSON as it is', () => {
    // Prepare
    const value = { user: 'ana', took_ms: 12, ok: true, tags: ['a', 'b'], req: { method: 'GET' }, err: null };

    // Act
    const safe = sanitizeJson(value, limits());

    // Assess
    expect(safe).toEqual(value);
  });

  it('shares no object with its input and leaves the input untouched', () => {
    // Prepare
    const value = { req: { headers: { host: 'api' } }, tags: ['a'] };
    const before = JSON.stringify(value);

    // Act
    const safe = sanitizeJson(value, limits()) as { req: object; tags: unknown[] };

    // Assess
    expect(safe.req).not.toBe(value.req);
    expect(safe.tags).not.toBe(value.tags);
    expect(JSON.stringify(value)).toBe(before);
  });

  it('keeps __proto__, constructor and prototype as own data and pollutes no prototype', () => {
    // Prepare
    const value = JSON.parse(
      '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}}',
    ) as Record<string, unknown>;

    // Act
    const safe = sanitizeJson(value, limits());

    // Assess
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(safe)).toBe(Object.prototype);
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.getOwnPropertyDescriptor(safe, '__proto__')?.value).toEqual({ polluted: 'yes' });
    expect(Object.keys(safe)).toEqual(['__proto__', 'constructor', 'prototype']);
    expect(JSON.stringify(safe)).toBe(
      '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}}',
    );
  });

  it('turns dots into underscores, since OpenSearch would split the name', () => {
    // Act
    const safe = sanitizeJson({ 'http.status': 404, 'a.b.c': 'x' }, limits());

    // Assess
    expect(safe).toEqual({ http_status: 404, a_b_c: 'x' });
  });

  it('gives a rewritten key that collides with another a suffix, losing neither value', () => {
    // Act
    const safe = sanitizeJson(
      { 'http.status': 404, http_status: 'Not Found', 'http.status_2': 'x' },
      limits(),
    );

    // Assess
    expect(safe).toEqual({ http_status: 404, http_status_2: 'Not Found', http_status_2_2: 'x' });
  });

  it.each([
    ['', '_blank0'],
    ['   ', '_blank3'],
    ['.', '_'],
    ['user', 'user'],
  ])('names the key %p %p', (key, expected) => {
    // Act
    const safe = safeKey(key);

    // Assess
    expect(safe).toBe(expected);
  });

  it('keeps objects nested deeper than the cap as JSON strings', () => {
    // Prepare
    const value = { a: { b: { c: { d: 1 } } }, list: [{ x: { y: { z: 2 } } }] };

    // Act
    const safe = sanitizeJson(value, limits({ maxJsonDepth: 3 }));

    // Assess
    expect(safe).toEqual({ a: { b: { c: '{"d":1}' } }, list: [{ x: { y: '{"z":2}' } }] });
  });

  it('keeps an array of objects beyond the cap as one JSON string', () => {
    // Act
    const safe = sanitizeJson({ a: { items: [{ id: 1 }, { id: 2 }] } }, limits({ maxJsonDepth: 2 }));

    // Assess
    expect(safe).toEqual({ a: { items: '[{"id":1},{"id":2}]' } });
  });

  it('keeps the keys beyond the field cap together as one JSON string', () => {
    // Prepare
    const value = { a: 1, b: 2, nested: { c: 3, d: 4 }, e: 5 };

    // Act
    const safe = sanitizeJson(value, limits({ maxJsonFields: 3 }));

    // Assess
    expect(safe).toEqual({
      a: 1,
      b: 2,
      nested: { c: 3, [OVERFLOW_KEY]: '{"d":4}' },
      [OVERFLOW_KEY]: '{"e":5}',
    });
  });

  it('does not overwrite a key of the input named like the overflow key', () => {
    // Act
    const safe = sanitizeJson({ [OVERFLOW_KEY]: 'mine', b: 2 }, limits({ maxJsonFields: 1 }));

    // Assess
    expect(safe).toEqual({ [OVERFLOW_KEY]: 'mine', [`${OVERFLOW_KEY}_2`]: '{"b":2}' });
  });

  it('counts an array of scalars as one field however long it is', () => {
    // Prepare
    const ids = Array.from({ length: 1000 }, (_, i) => i);

    // Act
    const safe = sanitizeJson({ ids, after: 'kept' }, limits({ maxJsonFields: 2 }));

    // Assess
    expect(safe).toEqual({ ids, after: 'kept' });
  });

  it.each([
    ['objects mixed with scalars', [{ a: 1 }, 'x']],
    ['nested arrays', [[1, 2], [3]]],
    ['numbers mixed with strings', [1, 'replica-2', null]],
    ['booleans mixed with numbers', [true, 0]],
  ])('keeps an array of %s as a JSON string', (_case, list) => {
    // Act
    const safe = sanitizeJson({ list }, limits());

    // Assess
    expect(safe).toEqual({ list: JSON.stringify(list) });
  });

  it('keeps arrays of one scalar type, nulls included, as arrays', () => {
    // Prepare
    const value = { ints: [1, 2.5, -3], names: ['a', null, 'b'], empty: [], objects: [{ a: 1 }, null] };

    // Act
    const safe = sanitizeJson(value, limits());

    // Assess
    expect(safe).toEqual(value);
  });

  it('keeps a subtree tens of thousands of levels deep, which JSON.stringify alone cannot write', () => {
    // Prepare
    const depth = 20_000;
    const value = JSON.parse(`{"root":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`) as Record<
      string,
      unknown
    >;

    // Act
    const safe = sanitizeJson(value, limits({ maxJsonDepth: 1 }));

    // Assess
    const root = safe.root as string;
    expect(typeof root).toBe('string');
    expect(root.length).toBe(depth * 6 + 1);
    expect(root.startsWith('{"a":{"a":')).toBe(true);
  });

  it('resolves tens of thousands of keys that collide after renaming in linear time', () => {
    // Prepare: `k.k.k…` with dots and underscores mixed all rename to the same `k_k_k…`; the suffixes
    // `_2`, `_3`… were once found by a linear search per key, 4.4 s for 8,192 such keys.
    const bits = 14;
    const count = 1 << bits;
    const value: Record<string, number> = {};
    for (let i = 0; i < count; i++) {
      let key = 'k';
      for (let b = 0; b < bits; b++) key += `${(i >> b) & 1 ? '.' : '_'}k`;
      value[key] = i;
    }

    // Act
    const started = performance.now();
    const safe = sanitizeJson(value, limits({ maxJsonFields: count + 1 }));
    const elapsed = performance.now() - started;

    // Assess: every value kept under its own name, well within a budget quadratic cost could never meet.
    expect(Object.keys(safe)).toHaveLength(count);
    expect(new Set(Object.values(safe)).size).toBe(count);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('counts empty objects against the field cap', () => {
    // Prepare
    const value: Record<string, unknown> = {};
    for (let i = 0; i < 1_000; i++) value[`e${i}`] = {};

    // Act
    const safe = sanitizeJson(value, limits({ maxJsonFields: 10 }));

    // Assess: ten empty objects, the rest kept together as one string.
    expect(Object.keys(safe)).toHaveLength(11);
    expect(safe.e9).toEqual({});
    expect(typeof safe[OVERFLOW_KEY]).toBe('string');
    expect(Object.keys(JSON.parse(safe[OVERFLOW_KEY] as string))).toHaveLength(990);
  });
});
