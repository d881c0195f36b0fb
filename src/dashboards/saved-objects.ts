import type { FieldCatalog } from '../core';
import { checkDashboardFields } from './check-fields';
import { type DeadLetterField, type IndexPatternSpec, indexPatterns, type PatternField } from './fields';
import { MIGRATION_VERSIONS, type SavedObjectType } from './migration-versions';
import type { Dashboard, DashboardItem, PanelFilter, SavedSearch } from './model';
import { visState } from './vis-state';

/** One saved object as the import API takes it (one line of the NDJSON file). */
export interface SavedObject {
  readonly id: string;
  readonly type: SavedObjectType;
  readonly attributes: Record<string, unknown>;
  readonly references: readonly { readonly name: string; readonly type: string; readonly id: string }[];
  readonly migrationVersion: Record<string, string>;
}

export interface SavedObjectsOptions {
  readonly catalog: FieldCatalog;
  readonly deadLetterFields: readonly DeadLetterField[];
  readonly dashboards: readonly Dashboard[];
  /** The index prefix (`cwl`): index patterns read `<prefix>-<type>-*`. */
  readonly prefix: string;
}

/**
 * The saved objects of the dashboards: index patterns, visualizations, saved searches and dashboards, in
 * the order an import needs them. Every field is checked against the field table first; a field that is
 * missing, or aggregated but not aggregatable, stops the generation with a DashboardFieldError.
 *
 * @example
 * ```ts
 * const objects = buildSavedObjects({ catalog: FIELD_CATALOG, deadLetterFields, dashboards: DASHBOARDS, prefix: 'cwl' });
 * objects.map((object) => `${object.type}:${object.id}`); // ['index-pattern:cwlpipe-vpcflow', …]
 * ```
 */
export const buildSavedObjects = (options: SavedObjectsOptions): SavedObject[] => {
  const patterns = indexPatterns(options.catalog, options.deadLetterFields, options.prefix);
  checkDashboardFields(options.dashboards, patterns);
  const used = new Set(
    options.dashboards.flatMap((dashboard) =>
      dashboard.items.map((item) =>
        item.kind === 'panel' ? item.panel.indexPattern : item.search.indexPattern,
      ),
    ),
  );
  const patternId = (key: string): string => patterns.find((pattern) => pattern.key === key)?.id ?? key;
  return [
    ...patterns.filter((pattern) => used.has(pattern.key)).map(indexPatternObject),
    ...options.dashboards.flatMap((dashboard) => dashboard.items.map((item) => itemObject(item, patternId))),
    ...options.dashboards.map(dashboardObject),
  ];
};

/** The objects as NDJSON: one JSON object per line, ending with a newline. */
export const toNdjson = (objects: readonly SavedObject[]): string =>
  objects.map((object) => `${JSON.stringify(object)}\n`).join('');

const osdType = (field: PatternField): string => {
  switch (field.esType) {
    case 'keyword':
    case 'text':
      return 'string';
    case 'long':
    case 'integer':
    case 'short':
    case 'double':
      return 'number';
    case 'binary':
      return 'unknown';
    default:
      return field.esType;
  }
};

const indexPatternObject = (pattern: IndexPatternSpec): SavedObject => ({
  id: pattern.id,
  type: 'index-pattern',
  attributes: {
    title: pattern.title,
    timeFieldName: '@timestamp',
    fields: JSON.stringify(
      pattern.fields.map((field) => ({
        name: field.name,
        type: osdType(field),
        count: 0,
        scripted: false,
        searchable: field.searchable,
        aggregatable: field.aggregatable,
        readFromDocValues: field.aggregatable,
        esTypes: [field.esType],
      })),
    ),
  },
  references: [],
  migrationVersion: { 'index-pattern': MIGRATION_VERSIONS['index-pattern'] },
});

const INDEX_REF = 'kibanaSavedObjectMeta.searchSourceJSON.index';
const filterRef = (index: number): string =>
  `kibanaSavedObjectMeta.searchSourceJSON.filter[${index}].meta.index`;

/** The search source of a visualization or saved search, with its references (index pattern, filters). */
const searchSource = (
  patternId: string,
  query: string,
  filters: readonly PanelFilter[],
): Pick<SavedObject, 'references'> & { searchSourceJSON: string } => ({
  searchSourceJSON: JSON.stringify({
    query: { query, language: 'lucene' },
    filter: filters.map((filter, index) => storedFilter(filter, index)),
    indexRefName: INDEX_REF,
  }),
  references: [
    { name: INDEX_REF, type: 'index-pattern', id: patternId },
    ...filters.map((_, index) => ({ name: filterRef(index), type: 'index-pattern', id: patternId })),
  ],
});

