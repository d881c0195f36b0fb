import { gunzipSync } from 'node:zlib';
import type { Envelope, LogEvent } from '../core';

/** Why a record was set aside before any event could be read from it. */
export type DecodeFailureCode =
  | 'data_missing'
  | 'base64_invalid'
  | 'gzip_invalid'
  | 'gzip_too_large'
  | 'json_invalid'
  | 'envelope_invalid'
  | 'events_too_many';

export type DecodeResult =
  | { readonly kind: 'data'; readonly envelope: Envelope }
  | { readonly kind: 'control'; readonly envelope: Envelope }
  | { readonly kind: 'set_aside'; readonly code: DecodeFailureCode; readonly reason: string };

export interface DecodeOptions {
  /** Gunzip output beyond this many bytes is refused (a gzip bomb), never inflated. */
  readonly maxGunzipBytes: number;
  /**
   * A record holding more events than this is set aside whole (`events_too_many`): the gzip cap bounds
   * bytes, not events, and 342 KB of gzip can hold 357,000 tiny events, each a document in memory.
   */
  readonly maxEventsPerRecord?: number;
}

const base64Length = (data: string): number => {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return (data.length / 4) * 3 - padding;
};

/**
 * Decodes one Kinesis or Firehose record's base64 `data` into a subscription envelope.
 * Never throws: bad data comes back as `set_aside` with a reason code; a `data` that is null, missing
 * or not a string (a malformed event: the types promise a string, the wire does not) is `data_missing`.
 *
 * @example
 * ```ts
 * const result = decodeBase64(record.kinesis.data, { maxGunzipBytes: 64 * 1024 * 1024 });
 * if (result.kind === 'data') console.log(result.envelope.logEvents.length);
 * ```
 */
export const decodeBase64 = (data: unknown, options: DecodeOptions, decoded?: Uint8Array): DecodeResult => {
  if (typeof data !== 'string') return setAside('data_missing', missingDataReason(data));
  // Node's decoder skips characters outside the alphabet, so a short result means the text was not base64;
  // checking the length is as strict as a regex over the whole string and far cheaper on megabyte records.
  // `decoded`, Node's decoding of this same text made earlier (the raw archive's), saves decoding it again.
  const bytes = decoded ?? Buffer.from(data, 'base64');
  if (data.length % 4 !== 0 || bytes.length !== base64Length(data)) {
    return setAside('base64_invalid', 'the data is not valid base64');
  }
  return decodeBytes(bytes, options);
};

/** Decodes raw record bytes: a gzip envelope (what CloudWatch Logs sends) or, leniently, plain JSON. */
export const decodeBytes = (bytes: Uint8Array, options: DecodeOptions): DecodeResult => {
  let json: Uint8Array = bytes;
  if (isGzip(bytes)) {
    try {
      json = gunzipSync(bytes, { maxOutputLength: options.maxGunzipBytes });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
        return setAside('gzip_too_large', `gzip output exceeded ${formatBytes(options.maxGunzipBytes)}`);
      }
      return setAside('gzip_invalid', `the gzip data is corrupt (${(error as Error).message})`);
    }
  } else if (bytes.length > options.maxGunzipBytes) {
    return setAside('gzip_too_large', `the record exceeded ${formatBytes(options.maxGunzipBytes)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(json.buffer, json.byteOffset, json.byteLength).toString('utf8'));
  } catch {
    // Plain text opening an object was meant as JSON (a cut envelope of an archive object): say so.
    const meantAsJson = isGzip(bytes) || bytes[0] === 0x7b;
    return setAside(
      meantAsJson ? 'json_invalid' : 'gzip_invalid',
      meantAsJson ? 'the envelope is not valid JSON' : 'the data is neither gzip nor JSON',
    );
  }
  return checkEnvelope(parsed, options);
};

/** Checks a parsed value against the subscription envelope schema and the events cap. */
export const checkEnvelope = (value: unknown, options: Partial<DecodeOptions> = {}): DecodeResult => {
  const problem = envelopeProblem(value);
  if (problem !== undefined) return setAside('envelope_invalid', `the envelope is invalid: ${problem}`);
  const envelope = value as Envelope;
  const cap = options.maxEventsPerRecord;
  if (cap !== undefined && envelope.messageType === 'DATA_MESSAGE' && envelope.logEvents.length > cap) {
    return setAside(
      'events_too_many',
      `the record holds ${envelope.logEvents.length} events, more than maxEventsPerRecord (${cap})`,
    );
  }
  return envelope.messageType === 'CONTROL_MESSAGE'
    ? { kind: 'control', envelope }
    : { kind: 'data', envelope };
};

const envelopeProblem = (value: unknown): string | undefined => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'it is not a JSON object';
  const env = value as Record<string, unknown>;
  if (env.messageType !== 'DATA_MESSAGE' && env.messageType !== 'CONTROL_MESSAGE') {
    return `messageType is ${JSON.stringify(env.messageType) ?? 'missing'}, not DATA_MESSAGE or CONTROL_MESSAGE`;
  }
  for (const key of ['owner', 'logGroup', 'logStream'] as const) {
    if (typeof env[key] !== 'string') return `${key} is not a string`;
  }
  const filters = env.subscriptionFilters;
  if (!Array.isArray(filters) || !filters.every((f) => typeof f === 'string')) {
    return 'subscriptionFilters is not a list of strings';
  }
  const events = env.logEvents;
  if (!Array.isArray(events)) return 'logEvents is not a list';
  // A control message's events carry empty ids; they are never indexed, so their shape does not matter.
  if (env.messageType === 'CONTROL_MESSAGE') return undefined;
  for (let i = 0; i < events.length; i++) {
    const problem = eventProblem(events[i]);
    if (problem !== undefined) return `logEvents[${i}] ${problem}`;
  }
  return undefined;
};

const eventProblem = (value: unknown): string | undefined => {
  if (value === null || typeof value !== 'object') return 'is not an object';
  const event = value as Partial<Record<keyof LogEvent, unknown>>;
  if (typeof event.id !== 'string' || event.id === '') return 'has no string id';
  if (typeof event.timestamp !== 'number' || !Number.isFinite(event.timestamp))
    return 'has no numeric timestamp';
  if (typeof event.message !== 'string') return 'has no string message';
  return undefined;
};

/**
 * The one reason every source gives for a record without data, e.g. "the record has no data (data is null)".
 *
 * @example
 * ```ts
 * missingDataReason(undefined); // 'the record has no data (data is missing)'
 * ```
 */
export const missingDataReason = (data: unknown): string => {
  if (data === undefined) return 'the record has no data (data is missing)';
  if (data === null) return 'the record has no data (data is null)';
  const kind = Array.isArray(data) ? 'a list' : typeof data === 'object' ? 'an object' : `a ${typeof data}`;
  return `the record has no data (data is ${kind}, not a base64 string)`;
};

export const isGzip = (bytes: Uint8Array): boolean =>
  bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

const setAside = (code: DecodeFailureCode, reason: string): DecodeResult => ({
  kind: 'set_aside',
  code,
  reason,
});

export const formatBytes = (bytes: number): string =>
  bytes % (1024 * 1024) === 0
    ? `${bytes / (1024 * 1024)} MiB`
    : bytes % 1024 === 0
      ? `${bytes / 1024} KiB`
      : `${bytes} bytes`;
