import type { DocBody } from '../../core';
import type { LineScope, RedactionCounts, Redactor } from './redactor';

/** Fields every document keeps whatever a keep list says, that no field policy may drop, and that redaction never touches. */
export const IDENTITY_FIELDS: ReadonlySet<string> = new Set([
  '@timestamp',
  '@ingested',
  '@id',
  '@type',
  'aws',
]);

/** Fields a keep list never removes: the identity of the document and its raw message. */
const ALWAYS_KEPT: ReadonlySet<string> = new Set([...IDENTITY_FIELDS, '@message', '@conflicts']);

type Json = Record<string, unknown>;

/** Assigns an own property, even one named `__proto__` (JSON logs can carry that key; plain assignment would set the prototype). */
const setOwn = (target: Json, key: string, value: unknown): void => {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
};

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The value at a dotted path (`json.user.id`), or undefined.
 *
 * @example
 * ```ts
 * valueAt({ json: { user: { id: 7 } } }, 'json.user.id'); // 7
 * ```
 */
export const valueAt = (body: Json, path: string): unknown => {
  let node: unknown = body;
  for (const part of path.split('.')) {
    if (!isObject(node) || !Object.hasOwn(node, part)) return undefined;
    node = node[part];
  }
  return node;
};

/**
 * The document without the dotted paths listed (a path drops its whole subtree). Copies only the
 * objects on the way to what it removes; the input is never changed.
 *
 * @example
 * ```ts
 * dropPaths(doc, [['json', 'password']]); // doc without json.password
 * ```
 */
export const dropPaths = (body: DocBody, paths: readonly (readonly string[])[]): DocBody => {
  let result: Json = body;
  for (const path of paths) result = dropOne(result, path, 0);
  return result as DocBody;
};

const dropOne = (node: Json, path: readonly string[], depth: number): Json => {
  const key = path[depth] as string;
  if (!Object.hasOwn(node, key)) return node;
  if (depth === path.length - 1) {
    const { [key]: _removed, ...rest } = node;
    return rest;
  }
  const child = node[key];
  if (!isObject(child)) return node;
  const next = dropOne(child, path, depth + 1);
  return next === child ? node : { ...node, [key]: next };
};

/**
 * The document with only the listed paths (and its identity, `@message` and `@conflicts`) left.
 *
 * @example
 * ```ts
 * keepPaths(doc, [['json', 'level'], ['json', 'msg']]); // json has level and msg, nothing else
 * ```
 */
export const keepPaths = (body: DocBody, paths: readonly (readonly string[])[]): DocBody => {
  const result: Json = {};
  for (const [key, value] of Object.entries(body)) {
    if (ALWAYS_KEPT.has(key)) setOwn(result, key, value);
  }
  for (const path of paths) copyPath(body, result, path, 0);
  return result as DocBody;
};

const copyPath = (from: Json, into: Json, path: readonly string[], depth: number): void => {
  const key = path[depth] as string;
  if (!Object.hasOwn(from, key)) return;
  const value = from[key];
  if (depth === path.length - 1 || !isObject(value)) {
    if (depth === path.length - 1) setOwn(into, key, value);
    return;
  }
  const existing = Object.hasOwn(into, key) ? into[key] : undefined;
  const target = isObject(existing) ? existing : {};
  setOwn(into, key, target);
  copyPath(value, target, path, depth + 1);
};

/**
 * Every string of the document but its identity, redacted: `@message` and each namespace's values, in
 * objects and arrays at any depth. Copy on write: unchanged objects are the input's own (some are shared
 * and frozen), so a document with nothing to redact costs one walk and no allocation.
 *
 * @example
 * ```ts
 * redactDocument(doc, redactor, counts, new Set(['vpc.srcaddr'])); // `@message` and `json.*` strings scrubbed
 * ```
 */
export const redactDocument = (
  body: DocBody,
  redactor: Redactor,
  counts: RedactionCounts,
  ipFields: ReadonlySet<string>,
  line?: LineScope,
): DocBody => {
  let result: Json | undefined;
  // Field paths cost a string per field; only address detectors, which skip `ip` fields, need them.
  const paths = redactor.needsPaths ? ipFields : undefined;
  const walk: Walk = { redactor, counts, ipFields: paths, line, scope: line ?? redactor.scope };
  for (const key in body) {
    const value = body[key];
    if (passesBy(value, walk.scope) || IDENTITY_FIELDS.has(key)) continue;
    const next = redactValue(value, key, key, walk);
    if (next !== value) {
      result ??= { ...body };
      setOwn(result, key, next);
    }
  }
  return (result ?? body) as DocBody;
};

/** What every step of one document's walk shares. */
interface Walk {
  readonly redactor: Redactor;
  readonly counts: RedactionCounts;
  /** Fields typed `ip`, when a detector in force skips them (paths are built only then). */
  readonly ipFields: ReadonlySet<string> | undefined;
  /** What the raw line calls for, when every string of the document is a piece of that line. */
  readonly line: LineScope | undefined;
  /** The line's scope, or every detector in force when there is none. */
  readonly scope: LineScope;
}

/**
 * A value the walk leaves without a look: a string too short for any detector in scope, or a number,
 * flag or null, unless field names are read (a field named like a secret is replaced whatever it holds).
 * Most leaves are such, and skipping the call for them halves the walk of a parsed document.
 */
const passesBy = (value: unknown, scope: LineScope): boolean => {
  if (typeof value === 'string') return value.length < scope.minLength && !scope.fieldNames;
  return typeof value !== 'object' ? !scope.fieldNames : value === null;
};

const redactValue = (value: unknown, name: string, path: string, walk: Walk): unknown => {
  const { redactor, counts, ipFields, scope } = walk;
  if (typeof value === 'string') {
    // A field name that says "secret" is in the line the document was made from, so a scope without a
    // detector that reads names has no such field: no lookup.
    if (scope.fieldNames) {
      const secret = redactor.secretField(name);
      if (secret !== undefined && value !== secret.replacement && value !== '') {
        counts[secret.name] = (counts[secret.name] ?? 0) + 1;
        return secret.replacement;
      }
    }
    if (value.length < scope.minLength) return value;
    return redactor.text(value, counts, ipFields?.has(path) === true, walk.line);
  }
  if (typeof value === 'number') {
    // A numeric PIN or password is as secret as a string one.
    if (!scope.fieldNames) return value;
    const secret = redactor.secretField(name);
    if (secret === undefined) return value;
    counts[secret.name] = (counts[secret.name] ?? 0) + 1;
    return secret.replacement;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (passesBy(item, scope)) continue;
      const next = redactValue(item, name, path, walk);
      if (next !== item) {
        copy ??= [...value];
        copy[i] = next;
      }
    }
    return copy ?? value;
  }
  if (isObject(value)) {
    let copy: Json | undefined;
    // for…in rather than Object.keys: no array per object, and V8 reads each value through the object's
    // own key cache, where `value[key]` over the many shapes of parsed documents is a slow generic load.
    // Documents are plain objects (parsed JSON, transformer output), so no key comes from a prototype.
    for (const key in value) {
      const item = value[key];
      if (passesBy(item, scope)) continue;
      const next = redactValue(item, key, ipFields === undefined ? '' : `${path}.${key}`, walk);
      if (next !== item) {
        copy ??= { ...value };
        setOwn(copy, key, next);
      }
    }
    return copy ?? value;
  }
  return value;
};
