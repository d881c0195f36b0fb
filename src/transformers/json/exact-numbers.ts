/**
 * `JSON.parse` that never loses a number: a number a double cannot hold exactly (`1e400` would become
 * Infinity and then null, `9007199254740993` would become …992, `1e-400` would become 0) is kept as its
 * original text, a string. Every other number stays a number. Cost is one linear scan, and only for texts
 * that hold a run of 16 digits or a digit followed by an exponent (no shorter number can lose precision).
 *
 * @example
 * ```ts
 * parseJsonExact('{"big":9007199254740993,"n":1.5,"huge":1e400}'); // { big: '9007199254740993', n: 1.5, huge: '1e400' }
 * ```
 */
export const parseJsonExact = (text: string): unknown => {
  if (!MAY_LOSE_PRECISION.test(text)) return JSON.parse(text);
  const quoted = quoteLossyNumbers(text);
  if (quoted === text) return JSON.parse(text);
  // Quoting must not make invalid JSON valid (`{12345678901234567890:1}`): the original is checked too.
  JSON.parse(text);
  return JSON.parse(quoted);
};

/**
 * Whether a JSON text holds a number `JSON.parse` would not keep exactly (outside strings): what
 * {@link parseJsonExact} keeps as text, for readers that use plain `JSON.parse` and must know they lost
 * something. One regular-expression test for almost every text.
 *
 * @example
 * ```ts
 * hasLossyNumber('{"size":9007199254740993}'); // true
 * hasLossyNumber('{"size":840,"id":"9007199254740993"}'); // false: inside a string
 * ```
 */
export const hasLossyNumber = (text: string): boolean =>
  MAY_BE_LOSSY_TOKEN.test(text) && quoteLossyNumbers(text) !== text;

// As MAY_LOSE_PRECISION, but only where a JSON value can start: ids with `9e` in them (most CloudTrail
// records) do not set off the exact scan.
const MAY_BE_LOSSY_TOKEN = /[:,[]\s*-?(?:\d{16}|[\d.]{17}|[\d.]*\d[eE])/;

// Up to 15 significant digits without an exponent always round-trip through a double.
const MAY_LOSE_PRECISION = /\d{16}|[\d.]{17}|\d[eE]/;
// JSON's own number grammar, so `0123` is read as `0` and stays as invalid as it was.
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The text with every lossy number token outside strings wrapped in quotes; anything else untouched. */
const quoteLossyNumbers = (text: string): string => {
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      i = stringEnd(text, i);
      continue;
    }
    if (code === 0x2d /* - */ || (code >= 0x30 && code <= 0x39)) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (match === null) {
        i++;
        continue;
      }
      const token = match[0];
      if (isLossy(token)) {
        out += `${text.slice(copied, i)}"${token}"`;
        copied = i + token.length;
      }
      i += token.length;
      continue;
    }
    i++;
  }
  return copied === 0 ? text : out + text.slice(copied);
};

/** Index just past the string that opens at `start` (or the end of the text when it never closes). */
const stringEnd = (text: string, start: number): number => {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === BACKSLASH) i++;
    else if (code === QUOTE) return i + 1;
  }
  return text.length;
};

/**
 * Whether a JSON number token names a value the double it parses to does not hold exactly, judged by
 * comparing the token's decimal value with the double's shortest decimal form.
 *
 * @example
 * ```ts
 * isLossy('9007199254740993'); // true
 * isLossy('0.1'); // false: 0.1 is what every reader of the JSON means, and it round-trips
 * ```
 */
export const isLossy = (token: string): boolean => {
  const value = Number(token);
  if (!Number.isFinite(value)) return true;
  return decimalValue(token) !== decimalValue(String(value));
};

/** A canonical form of a decimal text: `<digits>e<exponent>` without leading or trailing zeros. */
const decimalValue = (text: string): string => {
  const negative = text.startsWith('-');
  const unsigned = negative ? text.slice(1) : text;
  const e = unsigned.search(/[eE]/);
  const mantissa = e < 0 ? unsigned : unsigned.slice(0, e);
  let exponent = e < 0 ? 0 : Number(unsigned.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const fraction = dot < 0 ? '' : mantissa.slice(dot + 1);
  let digits = (dot < 0 ? mantissa : mantissa.slice(0, dot)) + fraction;
  exponent -= fraction.length;
  digits = digits.replace(/^0+/, '');
  if (digits === '') return '0';
  const trimmed = digits.replace(/0+$/, '');
  exponent += digits.length - trimmed.length;
  return `${negative ? '-' : ''}${trimmed}e${exponent}`;
};
