import type { TransformLimits } from '../types';

export type JsonObject = Record<string, unknown>;

/** A JSON object found in a message, and the text before it (`2024-01-01T00:00:00Z INFO {...}`). */
export interface FoundJson {
  readonly value: JsonObject;
  readonly prefix: string;
}

/**
 * Finds a JSON object that is the whole message or its tail after a text prefix. Never throws.
 *
 * @example
 * ```ts
 * findJsonObject('2024-05-01 INFO {"user":"ana"}'); // { value: { user: 'ana' }, prefix: '2024-05-01 INFO ' }
 * ```
 */
export const findJsonObject = (message: string): FoundJson | undefined => {
  const start = message.indexOf('{');
  if (start < 0) return undefined;
  const end = message.lastIndexOf('}');
  if (end < start) return undefined;
  // Only text after the object may be whitespace: `{"a":1} trailing words` is not JSON.
  for (let i = end + 1; i < message.length; i++) if (!isSpace(message.charCodeAt(i))) return undefined;
  try {
    const value: unknown = JSON.parse(message.slice(start, end + 1));
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    return { value: value as JsonObject, prefix: message.slice(0, start) };
  } catch {
    return undefined;
  }
};

const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13;

/**
 * Makes parsed JSON safe to index: keys that OpenSearch would reject or split (empty, dotted) are
 * rewritten, `__proto__` and friends become ordinary own properties, nesting beyond `maxJsonDepth`
 * and leaves beyond `maxJsonFields` are kept as JSON strings (kept, never lost), and arrays mixing
 * objects with scalars are kept as JSON strings because no mapping can hold them.
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

const sanitizeObject = (value: JsonObject, depth: number, maxDepth: number, budget: Budget): JsonObject => {
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    const child = value[key];
    define(out, safeKey(key), sanitizeValue(child, depth + 1, maxDepth, budget));
  }
  return out;
};

const sanitizeValue = (value: unknown, depth: number, maxDepth: number, budget: Budget): unknown => {
  if (value === null || typeof value !== 'object') {
    budget.fields--;
    return value;
  }
  if (depth > maxDepth || budget.fields <= 0) {
    budget.fields--;
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    const hasObject = value.some((item) => item !== null && typeof item === 'object');
    const hasScalar = value.some((item) => item === null || typeof item !== 'object');
    if (hasObject && hasScalar) {
      budget.fields--;
      return JSON.stringify(value);
    }
    if (value.some(Array.isArray)) {
      budget.fields--;
      return JSON.stringify(value);
    }
    return value.map((item) => sanitizeValue(item, depth, maxDepth, budget));
  }
  return sanitizeObject(value as JsonObject, depth, maxDepth, budget);
};

/** OpenSearch rejects empty or blank field names and splits names on dots. */
export const safeKey = (key: string): string => {
  const replaced = key.replace(/\./g, '_');
  return replaced.trim() === '' ? `_blank${key.length}` : replaced;
};

/** Assigns as an own data property, so `__proto__` can never reach a prototype. */
const define = (target: JsonObject, key: string, value: unknown): void => {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
};
