import type { LambdaFields } from './fields';
import { forEachKeyValue, isBlank, leadingInteger, leadingNumber } from './key-values';

/**
 * What {@link readPlatformText} made of a message: no platform line (an application line), a platform line
 * with something its fields do not hold (an unknown key, an unreadable value, text after the last field),
 * or a platform line that is all in its fields.
 */
export type PlatformRead = 'none' | 'partly' | 'whole';

/**
 * Reads a platform line of the text log format into `out`, or returns `'none'` when the message is not
 * one (then it is an application line); `'whole'` when every part of it is in a field. Dispatches on the first character; each prefix is checked
 * once with `startsWith`, never a regex.
 *
 * - `START RequestId: 6f1c… Version: $LATEST`
 * - `END RequestId: 6f1c…`
 * - `REPORT RequestId: 6f1c…\tDuration: 102.25 ms\tBilled Duration: 103 ms\tMemory Size: 128 MB\t…`
 * - `INIT_START Runtime Version: nodejs:20.v13\tRuntime Version ARN: arn:aws:lambda:…`
 * - `INIT_REPORT Init Duration: 1000.11 ms\tPhase: init\tStatus: timeout`
 * - `RESTORE_START …` and `RESTORE_REPORT Restore Duration: 571.67 ms` (SnapStart)
 * - `EXTENSION\tName: otel\tState: Ready\tEvents: [INVOKE, SHUTDOWN]`,
 *   `TELEMETRY\tName: otel\tState: Subscribed\tTypes: [Platform, Function]` (and `LOGS` for the Logs API)
 *
 * @example
 * ```ts
 * const out: LambdaFields = { record_type: 'APP' };
 * readPlatformText('END RequestId: 6f1c0a7e-2b1d-4c55-9a0e-3c1f2b9d8e71\n', out); // 'whole'
 * // out: { record_type: 'END', request_id: '6f1c0a7e-2b1d-4c55-9a0e-3c1f2b9d8e71' }
 * ```
 */
export const readPlatformText = (message: string, out: LambdaFields): PlatformRead => {
  switch (message.charCodeAt(0)) {
    case 83: // S
      return message.startsWith(START) ? readStart(message, out) : 'none';
    case 69: // E
      if (message.startsWith('EXTENSION\t')) return readPairs(message, 'EXTENSION', 10, out);
      return message.startsWith(END) ? readEnd(message, out) : 'none';
    case 84: // T
      return message.startsWith('TELEMETRY\t') ? readPairs(message, 'TELEMETRY', 10, out) : 'none';
    case 76: // L
      return message.startsWith('LOGS\t') ? readPairs(message, 'LOGS', 5, out) : 'none';
    case 82: // R
      if (message.startsWith(REPORT)) return readReport(message, out);
      if (message.startsWith('RESTORE_START ')) return readPairs(message, 'RESTORE_START', 14, out);
      if (message.startsWith('RESTORE_REPORT ')) return readPairs(message, 'RESTORE_REPORT', 15, out);
      return 'none';
    case 73: // I
      if (message.startsWith('INIT_START ')) return readPairs(message, 'INIT_START', 11, out);
      if (message.startsWith('INIT_REPORT ')) return readPairs(message, 'INIT_REPORT', 12, out);
      return 'none';
    default:
      return 'none';
  }
};

const START = 'START RequestId: ';
const END = 'END RequestId: ';
const REPORT = 'REPORT RequestId: ';
const VERSION = 'Version: ';

/** START separates its pairs with spaces, not tabs: `START RequestId: <id> Version: <version>`. */
const readStart = (message: string, out: LambdaFields): PlatformRead => {
  const idEnd = tokenEnd(message, START.length);
  if (idEnd === START.length) return 'none';
  out.record_type = 'START';
  out.request_id = message.slice(START.length, idEnd);
  let readTo = idEnd;
  const versionAt = message.indexOf(VERSION, idEnd);
  if (versionAt >= 0) {
    const versionStart = versionAt + VERSION.length;
    const versionEnd = tokenEnd(message, versionStart);
    if (versionEnd > versionStart) {
      out.version = message.slice(versionStart, versionEnd);
      if (isBlank(message, idEnd, versionAt)) readTo = versionEnd;
    }
  }
  return wholeIfBlankFrom(message, readTo);
};

const readEnd = (message: string, out: LambdaFields): PlatformRead => {
  const idEnd = tokenEnd(message, END.length);
  if (idEnd === END.length) return 'none';
  out.record_type = 'END';
  out.request_id = message.slice(END.length, idEnd);
  return wholeIfBlankFrom(message, idEnd);
};

const wholeIfBlankFrom = (message: string, from: number): PlatformRead =>
  isBlank(message, from, message.length) ? 'whole' : 'partly';

