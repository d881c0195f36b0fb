import type { FieldCatalog } from '../core';
import { checkDashboardFields } from './check-fields';
import { type DeadLetterField, type IndexPatternSpec, indexPatterns, type PatternField } from './fields';
import type { SavedObjectsFormat } from './formats';
import { KIBANA8_CORE_VERSION, KIBANA8_TYPE_VERSIONS } from './kibana8-versions';
import { kibana8VisState } from './kibana8-vis-state';
import { MIGRATION_VERSIONS, type SavedObjectType } from './migration-versions';
import type { Dashboard, DashboardItem, PanelFilter, SavedSearch } from './model';
import { visState } from './vis-state';

/** One saved object as the import API takes it (one line of the NDJSON file). */
export interface SavedObject extends VersionStamp {
  readonly id: string;
  readonly type: SavedObjectType;
  readonly attributes: Record<string, unknown>;
  readonly references: readonly { readonly name: string; readonly type: string; readonly id: string }[];
}

/**
 * How an object says which version its attributes are at: `migrationVersion` in the 7.10-era file (what
 * OpenSearch Dashboards and Kibana 7.10–8.x read), `coreMigrationVersion` + `typeMigrationVersion` + `managed`
 * in the Kibana 8-format file (what Kibana 8.8 and later export).
 */
export interface VersionStamp {
  readonly migrationVersion?: Record<string, string>;
  readonly coreMigrationVersion?: string;
  readonly typeMigrationVersion?: string;
  readonly managed?: boolean;
}

export interface SavedObjectsOptions {
  readonly catalog: FieldCatalog;
  readonly deadLetterFields: readonly DeadLetterField[];
  readonly dashboards: readonly Dashboard[];
  /** The index prefix (`cwl`): index patterns read `<prefix>-<type>-*`. */
  readonly prefix: string;
  /** Which file: `kibana7` (7.10-era, the default) or `kibana8` (Kibana 8.8 and later, 9.x). */
  readonly format?: SavedObjectsFormat;
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
  // In order of first use (a Set keeps insertion order), so the file reads in the dashboards' order and
  // does not move when the registry's sniffing order changes.
  const used = new Set(
    options.dashboards.flatMap((dashboard) =>
      dashboard.items.map((item) =>
        item.kind === 'panel' ? item.panel.indexPattern : item.search.indexPattern,
      ),
    ),
  );
  const patternId = (key: string): string => patterns.find((pattern) => pattern.key === key)?.id ?? key;
  const writer = WRITERS[options.format ?? 'kibana7'];
  return [
    ...[...used]
      .flatMap((key) => patterns.filter((pattern) => pattern.key === key))
      .map((pattern) => indexPatternObject(pattern, writer)),
    ...options.dashboards.flatMap((dashboard) =>
      dashboard.items.map((item) => itemObject(item, patternId, writer)),
    ),
    ...options.dashboards.map((dashboard) => dashboardObject(dashboard, writer)),
  ];
};

/** A dashboard panel as panelsJSON stores it, with the reference its panelRefName resolves to. */
interface StoredPanel {
  readonly panel: Record<string, unknown>;
  readonly reference: { readonly name: string; readonly type: string; readonly id: string };
}

/** Where the two files differ: the version stamp, the visState, and how a dashboard panel names its object. */
interface FormatWriter {
  stamp(type: SavedObjectType): VersionStamp;
  visState(state: Record<string, unknown>): Record<string, unknown>;
  panel(index: number, gridData: GridData, type: 'visualization' | 'search', id: string): StoredPanel;
}

interface GridData {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly i: string;
}

const WRITERS: Readonly<Record<SavedObjectsFormat, FormatWriter>> = {
  // OpenSearch Dashboards 1.x–3.x, Kibana 7.10–8.x: Kibana 7.10's panel shape (no panel type, the reference
  // named by panelRefName alone), migrated on import by every newer server.
  kibana7: {
    stamp: (type) => ({ migrationVersion: { [type]: MIGRATION_VERSIONS[type] } }),
    visState: (state) => state,
    panel: (index, gridData, type, id) => ({
      panel: {
        version: '7.10.2',
        gridData,
        panelIndex: String(index + 1),
        embeddableConfig: {},
        panelRefName: `panel_${index}`,
      },
      reference: { name: `panel_${index}`, type, id },
    }),
  },
  // Kibana 8.8 and later (9.x): the panel as Kibana 8's reference extraction writes it — it carries its type,
  // panelRefName is panel_<panelIndex> and the reference is named <panelIndex>:panel_<panelIndex>
  // (elastic/kibana src/platform/plugins/shared/dashboard/server/dashboard_saved_object/migrations/
  // migrate_extract_panel_references/dashboard_container_references.ts @248177f2, createExtract, and
  // dashboard_panel_converters.ts @09aec471). Injection looks the reference up by that prefixed name and
  // fails the dashboard with 'Could not find reference' when it is missing.
  kibana8: {
    stamp: (type) => ({
      coreMigrationVersion: KIBANA8_CORE_VERSION,
      typeMigrationVersion: KIBANA8_TYPE_VERSIONS[type],
      managed: false,
    }),
    visState: kibana8VisState,
    panel: (index, gridData, type, id) => {
      const panelIndex = String(index + 1);
      return {
        panel: { type, gridData, panelIndex, embeddableConfig: {}, panelRefName: `panel_${panelIndex}` },
        reference: { name: `${panelIndex}:panel_${panelIndex}`, type, id },
      };
    },
  },
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

const indexPatternObject = (pattern: IndexPatternSpec, writer: FormatWriter): SavedObject => ({
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
  ...writer.stamp('index-pattern'),
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

const itemObject = (
  item: DashboardItem,
  patternId: (key: string) => string,
  writer: FormatWriter,
): SavedObject =>
  item.kind === 'panel'
    ? visualizationObject(item.panel, patternId(item.panel.indexPattern), writer)
    : searchObject(item.search, patternId(item.search.indexPattern), writer);

const visualizationObject = (
  panel: Extract<DashboardItem, { kind: 'panel' }>['panel'],
  patternId: string,
  writer: FormatWriter,
): SavedObject => {
  const source = searchSource(patternId, panel.query, panel.filters ?? []);
  return {
    id: panel.id,
    type: 'visualization',
    attributes: {
      title: panel.title,
      description: panel.description ?? '',
      visState: JSON.stringify(writer.visState(visState(panel))),
      uiStateJSON: '{}',
      version: 1,
      kibanaSavedObjectMeta: { searchSourceJSON: source.searchSourceJSON },
    },
    references: source.references,
    ...writer.stamp('visualization'),
  };
};

const searchObject = (search: SavedSearch, patternId: string, writer: FormatWriter): SavedObject => {
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
    ...writer.stamp('search'),
  };
};

/** Panels two to a row (24 of 48 grid columns), a saved search across the whole width. */
const dashboardObject = (dashboard: Dashboard, writer: FormatWriter): SavedObject => {
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
    return item.kind === 'panel'
      ? writer.panel(index, gridData, 'visualization', item.panel.id)
      : writer.panel(index, gridData, 'search', item.search.id);
  });
  return {
    id: dashboard.id,
    type: 'dashboard',
    attributes: {
      title: dashboard.title,
      description: dashboard.description,
      hits: 0,
      panelsJSON: JSON.stringify(panels.map((stored) => stored.panel)),
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
    references: panels.map((stored) => stored.reference),
    ...writer.stamp('dashboard'),
  };
};
