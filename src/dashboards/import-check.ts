import { SavedObjectsCheckError } from './errors';
import type { ImportRules } from './import-rules';
import { OSD_RULES } from './import-rules-osd';

type Json = Record<string, unknown>;

/** The attributes stored as JSON strings, by type: each must parse, or the server keeps a broken object. */
const JSON_STRING_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  'index-pattern': ['fields', 'fieldFormatMap'],
  visualization: ['visState', 'uiStateJSON', 'kibanaSavedObjectMeta.searchSourceJSON'],
  search: ['kibanaSavedObjectMeta.searchSourceJSON'],
  dashboard: ['panelsJSON', 'optionsJSON', 'kibanaSavedObjectMeta.searchSourceJSON'],
};

/**
 * Applies a target's import rules (OpenSearch Dashboards and Kibana 7.10–8.x by default, or
 * `KIBANA9_RULES`) to a saved-objects NDJSON file and returns every problem found (an empty list means it
 * imports): one JSON object per line, a type the target takes, a unique `type:id`, every reference resolving
 * to an object in the file, string-encoded JSON attributes that parse, the reference names those attributes
 * point at present, and the target's own version and shape rules.
 *
 * @example
 * ```ts
 * importProblems('{"type":"dashboard","id":"d","attributes":{},"references":[{"name":"panel_0","type":"visualization","id":"v"}]}\n');
 * // ['line 1 (dashboard:d): reference panel_0 → visualization:v is not in the file', …]
 * ```
 */
export const importProblems = (ndjson: string, rules: ImportRules = OSD_RULES): string[] => {
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
  for (const { line, object } of objects) problems.push(...objectProblems(line, object, keys, rules));
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
export const assertImportable = (ndjson: string, rules: ImportRules = OSD_RULES): void => {
  const problems = importProblems(ndjson, rules);
  if (problems.length > 0) throw new SavedObjectsCheckError(problems);
};

const objectProblems = (
  line: number,
  object: Json,
  keys: ReadonlySet<string>,
  rules: ImportRules,
): string[] => {
  const { type, id } = object;
  const at = `line ${line} (${String(type)}:${String(id)})`;
  const problems: string[] = [];
  if (typeof type !== 'string' || !rules.types.has(type))
    return [`${at}: unknown type ${JSON.stringify(type)} for ${rules.target}`];
  if (typeof id !== 'string' || id === '') problems.push(`${at}: no string id`);
  const attributes = object.attributes;
  if (attributes === null || typeof attributes !== 'object')
    return [...problems, `${at}: no attributes object`];
  problems.push(...referenceProblems(at, object.references, keys));
  const referenceNames = new Set(
    Array.isArray(object.references)
      ? object.references.map((reference) => String((reference as Json)?.name))
      : [],
  );
  problems.push(...rules.objectProblems(at, object, referenceNames));
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
    const names = path === 'panelsJSON' ? panelRefNames(parsed, rules) : refNamesIn(parsed);
    for (const name of names)
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

const valueAt = (object: Json, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value as Json | undefined)?.[key], object);

/** Every `indexRefName` inside a parsed attribute: each must be a declared reference. */
const refNamesIn = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.flatMap(refNamesIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Json).flatMap(([key, inner]) =>
    key === 'indexRefName' && typeof inner === 'string' ? [inner] : refNamesIn(inner),
  );
};

/** The reference names a dashboard's panels are looked up by, as the target builds them. */
const panelRefNames = (panels: unknown, rules: ImportRules): string[] =>
  Array.isArray(panels)
    ? panels.flatMap((panel: unknown) => {
        const name =
          panel !== null && typeof panel === 'object' ? rules.panelReferenceName(panel as Json) : undefined;
        return name === undefined ? [] : [name];
      })
    : [];