/** A structured filter as the filter bar stores it (meta for the pill, the query clause to run). */
const storedFilter = (filter: PanelFilter, index: number): Record<string, unknown> => {
  const meta = {
    alias: null,
    negate: filter.negate === true,
    disabled: false,
    key: filter.field,
    indexRefName: filterRef(index),
  };
  switch (filter.kind) {
    case 'phrase':
      return {
        meta: { ...meta, type: 'phrase', params: { query: filter.value } },
        query: { match_phrase: { [filter.field]: filter.value } },
        $state: { store: 'appState' },
      };
    case 'phrases':
      return {
        meta: { ...meta, type: 'phrases', params: [...filter.values], value: filter.values.join(', ') },
        query: {
          bool: {
            should: filter.values.map((value) => ({ match_phrase: { [filter.field]: value } })),
            minimum_should_match: 1,
          },
        },
        $state: { store: 'appState' },
      };
    case 'exists':
      return {
        meta: { ...meta, type: 'exists', value: 'exists' },
        exists: { field: filter.field },
        $state: { store: 'appState' },
      };
  }
};

const itemObject = (item: DashboardItem, patternId: (key: string) => string): SavedObject =>
  item.kind === 'panel'
    ? visualizationObject(item.panel, patternId(item.panel.indexPattern))
    : searchObject(item.search, patternId(item.search.indexPattern));

const visualizationObject = (
  panel: Extract<DashboardItem, { kind: 'panel' }>['panel'],
  patternId: string,
): SavedObject => {
  const source = searchSource(patternId, panel.query, panel.filters ?? []);
  return {
    id: panel.id,
    type: 'visualization',
    attributes: {
      title: panel.title,
      description: panel.description ?? '',
      visState: JSON.stringify(visState(panel)),
      uiStateJSON: '{}',
      version: 1,
      kibanaSavedObjectMeta: { searchSourceJSON: source.searchSourceJSON },
    },
    references: source.references,
    migrationVersion: { visualization: MIGRATION_VERSIONS.visualization },
  };
};

const searchObject = (search: SavedSearch, patternId: string): SavedObject => {
  const source = searchSource(patternId, search.query, search.filters ?? []);
  return {
    id: search.id,
    type: 'search',
    attributes: {
      title: search.title,
      description: search.description ?? '',
      hits: 0,
      columns: [...search.columns],
      sort: [['@timestamp', 'desc']],
      version: 1,
      kibanaSavedObjectMeta: { searchSourceJSON: source.searchSourceJSON },
    },
    references: source.references,
    migrationVersion: { search: MIGRATION_VERSIONS.search },
  };
};

/** Panels two to a row (24 of 48 grid columns), a saved search across the whole width. */
const dashboardObject = (dashboard: Dashboard): SavedObject => {
  let x = 0;
  let y = 0;
  const panels = dashboard.items.map((item, index) => {
    const wide = item.kind === 'search';
    if (wide && x !== 0) {
      x = 0;
      y += 15;
    }
    const gridData = { x, y, w: wide ? 48 : 24, h: 15, i: String(index + 1) };
    if (wide || x === 24) {
      x = 0;
      y += 15;
    } else x = 24;
    return {
      version: '7.10.2',
      gridData,
      panelIndex: String(index + 1),
      embeddableConfig: {},
      panelRefName: `panel_${index}`,
    };
  });
  return {
    id: dashboard.id,
    type: 'dashboard',
    attributes: {
      title: dashboard.title,
      description: dashboard.description,
      hits: 0,
      panelsJSON: JSON.stringify(panels),
      optionsJSON: JSON.stringify({ hidePanelTitles: false, useMargins: true }),
      version: 1,
      timeRestore: true,
      timeFrom: dashboard.timeFrom,
      timeTo: 'now',
      refreshInterval: { pause: true, value: 0 },
      kibanaSavedObjectMeta: {
        searchSourceJSON: JSON.stringify({ query: { query: '', language: 'lucene' }, filter: [] }),
      },
    },
    references: dashboard.items.map((item, index) => ({
      name: `panel_${index}`,
      type: item.kind === 'panel' ? 'visualization' : 'search',
      id: item.kind === 'panel' ? item.panel.id : item.search.id,
    })),
    migrationVersion: { dashboard: MIGRATION_VERSIONS.dashboard },
  };
};
