import type { ImportRules } from './import-rules';
import { KIBANA8_CORE_VERSION, KIBANA8_TYPE_VERSIONS, KIBANA9_OLDEST_VERSION } from './kibana8-versions';
import { compareVersions, type SavedObjectType } from './migration-versions';

type Json = Record<string, unknown>;

/**
 * Kibana 9's import rules as read in its source (elastic/kibana; files and commits below), for the types
 * cwlpipe writes. The file is checked for the oldest server it is for, Kibana 8.8, and the newest, 9.x:
 * - a type Kibana imports (`importableAndExportable`; collect_saved_objects.ts @1d91b9aa answers
 *   `unsupported_type` otherwise): index-pattern, visualization, search, dashboard;
 * - `typeMigrationVersion` (or `migrationVersion[type]`) no older than 8.0.0 — Kibana's documented
 *   compatibility, see {@link KIBANA9_OLDEST_VERSION} — and no newer than the type's last migration in
 *   Kibana 8.8 (upgrade_pipeline.ts @2c420161 `assertCompatibility` refuses a newer one);
 * - `coreMigrationVersion`, when given, a semver no newer than 8.8.0 (pipelines/utils.ts @67d58242
 *   `assertValidCoreVersion` refuses one newer than the running Kibana); `managed` a boolean;
 * - attributes that the type's create schema accepts once migrated, unknown keys refused
 *   (api-server-internal bulk_create.ts `validateObjectForCreate`): visualization's '8.8.0' schema
 *   (visualizations/server/saved_objects/visualization.ts @385d45e4), search's SCHEMA_SEARCH_V8_8_0
 *   (saved_search/server/saved_objects/schema_legacy.ts @37a12808), dashboard's v1 schema
 *   (dashboard/server/dashboard_saved_object/schema/v1/v1.ts @3c37204b); index-pattern has no schema;
 * - dashboard panels as Kibana 8 writes them: a panelIndex, gridData, the panel's type and a panelRefName
 *   resolved through the reference `<panelIndex>:<panelRefName>` (dashboard_container_references.ts
 *   @248177f2 `createInject` throws 'Could not find reference' otherwise);
 * - visualizations of the aggregation-based types Kibana 9 still registers
 *   (src/platform/plugins/private/vis_types/{xy,pie,metric,table}) in their 8.5.0 shape, with Kibana's
 *   parameter names rather than OpenSearch Dashboards'.
 * Missing index-pattern and search references are refused by Kibana only when the server lacks them too
 * (validate_references.ts @19e871bb); the shared check is stricter and wants every reference in the file.
 *
 * @example
 * ```ts
 * importProblems(dashboardsNdjson('cwl', 'kibana8'), KIBANA9_RULES); // []
 * ```
 */
export const KIBANA9_RULES: ImportRules = {
  target: 'Kibana 8.8 to 9.x',
  types: new Set(Object.keys(KIBANA8_TYPE_VERSIONS)),
  objectProblems: (at, object) => [
    ...versionProblems(at, object),
    ...attributeProblems(at, object),
    ...(object.type === 'dashboard' ? panelProblems(at, object) : []),
    ...(object.type === 'visualization' ? visStateProblems(at, object) : []),
  ],
  panelReferenceName: (panel) =>
    typeof panel.panelIndex === 'string' && typeof panel.panelRefName === 'string'
      ? `${panel.panelIndex}:${panel.panelRefName}`
      : undefined,
};

const SEMVER = /^\d+\.\d+\.\d+$/;

