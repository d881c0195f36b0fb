import {
  type DocBody,
  type FieldSpec,
  type LogEvent,
  type LogSource,
  type LogType,
  type TransformContext,
  TransformError,
  type TransformResult,
} from '../core';

/** Marker appended to a `@message` that was cut to the configured size. */
export const TRUNCATION_MARKER = '…[truncated]';

export const DEFAULT_LIMITS = {
  maxMessageChars: 32_768,
  maxJsonDepth: 10,
  maxJsonFields: 500,
  maxEventAgeDays: 30,
} as const;

/**
 * The common fields every document carries (DESIGN.md "Documents"). `@message` is written unless
 * `keepMessage` is false (see {@link keepsMessage}).
 *
 * @example
 * ```ts
 * const doc = baseDoc('text', event, source, context); // { '@timestamp': …, '@id': event.id, '@message': …, … }
 * const record = baseDoc('vpcflow', event, source, context, startMs, keepsMessage(true, context)); // no '@message'
 * ```
 */
export const baseDoc = (
  type: LogType,
  event: LogEvent,
  source: LogSource,
  context: TransformContext,
  contentTimeMs?: number,
  keepMessage = true,
): DocBody => {
  const time = eventTime(contentTimeMs, event.timestamp, context);
  // Two literals rather than a delete: a deleted property would turn every such document into a slow
  // dictionary-mode object.
  const doc: DocBody = keepMessage
    ? {
        '@timestamp': time.iso,
        '@ingested': context.ingestedAt,
        '@id': event.id,
        '@type': type,
        '@message': capMessage(event.message, context.limits.maxMessageChars),
        aws: awsFieldsOf(source),
      }
    : {
        '@timestamp': time.iso,
        '@ingested': context.ingestedAt,
        '@id': event.id,
        '@type': type,
        aws: awsFieldsOf(source),
      };
  if (time.correction !== undefined)
    doc.cwl = { time_corrected: true, time_correction_reason: time.correction };
  return doc;
};

/**
 * Whether a document keeps `@message`: always where the line was not read whole (the raw line is then the
 * only place some of it lives), and where every part became a field only when the log group sets
 * `preserveOriginal`. A VPC record, a CloudTrail record or a Lambda platform line stored twice (raw and as
 * fields) costs about twice the disk for nothing a query needs.
 *
 * @example
 * ```ts
 * keepsMessage(true, context); // false, unless context.preserveOriginal
 * keepsMessage(false, context); // true: something of the line is nowhere else
 * ```
 */
export const keepsMessage = (readWhole: boolean, context: TransformContext): boolean =>
  !readWhole || context.preserveOriginal === true;

/**
 * Why a document's `@timestamp` is not the time its content states:
 * - `unreadable`: the content names a time that is no date (`eventTime: "2024-05-01 25:61"`, a VPC `start`
 *   beyond ±8.64e15 ms);
 * - `before_window`: more than `maxEventAgeDays` before the CloudWatch Logs event timestamp (a VPC `start`
 *   of 0, a CloudTrail `eventTime` in the year 1000);
 * - `after_window`: more than a day after it;
 * - `cwl_timestamp_invalid`: the CloudWatch Logs timestamp itself is no date of years 1000–9999 (only a
 *   forged envelope carries one: CloudWatch Logs refuses events over 14 days old or 2 hours ahead), so the
 *   processing time stands in.
 */
export type TimeCorrection = 'unreadable' | 'before_window' | 'after_window' | 'cwl_timestamp_invalid';

/** A content time more than this far ahead of the CloudWatch Logs timestamp is not believed. */
export const MAX_EVENT_AHEAD_MS = 86_400_000;

// Years 1000–9999: what OpenSearch's date format and a daily index name (yyyy.MM.dd) can both hold.
const MIN_SANE_MS = Date.UTC(1000, 0, 1);
const MAX_SANE_MS = Date.UTC(10000, 0, 1) - 1;

/**
 * The `@timestamp` of an event: its content's own time when that lies in a window around the CloudWatch
 * Logs event timestamp (at most `maxEventAgeDays` before it, at most a day after), else the CloudWatch Logs
 * timestamp, with the reason. The window keeps one record from routing its documents to thousands of
 * daily indices (one per content day) and keeps a time that is no date from becoming 1970-01-01; the
 * content time itself stays in its own field (`vpc.start`, `cloudtrail.eventTime`).
 *
 * @example
 * ```ts
 * eventTime(0, 1714564800000, context); // { iso: '2024-05-01T12:00:00.000Z', correction: 'before_window' }
 * eventTime(1714564790000, 1714564800000, context); // { iso: '2024-05-01T11:59:50.000Z' }
 * ```
 */
export const eventTime = (
  contentTimeMs: number | undefined,
  cwlTimeMs: number,
  context: TransformContext,
): { iso: string; correction?: TimeCorrection } => {
  if (!(cwlTimeMs >= MIN_SANE_MS && cwlTimeMs <= MAX_SANE_MS))
    return { iso: context.ingestedAt, correction: 'cwl_timestamp_invalid' };
  // The CloudWatch Logs time is written out only when it is the one used: a VPC record's own `start` is.
  if (contentTimeMs === undefined || contentTimeMs === cwlTimeMs)
    return { iso: isoTime(cwlTimeMs) as string };
  if (!(Math.abs(contentTimeMs) <= MAX_EPOCH_MS))
    return { iso: isoTime(cwlTimeMs) as string, correction: 'unreadable' };
  const maxAgeMs = (context.limits.maxEventAgeDays ?? DEFAULT_LIMITS.maxEventAgeDays) * DAY_MS;
  if (contentTimeMs < cwlTimeMs - maxAgeMs)
    return { iso: isoTime(cwlTimeMs) as string, correction: 'before_window' };
  if (contentTimeMs > cwlTimeMs + MAX_EVENT_AHEAD_MS)
    return { iso: isoTime(cwlTimeMs) as string, correction: 'after_window' };
  return { iso: isoTime(contentTimeMs) as string };
};

