import { digitsAt as digits } from '../common';
import { stringifyJson } from '../json/stringify';

/**
 * Readers that turn one CloudTrail value into the single type its field is mapped as. CloudTrail's
 * own types drift (`readOnly` is a boolean in new events and a string in old ones, `mfaAuthenticated`
 * is always a string); a value that fits no reading is left out here and kept by the caller.
 */

/** Longest JSON a keyword field takes when an object arrives where a string was expected. */
export const MAX_KEYWORD_JSON_CHARS = 1024;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * A keyword: strings as they are (empty means absent), numbers and booleans as their text. An object
 * or array is written as its JSON when short, so it can never clash with the keyword mapping.
 *
 * @example
 * ```ts
 * keyword(123456789012); // '123456789012'
 * keyword({ a: 1 }); // '{"a":1}'
 * ```
 */
export const keyword = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || typeof value !== 'object') return undefined;
  const json = stringifyJson(value);
  return json.length <= MAX_KEYWORD_JSON_CHARS ? json : undefined;
};

/**
 * Free text: strings as they are, anything else as its JSON.
 *
 * @example
 * ```ts
 * text('Failed authentication'); // 'Failed authentication'
 * ```
 */
export const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? (value === '' ? undefined : value) : jsonText(value);

/**
 * A boolean from a boolean or from the strings `true` / `false` (any case).
 *
 * @example
 * ```ts
 * flag('false'); // false
 * flag('yes'); // undefined
 * ```
 */
export const flag = (value: unknown): boolean | undefined => {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const lower = value.trim().toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
};

/**
 * A finite number, from a number or a numeric string (`"85.42"`); anything else is left out.
 *
 * @example
 * ```ts
 * number('85.42'); // 85.42
 * number('n/a'); // undefined
 * ```
 */
export const number = (value: unknown): number | undefined => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
};

/**
 * A per-API object kept whole as one JSON string (null or empty means absent).
 *
 * @example
 * ```ts
 * jsonText({ bucketName: 'logs' }); // '{"bucketName":"logs"}'
 * ```
 */
export const jsonText = (value: unknown): string | undefined => {
  if (value === null || value === undefined || value === '') return undefined;
  return typeof value === 'string' ? value : stringifyJson(value);
};

/**
 * An ISO-8601 date as OpenSearch's default date format reads it (`2024-05-01T12:00:00.000Z`).
 *
 * @example
 * ```ts
 * isoDate('2024-05-01T12:00:00Z'); // '2024-05-01T12:00:00.000Z'
 * ```
 */
export const isoDate = (value: unknown): string | undefined => {
  // CloudTrail's own form is already that text, but for the milliseconds: no date is built for it.
  if (typeof value === 'string' && canonicalMillis(value) !== undefined)
    return value.length === 24 ? value : `${value.slice(0, 19)}.000Z`;
  const ms = parseIsoMillis(value);
  return ms === undefined ? undefined : new Date(ms).toISOString();
};

// CloudTrail writes `2024-05-01T12:00:00Z`; fractions and offsets are accepted, a missing zone is UTC
// (never the machine's local time), and impossible dates such as 2024-02-30 are refused.
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Milliseconds since the epoch for an ISO-8601 date-time string, or undefined.
 *
 * @example
 * ```ts
 * parseIsoMillis('2024-05-01T12:00:00Z'); // 1714564800000
 * ```
 */
export const parseIsoMillis = (value: unknown): number | undefined => {
  if (typeof value !== 'string') return undefined;
  const canonical = canonicalMillis(value);
  if (canonical !== undefined) return canonical;
  const match = ISO_TIME.exec(value.trim());
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = match;
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  const calendar = new Date(Date.UTC(y, m - 1, d));
  if (calendar.getUTCFullYear() !== y || calendar.getUTCMonth() !== m - 1 || calendar.getUTCDate() !== d)
    return undefined;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(
    `${year}-${month}-${day}T${hour}:${minute}:${second}${fraction.slice(0, 4).padEnd(fraction ? 4 : 0, '0')}${offset}`,
  );
  return Number.isFinite(ms) ? ms : undefined;
};

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The instant of a time written exactly as CloudTrail writes it, `2024-05-01T12:00:00Z` (or with `.mmm`
 * before the `Z`), read digit by digit: every record has one or more, and the general parse (a regular
 * expression, a date built to check the calendar, a string rebuilt for `Date.parse`) cost more than the
 * rest of the record's fields together. Undefined for anything else, which the general parse then reads
 * (or refuses) as before; a year below 1000 goes there too, where `Date.UTC` would read 0050 as 1950.
 */
const canonicalMillis = (value: string): number | undefined => {
  const length = value.length;
  if ((length !== 20 && length !== 24) || value.charCodeAt(length - 1) !== 0x5a /* Z */) return undefined;
  if (
    value.charCodeAt(4) !== 0x2d ||
    value.charCodeAt(7) !== 0x2d ||
    value.charCodeAt(10) !== 0x54 ||
    value.charCodeAt(13) !== 0x3a ||
    value.charCodeAt(16) !== 0x3a
  )
    return undefined;
  if (length === 24 && value.charCodeAt(19) !== 0x2e) return undefined;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  const hour = digits(value, 11, 2);
  const minute = digits(value, 14, 2);
  const second = digits(value, 17, 2);
  const millis = length === 24 ? digits(value, 20, 3) : 0;
  // A field that is not all digits reads as -1 and fails its range.
  if (year < 1000 || month < 1 || month > 12 || day < 1 || millis < 0) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (DAYS_IN_MONTH[month - 1] as number) + (leap ? 1 : 0)) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
};
