const TAB = 9;
const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const COLON = 58;

/**
 * Visits each `Key: value` segment of a platform line, segments being separated by tabs or line
 * breaks (a REPORT line ends with `\t\n` and may carry an `XRAY TraceId: …` line after it). One
 * pass over the characters, no regex, no split. Segments without `: ` are passed over.
 *
 * @example
 * ```ts
 * forEachKeyValue('RequestId: 6f1c…\tDuration: 102.25 ms', 0, (key, value) => console.log(key, value));
 * // RequestId 6f1c…   then   Duration 102.25 ms
 * ```
 */
export const forEachKeyValue = (
  text: string,
  from: number,
  visit: (key: string, value: string) => void,
): void => {
  let start = from;
  let colon = -1;
  const length = text.length;
  for (let i = from; i <= length; i++) {
    const code = i < length ? text.charCodeAt(i) : TAB;
    if (code === COLON) {
      // The first `: ` of a segment ends its key; later ones belong to the value (ARNs, messages).
      if (colon < 0 && text.charCodeAt(i + 1) === SPACE) colon = i;
      continue;
    }
    if (code !== TAB && code !== NEWLINE && code !== CARRIAGE_RETURN) continue;
    if (colon > start) visit(text.slice(start, colon), text.slice(colon + 2, i).trim());
    start = i + 1;
    colon = -1;
  }
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
  const space = value.indexOf(' ');
  const token = space < 0 ? value : value.slice(0, space);
  if (token === '') return undefined;
  const number = Number(token);
  return Number.isFinite(number) && number >= 0 ? number : undefined;
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
