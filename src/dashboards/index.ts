// The dashboards floor as other floors see it: the definitions, the saved-objects file, the import check,
// the translation of panels into searches, and the import into OpenSearch Dashboards or Kibana.
import { deadLetterTemplate } from '../connectors';
import { FIELD_CATALOG } from '../transformers';
import { DASHBOARDS } from './definitions';
import { type IndexPatternSpec, indexPatterns, mappingFields } from './fields';
import { assertImportable } from './import-check';
import { buildSavedObjects, toNdjson } from './saved-objects';

export { DASHBOARDS } from './definitions';
export { DashboardError, DashboardFieldError, DashboardsImportError, SavedObjectsCheckError } from './errors';
export type { IndexPatternSpec } from './fields';
export { assertImportable, importProblems } from './import-check';
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
 * the import rules: what `cwlpipe dashboards export` prints and `setup dashboards` imports.
 *
 * @example
 * ```ts
 * writeFileSync('dashboards.ndjson', dashboardsNdjson());
 * ```
 */
export const dashboardsNdjson = (prefix = 'cwl'): string => {
  const ndjson = toNdjson(
    buildSavedObjects({
      catalog: FIELD_CATALOG,
      deadLetterFields: DEAD_LETTER_FIELDS,
      dashboards: DASHBOARDS,
      prefix,
    }),
  );
  assertImportable(ndjson);
  return ndjson;
};