const versionProblems = (at: string, object: Json): string[] => {
  const type = String(object.type) as SavedObjectType;
  const problems: string[] = [];
  const migrationVersion = (object.migrationVersion ?? {}) as Json;
  for (const key of Object.keys(migrationVersion))
    if (key !== type) problems.push(`${at}: migrationVersion names another type, ${key}`);
  const [field, version] =
    object.typeMigrationVersion !== undefined
      ? ['typeMigrationVersion', object.typeMigrationVersion]
      : [`migrationVersion.${type}`, migrationVersion[type]];
  if (version === undefined)
    problems.push(
      `${at}: names no typeMigrationVersion, so Kibana takes it for the oldest object and runs every migration: it is no 8.x object`,
    );
  else if (typeof version !== 'string' || !SEMVER.test(version))
    problems.push(`${at}: ${field} ${JSON.stringify(version)} is not a semver version`);
  else if (compareVersions(version, KIBANA9_OLDEST_VERSION) < 0)
    problems.push(
      `${at}: ${field} ${version} is older than ${KIBANA9_OLDEST_VERSION}: Kibana 9 imports objects of 8.x (the same major or the one before)`,
    );
  else if (compareVersions(version, KIBANA8_TYPE_VERSIONS[type]) > 0)
    problems.push(
      `${at}: ${field} ${version} is newer than ${type}'s last migration in Kibana ${KIBANA8_CORE_VERSION} (${KIBANA8_TYPE_VERSIONS[type]}), which refuses it`,
    );
  const core = object.coreMigrationVersion;
  if (core !== undefined) {
    if (typeof core !== 'string' || !SEMVER.test(core))
      problems.push(`${at}: coreMigrationVersion ${JSON.stringify(core)} is not a semver version`);
    else if (compareVersions(core, KIBANA8_CORE_VERSION) > 0)
      problems.push(
        `${at}: coreMigrationVersion ${core} is newer than Kibana ${KIBANA8_CORE_VERSION}, which refuses it`,
      );
  }
  if (object.managed !== undefined && typeof object.managed !== 'boolean')
    problems.push(`${at}: managed must be true or false`);
  return problems;
};

/** The attributes each type's create schema declares (config-schema objects refuse unknown keys). */
const SCHEMA_KEYS: Readonly<Partial<Record<SavedObjectType, readonly string[]>>> = {
  visualization: [
    'title',
    'description',
    'version',
    'kibanaSavedObjectMeta',
    'uiStateJSON',
    'visState',
    'savedSearchRefName',
  ],
  search: [
    'title',
    'description',
    'columns',
    'sort',
    'grid',
    'rowHeight',
    'rowsPerPage',
    'hideChart',
    'breakdownField',
    'kibanaSavedObjectMeta',
    'isTextBasedQuery',
    'usesAdHocDataView',
    'timeRestore',
    'timeRange',
    'refreshInterval',
    'viewMode',
    'hideAggregatedPreview',
    'hits',
    'version',
  ],
  dashboard: [
    'title',
    'description',
    'kibanaSavedObjectMeta',
    'timeRestore',
    'timeFrom',
    'timeTo',
    'refreshInterval',
    'controlGroupInput',
    'panelsJSON',
    'optionsJSON',
    'hits',
    'version',
  ],
};

/** Attribute types the schemas fix, where cwlpipe writes the attribute. */
const TYPED: Readonly<Record<string, 'string' | 'number' | 'boolean'>> = {
  title: 'string',
  description: 'string',
  version: 'number',
  hits: 'number',
  timeRestore: 'boolean',
  timeFrom: 'string',
  timeTo: 'string',
  visState: 'string',
  uiStateJSON: 'string',
  panelsJSON: 'string',
  optionsJSON: 'string',
};

const attributeProblems = (at: string, object: Json): string[] => {
  const keys = SCHEMA_KEYS[object.type as SavedObjectType];
  if (keys === undefined) return [];
  const attributes = object.attributes as Json;
  const problems: string[] = [];
  for (const key of Object.keys(attributes)) {
    if (!keys.includes(key))
      problems.push(`${at}: attribute ${key} is not in the ${String(object.type)} schema`);
    else if (TYPED[key] !== undefined && typeof attributes[key] !== TYPED[key])
      problems.push(`${at}: attribute ${key} must be a ${TYPED[key]}`);
  }
  if (typeof attributes.title !== 'string') problems.push(`${at}: attribute title is required`);
  const meta = attributes.kibanaSavedObjectMeta;
  if (meta === undefined) {
    if (object.type === 'search') problems.push(`${at}: attribute kibanaSavedObjectMeta is required`);
  } else if (meta === null || typeof meta !== 'object') {
    problems.push(`${at}: kibanaSavedObjectMeta must be an object`);
  } else {
    for (const key of Object.keys(meta as Json))
      if (key !== 'searchSourceJSON')
        problems.push(`${at}: kibanaSavedObjectMeta.${key} is not in the schema`);
  }
  const refresh = attributes.refreshInterval as Json | undefined;
  if (refresh !== undefined && (typeof refresh?.pause !== 'boolean' || typeof refresh?.value !== 'number'))
    problems.push(`${at}: refreshInterval needs a boolean pause and a number value`);
  return problems;
};

