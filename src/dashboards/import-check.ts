import { SavedObjectsCheckError } from './errors';
import { compareVersions, KNOWN_TYPES, MIGRATION_VERSIONS } from './migration-versions';

type Json = Record<string, unknown>;

/** The attributes stored as JSON strings, by type: each must parse, or the server keeps a broken object. */
const JSON_STRING_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  'index-pattern': ['fields', 'fieldFormatMap'],
  visualization: ['visState', 'uiStateJSON', 'kibanaSavedObjectMeta.searchSourceJSON'],
  search: ['kibanaSavedObjectMeta.searchSourceJSON'],
  dashboard: ['panelsJSON', 'optionsJSON', 'kibanaSavedObjectMeta.searchSourceJSON'],
};

/**
 * Applies OpenSearch Dashboards' import rules to a saved-objects NDJSON file and returns every problem
 * found (an empty list means it imports): one JSON object per line, a known type, a unique `type:id`,
 * every reference resolving to an object in the file, a migrationVersion no newer than the targets accept,
 * string-encoded JSON attributes that parse, and the reference names those attributes point at present.
 *
 * @example
 * ```ts
 * importProblems('{"type":"dashboard","id":"d","attributes":{},"references":[{"name":"panel_0","type":"visualization","id":"v"}]}\n');
 * // ['line 1 (dashboard:d): reference panel_0 → visualization:v is not in the file', …]
 * ```
 */
export const importProblems = (ndjson: string): string[] => {
  const problems: string[] = [];
  const objects: { line: number; object: Json }[] = [];
  ndjson.split('\n').forEach((text, index) => {
    const line = index + 1;
    if (text.trim() === '') return;
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        problems.push(`line ${line} is not a JSON object`);
      else objects.push({ line, object: parsed as Json });
    } catch (error) {
      problems.push(`line ${line} is not JSON: ${(error as Error).message}`);
    }
  });
  if (objects.length === 0 && problems.length === 0) problems.push('the file holds no saved objects');
  const keys = new Set<string>();
  for (const { line, object } of objects) {
    const key = `${String(object.type)}:${String(object.id)}`;
    if (keys.has(key)) problems.push(`line ${line}: ${key} appears more than once`);
    keys.add(key);
  }
  for (const { line, object } of objects) problems.push(...objectProblems(line, object, keys));
  return problems;
};

/**
 * Throws a SavedObjectsCheckError listing every problem, if there is any.
 *
 * @example
 * ```ts
 * assertImportable(dashboardsNdjson()); // returns quietly
 * ```
 */
export const assertImportable = (ndjson: string): void => {
  const problems = importProblems(ndjson);
  if (problems.length > 0) throw new SavedObjectsCheckError(problems);
};

const objectProblems = (line: number, object: Json, keys: ReadonlySet<string>): string[] => {
  const { type, id } = object;
  const at = `line ${line} (${String(type)}:${String(id)})`;
  const problems: string[] = [];
  if (typeof type !== 'string' || !KNOWN_TYPES.has(type))
    return [`${at}: unknown type ${JSON.stringify(type)}`];
  if (typeof id !== 'string' || id === '') problems.push(`${at}: no string id`);
  const attributes = object.attributes;
  if (attributes === null || typeof attributes !== 'object')
    return [...problems, `${at}: no attributes object`];
  problems.push(...referenceProblems(at, object.references, keys));
  problems.push(...migrationProblems(at, type, object.migrationVersion));
  const referenceNames = new Set(
    Array.isArray(object.references) ? object.references.map((reference) => (reference as Json)?.name) : [],
  );
  for (const path of JSON_STRING_ATTRIBUTES[type] ?? []) {
    const value = valueAt(attributes as Json, path);
    if (value === undefined) {
      if (path !== 'fieldFormatMap' && path !== 'uiStateJSON') problems.push(`${at}: ${path} is missing`);
      continue;
    }
    if (typeof value !== 'string') {
      problems.push(`${at}: ${path} must be a JSON string, not ${typeof value}`);
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      problems.push(`${at}: ${path} does not parse: ${(error as Error).message}`);
      continue;
    }
    for (const name of refNamesIn(parsed))
      if (!referenceNames.has(name))
        problems.push(`${at}: ${path} names the reference ${name}, which is not declared`);
  }
  return problems;
};

const referenceProblems = (at: string, references: unknown, keys: ReadonlySet<string>): string[] => {
  if (references === undefined) return [];
  if (!Array.isArray(references)) return [`${at}: references is not a list`];
  return references.flatMap((reference: unknown) => {
    const { name, type, id } = (reference ?? {}) as Json;
    if (typeof name !== 'string' || typeof type !== 'string' || typeof id !== 'string')
      return [`${at}: a reference lacks a string name, type or id`];
    return keys.has(`${type}:${id}`) ? [] : [`${at}: reference ${name} → ${type}:${id} is not in the file`];
  });
};

const migrationProblems = (at: string, type: string, migrationVersion: unknown): string[] => {
  if (migrationVersion === undefined) return [];
  if (migrationVersion === null || typeof migrationVersion !== 'object')
    return [`${at}: migrationVersion is not an object`];
  return Object.entries(migrationVersion as Json).flatMap(([key, version]) => {
    const ceiling = MIGRATION_VERSIONS[key as keyof typeof MIGRATION_VERSIONS];
    if (typeof version !== 'string') return [`${at}: migrationVersion.${key} is not a string`];
    if (ceiling === undefined)
      return key === type ? [] : [`${at}: migrationVersion names another type, ${key}`];
    return compareVersions(version, ceiling) > 0
      ? [`${at}: migrationVersion.${key} ${version} is newer than ${ceiling}, which older targets refuse`]
      : [];
  });
};

const valueAt = (object: Json, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value as Json | undefined)?.[key], object);

/** Every `indexRefName` / `panelRefName` inside a parsed attribute: each must be a declared reference. */
const refNamesIn = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.flatMap(refNamesIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Json).flatMap(([key, inner]) =>
    (key === 'indexRefName' || key === 'panelRefName') && typeof inner === 'string'
      ? [inner]
      : refNamesIn(inner),
  );
};
