import type { TransformLimits } from '../../core';
import { parseJsonExact } from './exact-numbers';
import { stringifyJson } from './stringify';

export type JsonObject = Record<string, unknown>;

/** A JSON object found in a message, and the text before it (`2024-01-01T00:00:00Z INFO {...}`). */
export interface FoundJson {
  readonly value: JsonObject;
  readonly prefix: string;
}

/** Key under which an object's keys beyond the field budget are kept, together, as one JSON string. */
export const OVERFLOW_KEY = '_overflow';

// A prefix may itself hold braces (`[req {a1}] {"user":"ana"}`); a few candidate starts are tried,
// each costing one JSON.parse, so a hostile line cannot make this quadratic.
const MAX_START_CANDIDATES = 4;

/**
 * Finds a JSON object that is the whole message or its tail after a text prefix. Never throws.
 * Only whitespace may follow the object; a JSON array is not an object and is not found.
 *
 * @example
 * ```ts
 * findJsonObject('2024-05-01 INFO {"user":"ana"}'); // { value: { user: 'ana' }, prefix: '2024-05-01 INFO ' }
 * ```
 */
export const findJsonObject = (message: string): FoundJson | undefined => {
  let end = message.length - 1;
  while (end >= 0 && isSpace(message.charCodeAt(end))) end--;
  if (end < 0 || message.charCodeAt(end) !== CLOSE_BRACE) return undefined;
  let attempts = 0;
  for (let start = message.indexOf('{'); start >= 0 && start < end; start = message.indexOf('{', start + 1)) {
    if (!opensObject(message, start, end)) continue;
    if (attempts++ >= MAX_START_CANDIDATES) return undefined;
    const value = parseObject(message.slice(start, end + 1));
    if (value !== undefined) return { value, prefix: message.slice(0, start) };
  }
  return undefined;
};

const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;

const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13;

/** A JSON object starts `{"` or is `{}` (whitespace allowed): a cheap filter before parsing. */
const opensObject = (message: string, start: number, end: number): boolean => {
  let i = start + 1;
  while (i < end && isSpace(message.charCodeAt(i))) i++;
  const code = message.charCodeAt(i);
  return code === QUOTE || (code === CLOSE_BRACE && i === end);
};

const parseObject = (text: string): JsonObject | undefined => {
  try {
    const value: unknown = parseJsonExact(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as JsonObject)
      : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Makes parsed JSON safe to index, never losing a value:
 * - keys OpenSearch would reject or split (empty, blank, dotted) are rewritten, and a rewritten key that
 *   collides with another gets a numeric suffix (`a.b` and `a_b` become `a_b` and `a_b_2`);
 * - `__proto__`, `constructor` and `prototype` become ordinary own properties;
 * - objects nested deeper than `maxJsonDepth` are kept as JSON strings;
 * - once `maxJsonFields` leaves have been written, an object's remaining keys are kept together as one
 *   JSON string under {@link OVERFLOW_KEY};
 * - arrays no single mapping can hold (objects mixed with scalars, nested arrays, scalars of different
 *   JSON types) are kept as JSON strings.
 *
 * The input is not modified and the output shares no object with it.
 *
 * @example
 * ```ts
 * sanitizeJson({ 'a.b': 1, deep: { x: { y: 2 } } }, { maxJsonDepth: 2, maxJsonFields: 100, maxMessageChars: 1e4 });
 * // { a_b: 1, deep: { x: '{"y":2}' } }
 * ```
 */
export const sanitizeJson = (value: JsonObject, limits: TransformLimits): JsonObject => {
  const budget = { fields: limits.maxJsonFields };
  return sanitizeObject(value, 1, limits.maxJsonDepth, budget);
};

interface Budget {
  fields: number;
}

/** `depth` is the nesting level of `value` itself: the top object is level 1. */
const sanitizeObject = (value: JsonObject, depth: number, maxDepth: number, budget: Budget): JsonObject => {
  const out: JsonObject = {};
  const keys = Object.keys(value);
  // An empty object is still a field in the mapping: 100,000 `{}` values must not pass as zero fields.
  if (keys.length === 0) budget.fields--;
  const free = new FreeKeys(out);
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string;
    if (budget.fields <= 0) {
      define(out, free.take(OVERFLOW_KEY), stringifyJson(restOf(value, keys, index)));
      break;
    }
    define(out, free.take(safeKey(key)), sanitizeValue(value[key], depth + 1, maxDepth, budget));
  }
  return out;
};

const sanitizeValue = (value: unknown, depth: number, maxDepth: number, budget: Budget): unknown => {
  if (value === null || typeof value !== 'object') {
    budget.fields--;
    return value;
  }
  if (Array.isArray(value)) return sanitizeArray(value, depth, maxDepth, budget);
  if (depth > maxDepth) {
    budget.fields--;
    return stringifyJson(value);
  }
  return sanitizeObject(value as JsonObject, depth, maxDepth, budget);
};

/** Arrays add no mapping level: their objects sit at the array's own depth. */
const sanitizeArray = (value: unknown[], depth: number, maxDepth: number, budget: Budget): unknown => {
  const kinds = new Set<string>();
  for (const item of value) if (item !== null) kinds.add(Array.isArray(item) ? 'array' : typeof item);
  const onlyObjects = kinds.size === 1 && kinds.has('object');
  if (kinds.size > 1 || kinds.has('array') || (onlyObjects && depth > maxDepth)) {
    budget.fields--;
    return stringifyJson(value);
  }
  if (!onlyObjects) {
    // One mapping field however long the list: it costs one unit of the budget.
    budget.fields--;
    return value.slice();
  }
  return value.map((item) =>
    item === null ? null : sanitizeObject(item as JsonObject, depth, maxDepth, budget),
  );
};

const restOf = (value: JsonObject, keys: string[], from: number): JsonObject => {
  const rest: JsonObject = {};
  for (let i = from; i < keys.length; i++) define(rest, keys[i] as string, value[keys[i] as string]);
  return rest;
};

/** OpenSearch rejects empty or blank field names and splits names on dots. */
export const safeKey = (key: string): string => {
  // The common key needs no rewrite; checking first keeps regex and trim off the hot path.
  if (key.length > 0 && key.indexOf('.') < 0 && !isSpace(key.charCodeAt(0))) return key;
  const replaced = key.replace(/\./g, '_');
  return replaced.trim() === '' ? `_blank${key.length}` : replaced;
};

/**
 * Hands out `key`, or `key_2`, `key_3`… when an earlier key already took it: no value overwrites another.
 * Each base key remembers the last suffix it tried, so thousands of keys that collide after renaming
 * (`a.b`, `a_b`, `a.b ` …) cost time linear in their number, not quadratic: every probe either succeeds
 * or steps past a name taken for good, and a taken name `b_n` is passed at most once (by base `b`).
 */
class FreeKeys {
  private next: Map<string, number> | undefined;

  public constructor(private readonly target: JsonObject) {}

  public take(key: string): string {
    if (!Object.hasOwn(this.target, key)) return key;
    this.next ??= new Map();
    let n = this.next.get(key) ?? 2;
    while (Object.hasOwn(this.target, `${key}_${n}`)) n++;
    this.next.set(key, n + 1);
    return `${key}_${n}`;
  }
}

/** Assigns as an own data property, so `__proto__` can never reach a prototype. */
const define = (target: JsonObject, key: string, value: unknown): void => {
  // Only `__proto__` has a setter on a plain object; every other key assigns as an own property, and
  // plain assignment keeps the object in V8's fast mode, which defineProperty on every key does not.
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
};
