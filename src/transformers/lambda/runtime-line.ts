import { digitsAt as digits } from '../common';
import type { LambdaFields } from './fields';
import { leadingNumber } from './key-values';
import { tokenEnd } from './platform-text';

/** What a runtime line yields besides its fields: its own time and the application text. */
export interface RuntimeLine {
  /** The line's own timestamp (ms since the epoch), when it has a valid one. */
  readonly timeMs?: number;
  /** The application's message without the runtime's prefix, searched for a JSON payload. */
  readonly text: string;
}

/**
 * Reads a line written through the runtime into `out` (record type APP, or TIMEOUT):
 *
 * - Node.js: `2024-05-01T12:00:00.123Z\t6f1c…\tINFO\tmessage`
 * - Python: `[INFO]\t2024-05-01T12:00:00.123Z\t6f1c…\tmessage`, and `[ERROR] KeyError: 'id'` for an
 *   unhandled exception
 * - the platform's timeout line: `2024-05-01T12:00:03.012Z 6f1c… Task timed out after 3.00 seconds`
 * - `RequestId: 6f1c… Error: Runtime exited with error: signal: killed\nRuntime.ExitError`
 *
 * Anything else is an APP line as it stands. Levels are upper-cased, `WARNING` read as `WARN`.
 *
 * @example
 * ```ts
 * const out: LambdaFields = { record_type: 'APP' };
 * readRuntimeLine('2024-05-01T12:00:00.123Z\t6f1c0a7e-2b1d-4c55-9a0e-3c1f2b9d8e71\tWARN\tslow downstream', out);
 * // { timeMs: 1714564800123, text: 'slow downstream' }; out.level === 'WARN', out.request_id === '6f1c…'
 * ```
 */
export const readRuntimeLine = (message: string, out: LambdaFields): RuntimeLine => {
  const first = message.charCodeAt(0);
  if (first >= 48 && first <= 57) return readTimestamped(message, out) ?? { text: message };
  if (first === 91) return readPython(message, out) ?? { text: message }; // [
  if (first === 82 && message.startsWith(REQUEST_ERROR)) return readRequestError(message, out);
  return { text: message };
};

const TIMED_OUT = 'Task timed out after ';
const REQUEST_ERROR = 'RequestId: ';

/** Node.js lines separate with tabs; the timeout line with spaces. */
const readTimestamped = (message: string, out: LambdaFields): RuntimeLine | undefined => {
  const end = tokenEnd(message, 0);
  const timeMs = isoTimeMs(message, 0, end);
  if (timeMs === undefined) return undefined;
  const separator = message.charCodeAt(end);
  if (separator === 9) return readNodeFields(message, end + 1, timeMs, out);
  if (separator !== 32) return undefined;
  const idEnd = tokenEnd(message, end + 1);
  if (!message.startsWith(TIMED_OUT, idEnd + 1)) return undefined;
  out.record_type = 'TIMEOUT';
  setRequestId(out, message.slice(end + 1, idEnd));
  const seconds = leadingNumber(
    message.slice(idEnd + 1 + TIMED_OUT.length, tokenEnd(message, idEnd + 1 + TIMED_OUT.length)),
  );
  if (seconds !== undefined) out.timeout_seconds = seconds;
  return { timeMs, text: message.slice(idEnd + 1) };
};

/** After the timestamp: `<requestId>\t<LEVEL>\t<message>`; old Node runtimes omit the level. */
const readNodeFields = (message: string, from: number, timeMs: number, out: LambdaFields): RuntimeLine => {
  const idEnd = message.indexOf('\t', from);
  if (idEnd < 0) return { timeMs, text: message.slice(from) };
  setRequestId(out, message.slice(from, idEnd));
  const levelEnd = message.indexOf('\t', idEnd + 1);
  const level = levelEnd < 0 ? undefined : normalLevel(message.slice(idEnd + 1, levelEnd));
  if (level === undefined) return { timeMs, text: message.slice(idEnd + 1) };
  out.level = level;
  return { timeMs, text: message.slice(levelEnd + 1) };
};

/** `[INFO]\t<timestamp>\t<requestId>\t<message>`, or `[ERROR] <Type>: <text>` for an unhandled error. */
const readPython = (message: string, out: LambdaFields): RuntimeLine | undefined => {
  const close = message.indexOf(']');
  if (close < 2 || close > 10) return undefined;
  const level = normalLevel(message.slice(1, close));
  if (level === undefined) return undefined;
  out.level = level;
  const after = message.charCodeAt(close + 1);
  if (after === 32) {
    const text = message.slice(close + 2);
    if (level === 'ERROR') setErrorTypeFromHead(text, out);
    return { text };
  }
  if (after !== 9) return { text: message.slice(close + 1) };
  const timeEnd = message.indexOf('\t', close + 2);
  if (timeEnd < 0) return { text: message.slice(close + 2) };
  const timeMs = isoTimeMs(message, close + 2, timeEnd);
  const idEnd = message.indexOf('\t', timeEnd + 1);
  if (idEnd < 0) return withTime(timeMs, message.slice(timeEnd + 1));
  setRequestId(out, message.slice(timeEnd + 1, idEnd));
  return withTime(timeMs, message.slice(idEnd + 1));
};

