import type { TransformLimits } from '../../core';
import { parseJsonExact } from '../json/exact-numbers';
import { type JsonObject, sanitizeJson } from '../json/expand';
import type { LambdaFields } from './fields';
import { markColdStart } from './platform-text';
import { isoTimeMs, normalLevel } from './runtime-line';

/** What a JSON-format line yields besides its fields. */
export interface JsonLine {
  readonly timeMs?: number;
  /** An application payload, made safe to index; platform events carry none. */
  readonly json?: JsonObject;
}

/**
 * Reads a line of the JSON log format (Lambda advanced logging controls) into `out`, or returns
 * undefined when the message is not a JSON object.
 *
 * Platform events, `{"time":"…","type":"platform.report","record":{"requestId":"…","metrics":{…}}}`,
 * get `record_type` = their type and the record's fields. Application lines,
 * `{"timestamp":"…","level":"INFO","requestId":"…","message":"…"}`, are APP records whose whole
 * payload goes under `json.*`.
 *
 * @example
 * ```ts
 * const out: LambdaFields = { record_type: 'APP' };
 * readJsonLine('{"time":"2024-05-01T12:00:00.000Z","type":"platform.start","record":{"requestId":"6f1c…","version":"$LATEST"}}', out, limits);
 * // { timeMs: 1714564800000 }; out: { record_type: 'platform.start', request_id: '6f1c…', version: '$LATEST' }
 * ```
 */
export const readJsonLine = (
  message: string,
  out: LambdaFields,
  limits: TransformLimits,
): JsonLine | undefined => {
  let value: unknown;
  try {
    value = parseJsonExact(message);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  const type = value.type;
  const record = value.record;
  if (typeof type === 'string' && type.startsWith('platform.') && isObject(record)) {
    out.record_type = type;
    readPlatformRecord(type, record, out);
    return withTime(stringTimeMs(value.time));
  }
  readApplication(value, out);
  const timeMs = stringTimeMs(value.timestamp);
  const json = sanitizeJson(value, limits);
  return timeMs === undefined ? { json } : { timeMs, json };
};

/** Field names follow the Telemetry API event schema, which the JSON log format shares. */
const readPlatformRecord = (type: string, record: JsonObject, out: LambdaFields): void => {
  setString(out, 'request_id', record.requestId);
  setString(out, 'status', record.status);
  setString(out, 'error_type', record.errorType);
  setString(out, 'phase', record.phase);
  setString(out, 'initialization_type', record.initializationType);
  setString(out, 'runtime_version', record.runtimeVersion);
  setString(out, 'runtime_version_arn', record.runtimeVersionArn);
  if (type === 'platform.start') setString(out, 'version', record.version);
  if (type === 'platform.initStart' || type === 'platform.restoreStart') {
    // A function logging to a custom log group is named here, not by its log group.
    if (out.function_name === undefined) setString(out, 'function_name', record.functionName);
    setString(out, 'version', record.functionVersion);
  }
  if (
    type === 'platform.extension' ||
    type === 'platform.telemetrySubscription' ||
    type === 'platform.logsSubscription'
  ) {
    setString(out, 'extension_name', record.name);
    setString(out, 'extension_state', record.state);
    setStrings(out, 'extension_events', record.events);
    setStrings(out, 'subscription_types', record.types);
  }
  if (type === 'platform.logsDropped') {
    setString(out, 'drop_reason', record.reason);
    setInteger(out, 'dropped_records', record.droppedRecords);
    setInteger(out, 'dropped_bytes', record.droppedBytes);
  }
  readTracing(record.tracing, out);
  const metrics = record.metrics;
  if (!isObject(metrics)) return;
  switch (type) {
    case 'platform.report':
      setNumber(out, 'duration_ms', metrics.durationMs);
      setNumber(out, 'billed_duration_ms', metrics.billedDurationMs);
      setInteger(out, 'memory_size_mb', metrics.memorySizeMB);
      setInteger(out, 'max_memory_used_mb', metrics.maxMemoryUsedMB);
      setNumber(out, 'init_duration_ms', metrics.initDurationMs);
      setNumber(out, 'restore_duration_ms', metrics.restoreDurationMs);
      setNumber(out, 'billed_restore_duration_ms', metrics.billedRestoreDurationMs);
      markColdStart(out);
      return;
    case 'platform.runtimeDone':
      setNumber(out, 'runtime_duration_ms', metrics.durationMs);
      setInteger(out, 'produced_bytes', metrics.producedBytes);
      return;
    case 'platform.initReport':
      setNumber(out, 'init_duration_ms', metrics.durationMs);
      return;
    case 'platform.restoreReport':
      setNumber(out, 'restore_duration_ms', metrics.durationMs);
      return;
    default:
      return;
  }
};

/** `{"type":"X-Amzn-Trace-Id","value":"Root=1-…;Parent=…;Sampled=1"}` → trace id and sampling. */
const readTracing = (tracing: unknown, out: LambdaFields): void => {
  if (!isObject(tracing) || typeof tracing.value !== 'string') return;
  const header = tracing.value;
  const root = headerPart(header, 'Root=');
  if (root !== undefined) out.trace_id = root;
  const sampled = headerPart(header, 'Sampled=');
  if (sampled === '1' || sampled === '0') out.sampled = sampled === '1';
};

const headerPart = (header: string, key: string): string | undefined => {
  const at = header.indexOf(key);
  if (at < 0 || (at > 0 && header.charCodeAt(at - 1) !== 59)) return undefined; // ;
  const end = header.indexOf(';', at);
  const value = header.slice(at + key.length, end < 0 ? header.length : end);
  return value === '' ? undefined : value;
};

/**
 * The runtimes' own JSON: `requestId` (Node.js, Python, .NET), `AWSRequestId` (Java), or
 * Powertools' `function_request_id`; `errorType` of a logged error.
 */
const readApplication = (value: JsonObject, out: LambdaFields): void => {
  if (typeof value.level === 'string') {
    const level = normalLevel(value.level);
    if (level !== undefined) out.level = level;
  }
  setString(out, 'request_id', value.requestId) ||
    setString(out, 'request_id', value.AWSRequestId) ||
    setString(out, 'request_id', value.function_request_id);
  if (!setString(out, 'error_type', value.errorType) && isObject(value.message))
    setString(out, 'error_type', value.message.errorType); // Node.js `console.error(error)`
};

type StringKey = {
  [K in keyof LambdaFields]-?: NonNullable<LambdaFields[K]> extends string ? K : never;
}[keyof LambdaFields];
type NumberKey = {
  [K in keyof LambdaFields]-?: NonNullable<LambdaFields[K]> extends number ? K : never;
}[keyof LambdaFields];

const setString = (out: LambdaFields, key: StringKey, value: unknown): boolean => {
  if (typeof value !== 'string' || value === '') return false;
  out[key] = value;
  return true;
};

const setStrings = (
  out: LambdaFields,
  key: 'extension_events' | 'subscription_types',
  value: unknown,
): void => {
  if (!Array.isArray(value)) return;
  const strings = value.filter((item): item is string => typeof item === 'string' && item !== '');
  if (strings.length > 0) out[key] = strings;
};

const setNumber = (out: LambdaFields, key: NumberKey, value: unknown): void => {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) out[key] = value;
};

const setInteger = (out: LambdaFields, key: NumberKey, value: unknown): void => {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) out[key] = value;
};

const stringTimeMs = (value: unknown): number | undefined =>
  typeof value === 'string' ? isoTimeMs(value, 0, value.length) : undefined;

const withTime = (timeMs: number | undefined): JsonLine => (timeMs === undefined ? {} : { timeMs });

const isObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
