import fc from 'fast-check';
import { isLossy, parseJsonExact } from '../../../../src/transformers/json/exact-numbers';

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
