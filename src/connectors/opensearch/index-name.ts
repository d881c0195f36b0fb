import { OPENSEARCH_DEFAULTS } from './config';

/** OpenSearch refuses index names longer than this many UTF-8 bytes. */
export const MAX_INDEX_NAME_BYTES = 255;

// OpenSearch's forbidden characters (\ / * ? " < > | , # and space), ':' (the cross-cluster separator),
// plus every whitespace and control character, which no index name should carry.
const FORBIDDEN = /[\\/*?"<>|,#:\s\p{Cc}\p{Cf}\p{Cs}]/gu;
// Of ASCII only lowercase letters, digits, '.', '_', '-' and '+' are kept (uppercase is lowered first);
// beyond ASCII, anything but separators and control, format and surrogate characters. OpenSearch would take
// more ASCII ($ ; & ' ( ) ` and others), but a name that reaches a URL, a log line or a shell someone pastes
// it into is safer without them, and no cwlpipe name needs them.
const DISALLOWED = /[!"#$%&'()*,/:;<=>?@[\\\]^`{|}~\p{Z}\p{Cc}\p{Cf}\p{Cs}]/gu;
const LEADING_FORBIDDEN = /^[-_+]+/;

/**
 * Turns any string into a legal OpenSearch index name (or part of one): lowercase, of ASCII only letters,
 * digits, `.`, `_`, `-` and `+` kept, no leading `-`, `_` or `+`, not `.` or `..`, at most 255 UTF-8 bytes. An input with nothing
 * usable left becomes `fallback`.
 *
 * @example
 * ```ts
 * sanitizeIndexName('My App/Logs#1'); // 'myapplogs1'
 * sanitizeIndexName('_..'); // 'unnamed' (a leading '_' is dropped, '..' is not a name)
 * ```
 */
export const sanitizeIndexName = (raw: string, fallback = 'unnamed'): string => {
  const cleaned = truncateUtf8(
    raw.normalize('NFC').toLowerCase().replace(DISALLOWED, '').replace(LEADING_FORBIDDEN, ''),
    MAX_INDEX_NAME_BYTES,
  );
  // Lowercasing can lengthen a string (İ → i̇), so truncation comes after it and is checked again here.
  if (cleaned === '' || cleaned === '.' || cleaned === '..' || !isLegalIndexName(cleaned)) return fallback;
  return cleaned;
};

/**
 * Whether OpenSearch accepts `name` as an index name (the rules `sanitizeIndexName` enforces).
 *
 * @example
 * ```ts
 * isLegalIndexName('cwl-vpcflow-2024.05.01'); // true
 * isLegalIndexName('_cwl'); // false
 * ```
 */
export const isLegalIndexName = (name: string): boolean =>
  name !== '' &&
  name !== '.' &&
  name !== '..' &&
  name === name.toLowerCase() &&
  !new RegExp(FORBIDDEN.source, 'u').test(name) &&
  !new RegExp(DISALLOWED.source, 'u').test(name) &&
  !/^[-_+]/.test(name) &&
  Buffer.byteLength(name, 'utf8') <= MAX_INDEX_NAME_BYTES;

/**
 * The UTC day of a time as `yyyy.MM.dd`, or undefined when the time is not a valid date or its year
 * does not have four digits (such a "day" would make a nonsense index).
 *
 * @example
 * ```ts
 * utcDay('2024-05-01T23:59:59.999-01:00'); // '2024.05.02'
 * ```
 */
export const utcDay = (time: string | number | Date): string | undefined => {
  const date = time instanceof Date ? time : new Date(time);
  const ms = date.getTime();
  if (Number.isNaN(ms)) return undefined;
  const year = date.getUTCFullYear();
  if (year < 1000 || year > 9999) return undefined;
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${year}.${pad(date.getUTCMonth() + 1)}.${pad(date.getUTCDate())}`;
};

export interface IndexNameOptions {
  /** First word of the name (default `cwl`). */
  readonly prefix?: string;
  /** Used when the event's time is not a valid date: the day of this time (default: now). */
  readonly fallbackTime?: string | number | Date;
}

/**
 * The daily index of a document: `cwl-<type>-<yyyy.MM.dd>` by the event's own UTC day. An event whose
 * time cannot be read goes to the index of the fallback day (today) rather than being refused.
 *
 * @example
 * ```ts
 * indexNameFor('vpcflow', '2024-05-01T12:00:00Z'); // 'cwl-vpcflow-2024.05.01'
 * ```
 */
export const indexNameFor = (
  type: string,
  timestamp: string | number | Date,
  options: IndexNameOptions = {},
): string => {
  const day = utcDay(timestamp) ?? utcDay(options.fallbackTime ?? Date.now()) ?? '1970.01.01';
  const prefix = headOf(options.prefix);
  const kind = sanitizeIndexName(type, 'unknown').replace(/^\.+/, '') || 'unknown';
  // Keep the day whole when a long type forces truncation: the day is what ISM and searches rely on.
  const room = MAX_INDEX_NAME_BYTES - Buffer.byteLength(`${prefix}--${day}`, 'utf8');
  return `${prefix}-${truncateUtf8(kind, Math.max(1, room))}-${day}`;
};

/**
 * The daily dead-letter index: `cwl-deadletter-<yyyy.MM.dd>` by the UTC day the letter was written.
 *
 * @example
 * ```ts
 * deadLetterIndexFor(new Date('2024-05-01T08:00:00Z')); // 'cwl-deadletter-2024.05.01'
 * ```
 */
export const deadLetterIndexFor = (
  date: string | number | Date = new Date(),
  options: Pick<IndexNameOptions, 'prefix'> = {},
): string => indexNameFor('deadletter', date, { ...options, fallbackTime: Date.now() });

/**
 * The wildcard pattern covering every daily index of one type, as index templates and searches use it.
 *
 * @example
 * ```ts
 * indexPatternFor('lambda'); // 'cwl-lambda-*'
 * ```
 */
export const indexPatternFor = (type: string, prefix: string = OPENSEARCH_DEFAULTS.indexPrefix): string => {
  const head = headOf(prefix);
  // The pattern matches names of at most 255 bytes, so it is cut as indexNameFor cuts the type.
  const room = MAX_INDEX_NAME_BYTES - Buffer.byteLength(`${head}--*`, 'utf8');
  return `${head}-${truncateUtf8(sanitizeIndexName(type, 'unknown'), Math.max(1, room))}-*`;
};

// The configured prefix is at most 64 characters; one given here directly is cut to 128 bytes so that the
// type and day always fit (a name over 255 bytes is refused by the cluster, and would fail every document).
const MAX_PREFIX_BYTES = 128;
const headOf = (prefix: string = OPENSEARCH_DEFAULTS.indexPrefix): string =>
  truncateUtf8(sanitizeIndexName(prefix, OPENSEARCH_DEFAULTS.indexPrefix), MAX_PREFIX_BYTES);

/** Cuts a string to at most `maxBytes` UTF-8 bytes without splitting a character. */
export const truncateUtf8 = (value: string, maxBytes: number): string => {
  if (Buffer.byteLength(value, 'utf8') <= maxBytes) return value;
  let bytes = 0;
  let end = 0;
  for (const char of value) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return value.slice(0, end);
};