/** `REPORT RequestId: <id>\t<pairs>`: the request id first, then pairs as for the other lines. */
const readReport = (message: string, out: LambdaFields): PlatformRead => {
  const idEnd = tokenEnd(message, REPORT.length);
  if (idEnd === REPORT.length) return 'none';
  out.record_type = 'REPORT';
  out.request_id = message.slice(REPORT.length, idEnd);
  const count = forEachKeyValue(message, idEnd, out, assignPair);
  // A REPORT tells a cold start by its Init Duration (or a SnapStart Restore Duration: a restored
  // environment is new too); other records leave cold_start unset so it is counted once per invocation.
  markColdStart(out);
  return count.unread === 0 ? 'whole' : 'partly';
};

/**
 * Lines of tab-separated `Key: value unit` pairs, in any order. Unknown keys are passed over, so
 * a field Lambda adds tomorrow costs nothing today; the line is then `'partly'` read, so its document
 * keeps `@message`. Only known pairs are written, so a line with none leaves `out` untouched and stays
 * an APP line.
 */
const readPairs = (
  message: string,
  recordType:
    | 'INIT_START'
    | 'INIT_REPORT'
    | 'RESTORE_START'
    | 'RESTORE_REPORT'
    | 'EXTENSION'
    | 'TELEMETRY'
    | 'LOGS',
  from: number,
  out: LambdaFields,
): PlatformRead => {
  const count = forEachKeyValue(message, from, out, assignPair);
  if (count.read === 0) return 'none';
  out.record_type = recordType;
  return count.unread === 0 ? 'whole' : 'partly';
};

/** Puts one pair in its field; false when the key is unknown or the value unusable. */
const assignPair = (out: LambdaFields, key: string, value: string): boolean => {
  switch (key) {
    case 'RequestId':
      return value !== '' && set(out, 'request_id', value);
    case 'Duration':
      return set(out, 'duration_ms', leadingNumber(value));
    case 'Billed Duration':
      return set(out, 'billed_duration_ms', leadingNumber(value));
    case 'Memory Size':
      return set(out, 'memory_size_mb', leadingInteger(value));
    case 'Max Memory Used':
      return set(out, 'max_memory_used_mb', leadingInteger(value));
    case 'Init Duration':
      return set(out, 'init_duration_ms', leadingNumber(value));
    case 'Restore Duration':
      return set(out, 'restore_duration_ms', leadingNumber(value));
    case 'Billed Restore Duration':
      return set(out, 'billed_restore_duration_ms', leadingNumber(value));
    case 'Status':
      return value !== '' && set(out, 'status', value);
    case 'Error Type':
      return value !== '' && set(out, 'error_type', value);
    case 'Phase':
      return value !== '' && set(out, 'phase', value);
    case 'Runtime Version':
      return value !== '' && set(out, 'runtime_version', value);
    case 'Runtime Version ARN':
      return value !== '' && set(out, 'runtime_version_arn', value);
    case 'XRAY TraceId':
      return value !== '' && set(out, 'trace_id', value);
    case 'SegmentId':
      return value !== '' && set(out, 'segment_id', value);
    case 'Sampled':
      return (value === 'true' || value === 'false') && set(out, 'sampled', value === 'true');
    case 'Name':
      return value !== '' && set(out, 'extension_name', value);
    case 'State':
      return value !== '' && set(out, 'extension_state', value);
    case 'Events':
      return set(out, 'extension_events', bracketList(value));
    case 'Types':
      return set(out, 'subscription_types', bracketList(value));
    default:
      return false;
  }
};

const set = <K extends keyof LambdaFields>(out: LambdaFields, key: K, value: LambdaFields[K]): boolean => {
  if (value === undefined) return false;
  out[key] = value;
  return true;
};

/**
 * Sets `cold_start` (and `restored` when true) on a report: a new execution environment shows an Init
 * Duration, or a Restore Duration when SnapStart restored it from a snapshot.
 *
 * @example
 * ```ts
 * markColdStart(fields); // fields.restore_duration_ms === 571.67 → cold_start: true, restored: true
 * ```
 */
export const markColdStart = (out: LambdaFields): void => {
  const restored = out.restore_duration_ms !== undefined;
  out.cold_start = out.init_duration_ms !== undefined || restored;
  if (restored) out.restored = true;
};

/** `[INVOKE, SHUTDOWN]` → `['INVOKE', 'SHUTDOWN']`; undefined when it is no bracketed list. */
const bracketList = (value: string): string[] | undefined => {
  if (!value.startsWith('[') || !value.endsWith(']')) return undefined;
  return value
    .slice(1, -1)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
};

/** Index of the first space, tab, CR or LF at or after `from` (or the end). */
export const tokenEnd = (text: string, from: number): number => {
  let i = from;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 9 || code === 10 || code === 13) break;
    i++;
  }
  return i;
};
