const CARRIAGE_RETURN = 13;
const SPACE = 32;

/** What {@link forEachKeyValue} made of a line. */
export interface KeyValueCount {
  /** Segments whose visit returned true. */
  readonly read: number;
  /** Segments with something besides blanks that were not read: no `: `, or a visit that returned false. */
  readonly unread: number;
}

/**
 * Visits each `Key: value` segment of a platform line, segments being separated by tabs or line
 * breaks (a REPORT line ends with `\t\n` and may carry an `XRAY TraceId: …` line after it).
 * Segments without `: ` are passed over. The target is handed to `visit` so callers need no
 * closure per line. Returns how many visits returned true, and how many non-blank segments were not
 * read (so a caller knows whether the line is all in its fields).
 *
 * Linear and native: each of the three `indexOf` cursors (tab, line break, `: `) only moves
 * forward, so the text is searched once however many segments it has; no regex, no split.
 *
 * @example
 * ```ts
 * forEachKeyValue('RequestId: 6f1c…\tDuration: 102.25 ms', 0, fields, (target, key, value) => assign(target, key, value));
 * // visits ('RequestId', '6f1c…') then ('Duration', '102.25 ms')
 * ```
 */
export const forEachKeyValue = <T>(
  text: string,
  from: number,
  target: T,
  visit: (target: T, key: string, value: string) => boolean,
): KeyValueCount => {
  const length = text.length;
  let visited = 0;
  let unread = 0;
  let start = from;
  let tab = -1;
  let newline = -1;
  let colon = -1;
  while (start < length) {
    if (tab < start) tab = indexOrEnd(text, '\t', start);
    if (newline < start) newline = indexOrEnd(text, '\n', start);
    const segmentEnd = Math.min(tab, newline);
    let end = segmentEnd;
    if (end > start && text.charCodeAt(end - 1) === CARRIAGE_RETURN) end--;
    if (colon < start) colon = indexOrEnd(text, ': ', start);
    // The first `: ` of a segment ends its key; later ones belong to the value (ARNs, messages).
    if (
      colon > start &&
      colon < end &&
      visit(target, text.slice(start, colon), trimEnd(text, colon + 2, end))
    )
      visited++;
    else if (!isBlank(text, start, end)) unread++;
    start = segmentEnd + 1;
  }
  return { read: visited, unread };
};

/** Only spaces, tabs and line breaks in `text[from, to)`. */
export const isBlank = (text: string, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code !== SPACE && code !== 9 && code !== 10 && code !== CARRIAGE_RETURN) return false;
  }
  return true;
};

const indexOrEnd = (text: string, search: string, from: number): number => {
  const at = text.indexOf(search, from);
  return at < 0 ? text.length : at;
};

/** `text[from, to)` without trailing spaces (tabs and line breaks already end the segment). */
const trimEnd = (text: string, from: number, to: number): string => {
  let end = to;
  while (end > from && text.charCodeAt(end - 1) === SPACE) end--;
  return text.slice(from, end);
};

/**
 * The number at the head of a value such as `102.25 ms`: finite and not negative, else undefined.
 *
 * @example
 * ```ts
 * leadingNumber('102.25 ms'); // 102.25
 * ```
 */
export const leadingNumber = (value: string): number | undefined => {
  const fast = plainDecimal(value);
  if (fast !== undefined) return fast;
  const space = value.indexOf(' ');
  const token = space < 0 ? value : value.slice(0, space);
  if (token === '') return undefined;
  const number = Number(token);
  return Number.isFinite(number) && number >= 0 ? number : undefined;
};

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The common `102.25 ms` without slicing or `Number`: digits, an optional fraction, then a space
 * or the end. The result is exact: an integer below 2^53 divided by an exactly representable
 * power of ten rounds once, as `Number('102.25')` does. Anything else (exponents, long mantissas)
 * is left to `Number`.
 */
const plainDecimal = (value: string): number | undefined => {
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  let i = 0;
  for (; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      mantissa = mantissa * 10 + (code - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (code === 46 && fraction < 0) {
      fraction = 0;
    } else if (code === SPACE) {
      break;
    } else {
      return undefined;
    }
  }
  if (digits === 0 || digits > 15 || fraction === 0) return undefined;
  return fraction > 0 ? mantissa / (POWERS_OF_TEN[fraction] as number) : mantissa;
};

/**
 * A whole number of MB or bytes (`128 MB`), as a long field needs it; undefined otherwise.
 *
 * @example
 * ```ts
 * leadingInteger('128 MB'); // 128
 * ```
 */
export const leadingInteger = (value: string): number | undefined => {
  const number = leadingNumber(value);
  return number !== undefined && Number.isSafeInteger(number) ? number : undefined;
};
