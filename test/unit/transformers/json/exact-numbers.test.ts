import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { hasLossyNumber, isLossy, parseJsonExact } from '../../../../src/transformers/json/exact-numbers';

/** The exact integer a JSON number text names (`1.5e+3` → 1500n); a fraction never comes up here. */
const integerOf = (text: string): bigint | undefined => {
  const [mantissa = '', exponentText = '0'] = text.split(/e/i);
  const [whole = '', fraction = ''] = mantissa.split('.');
  const exponent = Number(exponentText) - fraction.length;
  const digits = BigInt(whole + fraction);
  return exponent >= 0 ? digits * 10n ** BigInt(exponent) : undefined;
};

describe('Transformer: json, numbers beyond a double', () => {
  it.each([
    ['1e400 (Infinity as a double)', '1e400'],
    ['-1e400', '-1e400'],
    ['2^53+1 (rounded as a double)', '9007199254740993'],
    ['1e-400 (0 as a double)', '1e-400'],
    ['a decimal with 20 significant digits', '3.1415926535897932384'],
  ])('keeps %s as its exact text', (_name, token) => {
    // Act
    const parsed = parseJsonExact(`{"n":${token},"ok":12}`);

    // Assess
    expect(parsed).toEqual({ n: token, ok: 12 });
  });

  it.each([
    ['0.1', 0.1],
    ['9007199254740992', 2 ** 53],
    ['1e20', 1e20],
    ['1.50', 1.5],
    ['-0', -0],
    ['5e-324', 5e-324],
  ])('keeps %s a number (written back, it is the same value)', (token, value) => {
    expect(parseJsonExact(`[${token}]`)).toEqual([value]);
  });

  it('leaves digits inside strings alone, escaped quotes included', () => {
    // Prepare
    const text = '{"id":"12345678901234567890 \\" 1e400","n":12345678901234567890}';

    // Act
    const parsed = parseJsonExact(text);

    // Assess
    expect(parsed).toEqual({ id: '12345678901234567890 " 1e400', n: '12345678901234567890' });
  });

  it('does not make invalid JSON valid by quoting a number', () => {
    expect(() => parseJsonExact('{12345678901234567890:1}')).toThrow(SyntaxError);
    expect(() => parseJsonExact('[01234567890123456789]')).toThrow(SyntaxError);
  });

  it('gives back every double exactly as JSON.parse does', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        // Act
        const parsed = parseJsonExact(JSON.stringify({ value })) as { value: number };

        // Assess
        expect(parsed.value).toBe(JSON.parse(JSON.stringify({ value })).value);
        expect(typeof parsed.value).toBe('number');
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps an integer of any size exact: a number when written back it is the same, else its text', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), (big) => {
        // Prepare: what JSON.stringify would write for the double, read back as an exact integer
        const token = big.toString();
        const exact = integerOf(JSON.stringify(Number(token))) === big;

        // Act
        const parsed = parseJsonExact(`{"n":${token}}`) as { n: unknown };

        // Assess
        expect(parsed.n).toEqual(exact ? Number(token) : token);
        expect(isLossy(token)).toBe(!exact);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('hasLossyNumber', () => {
  const token = fc.stringMatching(/^-?(0|[1-9]\d{0,24})(\.\d{1,20})?([eE][+-]?\d{1,3})?$/);

  it('says a text holds a lossy number exactly when parseJsonExact would keep one as text', () => {
    fc.assert(
      fc.property(token, token, fc.constantFrom('', ' ', '\n  '), (value, inString, space) => {
        // Prepare: the same token as a value and inside a string (where nothing is lost)
        const text = `{"id":"x${inString}e9","n":${space}${value},"list":[${space}${value}]}`;

        // Act
        const says = hasLossyNumber(text);

        // Assess
        expect(says).toBe(!isDeepStrictEqual(parseJsonExact(text), JSON.parse(text)));
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['{"n":9007199254740993}', true],
    ['{"n": 1e400}', true],
    ['{"n":85.4202380952,"id":"6b7c8d9e-0f1a"}', false],
    ['{"id":"9007199254740993"}', false],
  ])('reads %s as %s', (text, expected) => {
    expect(hasLossyNumber(text)).toBe(expected);
  });
});