const parsed = (text: unknown): unknown => {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined; // the shared check names a JSON string that does not parse
  }
};

const panelProblems = (at: string, object: Json): string[] => {
  const panels = parsed((object.attributes as Json).panelsJSON);
  if (!Array.isArray(panels)) return [`${at}: panelsJSON is not a list of panels`];
  const references = new Map(
    ((object.references ?? []) as Json[]).map((reference) => [String(reference.name), reference]),
  );
  const seen = new Set<string>();
  return panels.flatMap((panel: Json, index): string[] => {
    const where = `${at}: panel ${index + 1}`;
    const problems: string[] = [];
    const { panelIndex, gridData, type, panelRefName } = panel ?? {};
    if (typeof panelIndex !== 'string') return [`${where} has no string panelIndex`];
    if (seen.has(panelIndex)) problems.push(`${where} repeats panelIndex ${panelIndex}`);
    seen.add(panelIndex);
    const grid = (gridData ?? {}) as Json;
    if (!['x', 'y', 'w', 'h'].every((key) => typeof grid[key] === 'number') || grid.i !== panelIndex)
      problems.push(`${where} needs gridData with numbers x, y, w, h and i equal to its panelIndex`);
    if (typeof type !== 'string') problems.push(`${where} has no type (Kibana 8 writes the embeddable type)`);
    if (typeof panelRefName !== 'string') problems.push(`${where} has no panelRefName`);
    else {
      const reference = references.get(`${panelIndex}:${panelRefName}`);
      if (reference !== undefined && typeof type === 'string' && reference.type !== type)
        problems.push(`${where} is a ${String(type)} but its reference is a ${String(reference.type)}`);
    }
    return problems;
  });
};

/** The aggregation-based visualization types Kibana 9 registers that cwlpipe writes. */
const KIBANA9_VIS_TYPES: ReadonlySet<string> = new Set([
  'line',
  'area',
  'histogram',
  'horizontal_bar',
  'pie',
  'metric',
  'table',
]);

/** Parameter names only OpenSearch Dashboards uses (it renamed Kibana's `useNormalizedEsInterval`). */
const OSD_ONLY_PARAMS = ['useNormalizedOpenSearchInterval'];

const visStateProblems = (at: string, object: Json): string[] => {
  const state = parsed((object.attributes as Json).visState) as Json | undefined;
  if (state === undefined || state === null || typeof state !== 'object') return [];
  const type = String(state.type);
  if (!KIBANA9_VIS_TYPES.has(type))
    return [
      `${at}: visState type ${type} is not among the types checked against Kibana 9's registry (${[...KIBANA9_VIS_TYPES].join(', ')})`,
    ];
  const params = (state.params ?? {}) as Json;
  const problems: string[] = [];
  if (
    ['line', 'area', 'histogram', 'horizontal_bar'].includes(type) &&
    !['line', 'area', 'histogram'].includes(String(params.type))
  )
    problems.push(
      `${at}: visState params.type ${String(params.type)} is not a Kibana series type (line, area, histogram)`,
    );
  if (type === 'pie' && (params.addLegend !== undefined || typeof params.legendDisplay !== 'string'))
    problems.push(`${at}: a pie at 8.1.0 and later has legendDisplay, not addLegend`);
  for (const agg of (state.aggs ?? []) as Json[])
    for (const name of OSD_ONLY_PARAMS)
      if (name in ((agg.params ?? {}) as Json))
        problems.push(
          `${at}: aggregation ${String(agg.id)} has OpenSearch Dashboards' ${name}, which Kibana does not read`,
        );
  return problems;
};
