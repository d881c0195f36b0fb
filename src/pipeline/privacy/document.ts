import type { DocBody } from '../../core';
import type { FreeTextPlan } from './free-text';
import type { RedactionCounts, Redactor } from './redactor';

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
 * Every string of the document that can hold free text, redacted: the fields its type's plan lists
 * (`@message`, `json.*`, CloudTrail's request parameters, a user agent…; see {@link FreeTextPlan}), each read
 * whole, in objects and arrays at any depth. A document of a type with no plan has every string but its
 * identity read. Copy on write: unchanged objects are the input's own (some are shared and frozen), so a
 * document with nothing to redact costs its plan's reads and no allocation.
 *
 * @example
 * ```ts
 * redactDocument(doc, redactor, counts, freeTextPlans(FIELD_CATALOG).get(doc['@type'])); // `@message` and `json.*` scrubbed
 * ```
 */
export const redactDocument = (
  body: DocBody,
  redactor: Redactor,
  counts: RedactionCounts,
  plan: FreeTextPlan | undefined,
): DocBody => {
  const walk: Walk = { redactor, counts };
  return (plan === undefined ? redactAllBut(body, walk) : redactPlanned(body, plan, walk)) as DocBody;
};

/** What every step of one document's walk shares. */
interface Walk {
  readonly redactor: Redactor;
  readonly counts: RedactionCounts;
}

/** The fields a plan lists, read. */
const redactPlanned = (object: Json, plan: FreeTextPlan, walk: Walk): Json => {
  let copy: Json | undefined;
  for (let i = 0; i < plan.length; i++) {
    const [key, below] = plan[i] as FreeTextPlan[number];
    // Most fields of a plan are absent from a given document, and `object[key]` that misses costs V8 about
    // seven times what `Object.hasOwn` does (a megamorphic load falling back to the runtime).
    if (!Object.hasOwn(object, key)) continue;
    const value = object[key];
    const next = below === true ? redactValue(value, key, walk) : redactBelow(value, key, below, walk);
    if (next !== value) {
      copy ??= { ...object };
      setOwn(copy, key, next);
    }
  }
  return copy ?? object;
};

/** A field the plan reads by its own fields: each object of it (an array's too) by the plan below. */
const redactBelow = (value: unknown, name: string, plan: FreeTextPlan, walk: Walk): unknown => {
  if (isObject(value)) return redactPlanned(value, plan, walk);
  if (!Array.isArray(value)) return redactValue(value, name, walk);
  let copy: unknown[] | undefined;
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    const next = redactBelow(item, name, plan, walk);
    if (next !== item) {
      copy ??= [...value];
      copy[i] = next;
    }
  }
  return copy ?? value;
};

/** A document of a type without a plan: every field but the identity read whole. */
const redactAllBut = (body: Json, walk: Walk): Json => {
  let copy: Json | undefined;
  for (const key in body) {
    if (IDENTITY_FIELDS.has(key)) continue;
    const value = body[key];
    const next = redactValue(value, key, walk);
    if (next !== value) {
      copy ??= { ...body };
      setOwn(copy, key, next);
    }
  }
  return copy ?? body;
};

/** A value that may hold free text anywhere: every string in it is read. */
const redactValue = (value: unknown, name: string, walk: Walk): unknown => {
  const { redactor, counts } = walk;
  if (typeof value === 'string') {
    const secret = redactor.readsFieldNames ? redactor.secretField(name) : undefined;
    if (secret !== undefined && value !== secret.replacement && value !== '') {
      counts[secret.name] = (counts[secret.name] ?? 0) + 1;
      return secret.replacement;
    }
    // A string shorter than any finding is passed by there, unread.
    return redactor.text(value, counts);
  }
  if (typeof value === 'number') {
    // A numeric PIN or password is as secret as a string one.
    const secret = redactor.readsFieldNames ? redactor.secretField(name) : undefined;
    if (secret === undefined) return value;
    counts[secret.name] = (counts[secret.name] ?? 0) + 1;
    return secret.replacement;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const next = redactValue(item, name, walk);
      if (next !== item) {
        copy ??= [...value];
        copy[i] = next;
      }
    }
    return copy ?? value;
  }
  let copy: Json | undefined;
  const object = value as Json;
  for (const key in object) {
    const item = object[key];
    const next = redactValue(item, key, walk);
    if (next !== item) {
      copy ??= { ...object };
      setOwn(copy, key, next);
    }
  }
  return copy ?? object;
};
