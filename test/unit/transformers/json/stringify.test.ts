import fc from 'fast-check';
import { stringifyJson } from '../../../../src/transformers/json/stringify';

describe('Transformer: json, stringifying without a stack limit', () => {
  it('writes what JSON.stringify writes for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // Act
        const text = stringifyJson(value);

        // Assess
        expect(text).toBe(JSON.stringify(value));
      }),
    );
  });

  it('writes nesting too deep for JSON.stringify, as JSON that parses back', () => {
    // Prepare
    const depth = 30_000;
    const source = `${'{"a":['.repeat(depth)}"leaf",{"__proto__":null}${']}'.repeat(depth)}`;
    const value: unknown = JSON.parse(source);
    expect(() => JSON.stringify(value)).toThrow(RangeError);

    // Act
    const text = stringifyJson(value);

    // Assess
    expect(text).toBe(source);
  });
});