// Every event of an envelope carries the same three fields: one frozen object serves them all.
let lastSource: LogSource | undefined;
let lastAws: DocBody['aws'] = Object.freeze({ log_group: '', log_stream: '', owner: '' });

const awsFieldsOf = (source: LogSource): DocBody['aws'] => {
  if (source !== lastSource) {
    const aws: DocBody['aws'] = {
      log_group: source.logGroup,
      log_stream: source.logStream,
      owner: source.owner,
    };
    // Only a string: the envelope is untrusted JSON, and this lands in a keyword field.
    if (typeof source.policyLevel === 'string' && source.policyLevel !== '')
      aws.policy_level = source.policyLevel;
    lastAws = Object.freeze(aws);
    lastSource = source;
  }
  return lastAws;
};

const DAY_MS = 86_400_000;
const MAX_EPOCH_MS = 8.64e15;
let cachedDay = Number.NaN;
let cachedDayPrefix = '';

/**
 * ISO-8601 for a millisecond epoch (exactly what `Date#toISOString` gives), or undefined when it is
 * not a representable date. VPC `start` times differ per event, and `toISOString` cost more than
 * reading a whole flow-log line, so the date part comes from `Date` once per day and the time of
 * day is built by arithmetic.
 *
 * @example
 * ```ts
 * isoTime(1714564800123); // '2024-05-01T12:00:00.123Z'
 * ```
 */
export const isoTime = (input: number): string | undefined => {
  // Events of one batch often share a timestamp: the last answer is kept.
  if (input === lastIso.ms) return lastIso.iso;
  if (!(Math.abs(input) <= MAX_EPOCH_MS)) return undefined; // false for NaN too
  const ms = Math.trunc(input) + 0; // Date truncates toward zero; + 0 turns -0 into 0
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, -13);
    cachedDay = day;
  }
  const inDay = ms - day * DAY_MS;
  const milli = inDay % 1000;
  const seconds = (inDay - milli) / 1000;
  const iso = `${cachedDayPrefix}${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}.${three(milli)}Z`;
  lastIso = { ms: input, iso };
  return iso;
};

let lastIso: { ms: number; iso: string } = { ms: Number.NaN, iso: '' };

const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const three = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

export const capMessage = (message: string, maxChars: number): string => {
  if (message.length <= maxChars) return message;
  // Never cut between the two halves of a surrogate pair (an emoji would become an invalid character).
  const end = isHighSurrogate(message.charCodeAt(maxChars - 1)) ? maxChars - 1 : maxChars;
  return message.slice(0, end) + TRUNCATION_MARKER;
};

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

export const ok = (...docs: DocBody[]): TransformResult => ({ kind: 'ok', docs });
export const skip = (reason: string): TransformResult => ({ kind: 'skip', reason });
export const invalid = (code: string, message: string): TransformResult => ({
  kind: 'invalid',
  error: new TransformError(code, message),
});

/** The common fields, first rows of the field table. */
export const COMMON_FIELDS: readonly FieldSpec[] = [
  { name: '@timestamp', type: 'date', description: "The event's own time (never the ingest time)." },
  { name: '@ingested', type: 'date', description: 'When cwlpipe processed the event.' },
  { name: '@id', type: 'keyword', description: 'The CloudWatch Logs event id, also the OpenSearch _id.' },
  { name: '@type', type: 'keyword', description: 'The log type: vpcflow, lambda, cloudtrail, json or text.' },
  {
    name: '@message',
    type: 'text',
    description:
      'The raw message, size-capped, where it is the content (text, JSON, Lambda application lines) or was not read whole; left out of fully parsed VPC records, CloudTrail records and Lambda platform lines unless the log group sets preserveOriginal.',
  },
  { name: 'aws.log_group', type: 'keyword', description: 'The CloudWatch Logs log group.' },
  { name: 'aws.log_stream', type: 'keyword', description: 'The CloudWatch Logs log stream.' },
  { name: 'aws.owner', type: 'keyword', description: 'The AWS account that owns the log group.' },
  {
    name: 'aws.policy_level',
    type: 'keyword',
    description:
      "The envelope's policyLevel: ACCOUNT_LEVEL_POLICY when an account-level subscription filter policy delivered the event; absent for a log group's own filter.",
  },
  {
    name: 'cwl.time_corrected',
    type: 'boolean',
    description:
      "True when @timestamp is not the content's own time (unreadable, or outside the window around the CloudWatch Logs timestamp).",
  },
  {
    name: 'cwl.time_correction_reason',
    type: 'keyword',
    description: 'Why: unreadable, before_window, after_window or cwl_timestamp_invalid.',
  },
];

/**
 * The number written by `count` ASCII digits at `from`, or -1 when one of them is not a digit: what the
 * transformers' digit-by-digit time readers are made of (a parse of a rebuilt string costs more).
 *
 * @example
 * ```ts
 * digitsAt('2024-05-01', 5, 2); // 5
 * digitsAt('2024-0x-01', 5, 2); // -1
 * ```
 */
export const digitsAt = (text: string, from: number, count: number): number => {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const code = text.charCodeAt(i) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
};
