import type { DocBody, FieldSpec } from '../../core';
import type { MappingConflict } from './bulk-response';

/**
 * Where values that do not fit the mapping are kept: `@conflicts`, a list of
 * `{ field, mapped_as, value }`, all three strings. `field` is the dotted path the value had,
 * `mapped_as` what the index maps that path as, `value` the value itself (a string as is, anything
 * else as JSON). The rest of the document stays where it was, typed as before, so only the
 * conflicting value moves and nothing is lost. Being strings only, `@conflicts` can never conflict
 * itself; find such documents with `@conflicts.field:"json.status"`.
 *
 * `2024-05-01 INFO {"status":"ok"}` into an index where `json.status` is a long is indexed as
 * `{ json: {}, '@conflicts': [{ field: 'json.status', mapped_as: 'long', value: 'ok' }], … }`.
 */
export const CONFLICTS_FIELD = '@conflicts';

/** The rows of the field table for `@conflicts`, for index templates. */
export const CONFLICT_FIELDS: readonly FieldSpec[] = [
  {
    name: '@conflicts.field',
    type: 'keyword',
    description: 'Path of a value moved aside because it did not fit the index mapping.',
  },
  { name: '@conflicts.mapped_as', type: 'keyword', description: 'What the index maps that path as.' },
  {
    name: '@conflicts.value',
    type: 'text',
    description: 'The moved value, as a string (JSON unless it was one).',
  },
];

/** The dynamic namespace moved whole when a document adds more fields than the index allows. */
const DYNAMIC_NAMESPACE = 'json';

/** One value moved aside. */
export interface ConflictEntry {
  readonly field: string;
  readonly mapped_as: string;
  readonly value: string;
}

/**
 * Moves the value named by a mapping conflict to `@conflicts` and returns the new body, or
 * undefined when there is nothing to move (the path is not in the document, or is `@id` or
 * `@conflicts` itself): such a document goes to the dead letter. The input is not changed.
 *
 * @example
 * ```ts
 * moveConflict({ ...doc, json: { status: 'ok', user: 'ana' } }, { field: 'json.status', mappedAs: 'long' });
 * // { ...doc, json: { user: 'ana' }, '@conflicts': [{ field: 'json.status', mapped_as: 'long', value: 'ok' }] }
 * ```
 */
export const moveConflict = (body: DocBody, conflict: MappingConflict): DocBody | undefined => {
  const field = conflict.field ?? (body[DYNAMIC_NAMESPACE] === undefined ? undefined : DYNAMIC_NAMESPACE);
  if (field === undefined || field === '@id' || field.startsWith(CONFLICTS_FIELD)) return undefined;
  const copy = structuredClone(body) as DocBody;
  const removed = removePath(copy, field.split('.'));
  if (removed.length === 0) return undefined;
  const value = removed.length === 1 ? removed[0] : removed;
  const entry: ConflictEntry = {
    field,
    mapped_as: conflict.mappedAs ?? (conflict.field === undefined ? 'field_limit' : 'unknown'),
    value: typeof value === 'string' ? value : JSON.stringify(value),
  };
  const previous = Array.isArray(copy[CONFLICTS_FIELD]) ? (copy[CONFLICTS_FIELD] as ConflictEntry[]) : [];
  copy[CONFLICTS_FIELD] = [...previous, entry];
  return copy;
};

/**
 * Removes every value at a dotted path (descending through arrays of objects, where one path names
 * many values) and returns them. A key may itself hold dots, so longer keys are tried too.
 */
const removePath = (node: unknown, segments: readonly string[]): unknown[] => {
  if (Array.isArray(node)) return node.flatMap((element) => removePath(element, segments));
  if (node === null || typeof node !== 'object' || segments.length === 0) return [];
  const object = node as Record<string, unknown>;
  const found: unknown[] = [];
  for (let take = 1; take <= segments.length; take++) {
    const key = segments.slice(0, take).join('.');
    if (!Object.hasOwn(object, key)) continue;
    if (take === segments.length) {
      found.push(object[key]);
      delete object[key];
    } else {
      found.push(...removePath(object[key], segments.slice(take)));
    }
  }
  return found;
};