/** `RequestId: <id> Error: <text>` then, on the last line, the error type such as `Runtime.ExitError`. */
const readRequestError = (message: string, out: LambdaFields): RuntimeLine => {
  const idEnd = tokenEnd(message, REQUEST_ERROR.length);
  if (!message.startsWith(' Error: ', idEnd)) return { text: message };
  setRequestId(out, message.slice(REQUEST_ERROR.length, idEnd));
  out.level = 'ERROR';
  const trimmed = message.trimEnd();
  const lastBreak = trimmed.lastIndexOf('\n');
  if (lastBreak > idEnd) {
    const lastLine = trimmed.slice(lastBreak + 1);
    if (lastLine !== '' && tokenEnd(lastLine, 0) === lastLine.length) out.error_type = lastLine;
  }
  return { text: message.slice(idEnd + 1) };
};

/** `KeyError: 'id'` → `KeyError`; `Runtime.ImportModuleError: Unable to…` → `Runtime.ImportModuleError`. */
const setErrorTypeFromHead = (text: string, out: LambdaFields): void => {
  const end = tokenEnd(text, 0);
  if (end > 1 && text.charCodeAt(end - 1) === 58) out.error_type = text.slice(0, end - 1);
};

const withTime = (timeMs: number | undefined, text: string): RuntimeLine =>
  timeMs === undefined ? { text } : { timeMs, text };

/** Runtimes print `undefined` for lines logged outside an invocation (during init). */
const setRequestId = (out: LambdaFields, id: string): void => {
  if (id !== '' && id !== 'undefined' && id !== 'null' && id.length <= 128) out.request_id = id;
};

const LEVELS = new Map<string, string>([
  ['TRACE', 'TRACE'],
  ['DEBUG', 'DEBUG'],
  ['INFO', 'INFO'],
  ['WARN', 'WARN'],
  ['WARNING', 'WARN'],
  ['ERROR', 'ERROR'],
  ['FATAL', 'FATAL'],
  ['CRITICAL', 'CRITICAL'],
  // .NET's text format (trce, dbug, info, warn, fail, crit) and its JSON format (Information, Critical, …).
  ['TRCE', 'TRACE'],
  ['DBUG', 'DEBUG'],
  ['INFORMATION', 'INFO'],
  ['FAIL', 'ERROR'],
  ['CRIT', 'CRITICAL'],
]);

/**
 * The level a runtime or logger names, upper-cased, with each runtime's spelling read as one of TRACE,
 * DEBUG, INFO, WARN, ERROR, CRITICAL, FATAL (Python's `WARNING`, .NET's `fail`, `Information`) so one filter
 * finds warnings of every runtime; undefined when it is not a level.
 *
 * @example
 * ```ts
 * normalLevel('warning'); // 'WARN'
 * normalLevel('fail'); // 'ERROR' (.NET)
 * ```
 */
export const normalLevel = (value: string): string | undefined =>
  value.length > 11 ? undefined : (LEVELS.get(value) ?? LEVELS.get(value.toUpperCase()));

/**
 * Milliseconds of an ISO-8601 timestamp at `text[from, to)` (`2024-05-01T12:00:00.123Z`), or
 * undefined. The shape is checked first: `Date.parse` alone accepts far too much (`'1'` is 2001).
 *
 * @example
 * ```ts
 * isoTimeMs('2024-05-01T12:00:00.123Z\tabc', 0, 24); // 1714564800123
 * ```
 */
export const isoTimeMs = (text: string, from: number, to: number): number | undefined => {
  const length = to - from;
  if (length === 24) {
    const canonical = canonicalIsoMs(text, from);
    if (canonical !== undefined) return canonical;
  }
  if (length < 20 || length > 35) return undefined;
  if (text.charCodeAt(from + 4) !== 45 || text.charCodeAt(from + 10) !== 84) return undefined; // - T
  // Without a zone Date.parse would read local time, and the result would depend on the machine.
  const last = text.charCodeAt(to - 1);
  if (last !== 90 && !isSign(text.charCodeAt(to - 6)) && !isSign(text.charCodeAt(to - 5))) return undefined;
  const ms = Date.parse(text.slice(from, to));
  return Number.isFinite(ms) ? ms : undefined;
};

const isSign = (code: number): boolean => code === 43 || code === 45;

// `YYYY-MM-DDTHH:MM:SS.sssZ`, what the Node.js runtime prints on every line: read by arithmetic, as
// Date.parse would read it (same rollover of day 30 in February), without building a string to parse.
const canonicalIsoMs = (text: string, from: number): number | undefined => {
  // - - T : : . Z at their places, written out: this runs once per runtime line.
  if (
    text.charCodeAt(from + 4) !== 45 ||
    text.charCodeAt(from + 7) !== 45 ||
    text.charCodeAt(from + 10) !== 84 ||
    text.charCodeAt(from + 13) !== 58 ||
    text.charCodeAt(from + 16) !== 58 ||
    text.charCodeAt(from + 19) !== 46 ||
    text.charCodeAt(from + 23) !== 90
  ) {
    return undefined;
  }
  const year = digits(text, from, 4);
  const month = digits(text, from + 5, 2);
  const day = digits(text, from + 8, 2);
  const hour = digits(text, from + 11, 2);
  const minute = digits(text, from + 14, 2);
  const second = digits(text, from + 17, 2);
  const milli = digits(text, from + 20, 3);
  // Years below 100 (Date.UTC reads them as 19xx), hour 24 and anything out of range: Date.parse decides.
  // `digits` gives -1 for a non-digit, so every lower bound is checked too.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || milli < 0)
    return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, milli);
};
