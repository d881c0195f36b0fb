import fc from 'fast-check';
import { findJsonObject } from '../../../../src/transformers/json/expand';

describe('Transformer: json, finding the object', () => {
  it('finds a message that is one whole JSON object', () => {
    // Act
    const found = findJsonObject('{"user":"ana","took_ms":12}');

    // Assess
    expect(found).toEqual({ value: { user: 'ana', took_ms: 12 }, prefix: '' });
  });

  it('finds the object after a timestamp and level prefix', () => {
    // Act
    const found = findJsonObject('2024-05-01T10:00:00.118Z INFO {"invoice":"INV-7","amount_cents":1299}');

    // Assess
    expect(found).toEqual({
      value: { invoice: 'INV-7', amount_cents: 1299 },
      prefix: '2024-05-01T10:00:00.118Z INFO ',
    });
  });

  it('looks past braces in the prefix', () => {
    // Act
    const found = findJsonObject('WARN [worker-3 {shard=7}] {"event":"retry","attempt":2}');

    // Assess
    expect(found?.value).toEqual({ event: 'retry', attempt: 2 });
    expect(found?.prefix).toBe('WARN [worker-3 {shard=7}] ');
  });

  it('accepts trailing whitespace and a newline', () => {
    // Act
    const found = findJsonObject('{"a":1} \t\r\n');

    // Assess
    expect(found?.value).toEqual({ a: 1 });
  });

  it('finds an empty object', () => {
    // Act
    const found = findJsonObject('context {}');

    // Assess
    expect(found).toEqual({ value: {}, prefix: 'context ' });
  });

  it.each([
    ['plain text', 'disk almost full on /var'],
    ['text after the object', '{"a":1} and then some'],
    ['a JSON array', '[{"a":1},{"b":2}]'],
    ['an array after a prefix', 'INFO [{"a":1}]'],
    ['a JSON string', '"{\\"a\\":1}"'],
    ['a broken object', 'INFO {"a":1'],
    ['braces that are not JSON', 'processed {count} invoices in {ms}'],
    ['an empty message', ''],
  ])('finds nothing in %s', (_case, message) => {
    // Act
    const found = findJsonObject(message);

    // Assess
    expect(found).toBeUndefined();
  });

  it('finds every JSON object after any prefix without braces', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('{')),
        fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })),
        (prefix, value) => {
          // Prepare
          const message = `${prefix}${JSON.stringify(value)}`;

          // Act
          const found = findJsonObject(message);

          // Assess
          expect(found?.prefix).toBe(prefix);
          expect(JSON.stringify(found?.value)).toBe(JSON.stringify(value));
        },
      ),
    );
  });

  it('never throws, and what it finds is always a plain object', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.string().map((s) => `${s}{"k":${s}}`),
        ),
        (message) => {
          // Act
          const found = findJsonObject(message);

          // Assess
          if (found === undefined) return;
          expect(typeof found.value).toBe('object');
          expect(Array.isArray(found.value)).toBe(false);
          expect(message.startsWith(found.prefix)).toBe(true);
        },
      ),
    );
  });
});
