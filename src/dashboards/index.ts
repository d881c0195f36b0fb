// The dashboards floor as other floors see it: the definitions, the saved-objects file, the import check,
// the translation of panels into searches, and the import into OpenSearch Dashboards or Kibana.
import { deadLetterTemplate } from '../connectors';
import { FIELD_CATALOG } from '../transformers';
import { DASHBOARDS } from './definitions';
import { type IndexPatternSpec, indexPatterns, mappingFields } from './fields';
import type { SavedObjectsFormat } from './formats';
import { assertImportable } from './import-check';
import type { ImportRules } from './import-rules';
import { KIBANA9_RULES } from './import-rules-kibana9';
import { OSD_RULES } from './import-rules-osd';
import { buildSavedObjects, toNdjson } from './saved-objects';

export { DASHBOARDS } from './definitions';
export { DashboardError, DashboardFieldError, DashboardsImportError, SavedObjectsCheckError } from './errors';
export type { IndexPatternSpec } from './fields';
export { SAVED_OBJECTS_FORMATS, type SavedObjectsFormat, savedObjectsFormat } from './formats';
export { assertImportable, importProblems } from './import-check';
export type { ImportRules } from './import-rules';
export { KIBANA9_RULES } from './import-rules-kibana9';
export { OSD_RULES } from './import-rules-osd';
export { type ImportReport, type ImportTarget, importSavedObjects } from './install';
export type { Dashboard, Panel, SavedSearch } from './model';
export { panelsOf, searchesOf } from './model';
export { buildSavedObjects, toNdjson } from './saved-objects';
export { type PanelTable, tabifyPanel, tabifySearch } from './tabify';
export { relativeRange, type TimeRange } from './time-range';
export { type SearchRequest, translatePanel, translateSearch } from './translate';

/** The dead-letter index's fields, as the dead-letter sink's template declares them. */
export const DEAD_LETTER_FIELDS = mappingFields(
  deadLetterTemplate().template.mappings.properties as Parameters<typeof mappingFields>[0],
);

/**
 * The index patterns of the shipped dashboards under an index prefix.
 *
 * @example
 * ```ts
 * dashboardIndexPatterns('cwl').map((pattern) => pattern.title); // ['cwl-vpcflow-*', …]
 * ```
 */
export const dashboardIndexPatterns = (prefix = 'cwl'): IndexPatternSpec[] =>
  indexPatterns(FIELD_CATALOG, DEAD_LETTER_FIELDS, prefix);

/**
 * The saved-objects NDJSON of the shipped dashboards, generated from the field table and checked against
 * its targets' import rules: what `cwlpipe dashboards export` prints and `setup dashboards` imports. The
 * `kibana7` file (default) is for OpenSearch Dashboards 1.x–3.x and Kibana 7.10–8.x, the `kibana8` file for
 * Kibana 8.8 and later, 9.x included.
 *
 * @example
 * ```ts
 * writeFileSync('dashboards.ndjson', dashboardsNdjson());
 * writeFileSync('dashboards-kibana8.ndjson', dashboardsNdjson('cwl', 'kibana8'));
 * ```
 */
export const dashboardsNdjson = (prefix = 'cwl', format: SavedObjectsFormat = 'kibana7'): string => {
  const ndjson = toNdjson(
    buildSavedObjects({
      catalog: FIELD_CATALOG,
      deadLetterFields: DEAD_LETTER_FIELDS,
      dashboards: DASHBOARDS,
      prefix,
      format,
    }),
  );
  assertImportable(ndjson, importRulesOf(format));
  return ndjson;
};

/**
 * The import rules a file of this format is checked against: Kibana 9's for `kibana8`, OpenSearch
 * Dashboards' (and Kibana 7.10–8.x's) for `kibana7`.
 *
 * @example
 * ```ts
 * importProblems(dashboardsNdjson('cwl', 'kibana8'), importRulesOf('kibana8')); // []
 * ```
 */
export const importRulesOf = (format: SavedObjectsFormat): ImportRules =>
  format === 'kibana8' ? KIBANA9_RULES : OSD_RULES;
