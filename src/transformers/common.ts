import { TransformError } from '../shared/errors';
import type {
  DocBody,
  FieldSpec,
  LogEvent,
  LogSource,
  LogType,
  TransformContext,
  TransformResult,
} from './types';

/** Marker appended to a `@message` that was cut to the configured size. */
export const TRUNCATION_MARKER = '…[truncated]';

export const DEFAULT_LIMITS = { maxMessageChars: 32_768, maxJsonDepth: 10, maxJsonFields: 500 } as const;

/**
 * The common fields every document carries (DESIGN.md "Documents").
 *
 * @example
 * ```ts
 * const doc = baseDoc('text', event, source, context); // { '@timestamp': …, '@id': event.id, … }
 * ```
 */
export const baseDoc = (
  type: LogType,
  event: LogEvent,
  source: LogSource,
  context: TransformContext,
  eventTimeMs: number = event.timestamp,
): DocBody => ({
  '@timestamp': isoTime(eventTimeMs) ?? isoTime(event.timestamp) ?? new Date(0).toISOString(),
  '@ingested': context.ingestedAt,
  '@id': event.id,
  '@type': type,
  '@message': capMessage(event.message, context.limits.maxMessageChars),
  aws: { log_group: source.logGroup, log_stream: source.logStream, owner: source.owner },
});

/** ISO-8601 for a millisecond epoch, or undefined when it is not a representable date. */
export const isoTime = (ms: number): string | undefined => {
  // Events of one batch share timestamps; remembering the last one saves a Date per event on the hot path.
  if (ms === lastIso.ms) return lastIso.iso;
  if (!Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return undefined;
  lastIso = { ms, iso: date.toISOString() };
  return lastIso.iso;
};

let lastIso: { ms: number; iso: string } = { ms: Number.NaN, iso: '' };

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
  { name: '@message', type: 'text', description: 'The raw message, size-capped.' },
  { name: 'aws.log_group', type: 'keyword', description: 'The CloudWatch Logs log group.' },
  { name: 'aws.log_stream', type: 'keyword', description: 'The CloudWatch Logs log stream.' },
  { name: 'aws.owner', type: 'keyword', description: 'The AWS account that owns the log group.' },
];
