import {
  DASHBOARDS,
  dashboardsNdjson,
  importProblems,
  KIBANA9_RULES,
  OSD_RULES,
  panelsOf,
  savedObjectsFormat,
} from '../../../src/dashboards';
import { kibana8VisState } from '../../../src/dashboards/kibana8-vis-state';

// No Kibana can run on this machine: the Kibana 8-format file is checked against Kibana 9's import rules as
// read in its source (src/dashboards/import-rules-kibana9.ts names the files and commits).

type Json = Record<string, unknown>;

const objectsOf = (ndjson: string): Json[] =>
  ndjson
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Json);
const lines = (objects: Json[]) => `${objects.map((object) => JSON.stringify(object)).join('\n')}\n`;
const kibana8 = () => objectsOf(dashboardsNdjson('cwl', 'kibana8'));
const kibana7 = () => objectsOf(dashboardsNdjson('cwl', 'kibana7'));
const attributesOf = (object: Json | undefined) => (object?.attributes ?? {}) as Json;
const visStateOf = (object: Json | undefined) => JSON.parse(String(attributesOf(object).visState)) as Json;
const panelsJsonOf = (object: Json | undefined) =>
  JSON.parse(String(attributesOf(object).panelsJSON)) as Json[];
const replace = (objects: Json[], id: string, change: (object: Json) => Json) =>
  objects.map((object) => (object.id === id ? change(object) : object));
const firstOfType = (objects: Json[], type: string, chart?: string) =>
  objects.find(
    (object) => object.type === type && (chart === undefined || visStateOf(object).type === chart),
  ) as Json;

describe('Dashboards: the Kibana 8-format file against Kibana 9 import rules', () => {
  it('passes every rule: 8.x versions no newer than Kibana 8.8 knows, schema attributes, panels and references', () => {
    // Act
    const problems = importProblems(dashboardsNdjson('cwl', 'kibana8'), KIBANA9_RULES);

    // Assess
    expect(problems).toEqual([]);
  });

  it('stamps every object as Kibana 8.8+ exports do (coreMigrationVersion, typeMigrationVersion, managed) and never with migrationVersion', () => {
    // Act
    const objects = kibana8();

    // Assess
    for (const object of objects) {
      expect(object).not.toHaveProperty('migrationVersion');
      expect(object.coreMigrationVersion).toMatch(/^8\.\d+\.\d+$/);
      expect(object.typeMigrationVersion).toMatch(/^8\.\d+\.\d+$/);
      expect(object.managed).toBe(false);
    }
    expect(new Set(objects.map((object) => object.type))).toEqual(
      new Set(['index-pattern', 'visualization', 'search', 'dashboard']),
    );
  });

  it('refuses the 7.10-era file: every object is older than 8.0.0, and its panels are not in Kibana 8 form', () => {
    // Prepare
    const objects = kibana7();

    // Act
    const problems = importProblems(lines(objects), KIBANA9_RULES);

    // Assess
    const tooOld = problems.filter((problem) =>
      problem.includes('is older than 8.0.0: Kibana 9 imports objects of 8.x'),
    );
    expect(tooOld).toHaveLength(objects.length);
    expect(problems).toContainEqual(
      expect.stringMatching(/dashboard:cwlpipe-dashboard-vpcflow\): panel 1 has no type/),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/panelsJSON names the reference 1:panel_0, which is not declared/),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/has OpenSearch Dashboards' useNormalizedOpenSearchInterval/),
    );
  });

  it('is not the file for OpenSearch Dashboards: its panel references are named as only Kibana 8 looks them up', () => {
    // Act
    const problems = importProblems(dashboardsNdjson('cwl', 'kibana8'), OSD_RULES);

    // Assess
    expect(problems).toContainEqual(
      expect.stringContaining('panelsJSON names the reference panel_1, which is not declared'),
    );
  });

  it('names a version Kibana 8.8 does not know yet, a core version newer than it, and a non-boolean managed', () => {
    // Prepare: a dashboard model version (10.N.0) that 8.8 lacks, and a core version of 9.
    let objects = replace(kibana8(), 'cwlpipe-dashboard-vpcflow', (object) => ({
      ...object,
      typeMigrationVersion: '10.2.0',
    }));
    objects = replace(objects, 'cwlpipe-vpcflow', (object) => ({
      ...object,
      coreMigrationVersion: '9.1.0',
      managed: 'no',
    }));

    // Act
    const problems = importProblems(lines(objects), KIBANA9_RULES);

    // Assess
    expect(problems).toEqual([
      expect.stringMatching(
        /index-pattern:cwlpipe-vpcflow\): coreMigrationVersion 9\.1\.0 is newer than Kibana 8\.8\.0/,
      ),
      expect.stringMatching(/index-pattern:cwlpipe-vpcflow\): managed must be true or false/),
      expect.stringMatching(
        /dashboard:cwlpipe-dashboard-vpcflow\): typeMigrationVersion 10\.2\.0 is newer than dashboard's last migration/,
      ),
    ]);
  });

  it('names an attribute the type schema does not declare, a missing title and an unknown searchSource key', () => {
    // Prepare
    const objects = kibana8();
    const visualization = firstOfType(objects, 'visualization');
    const search = firstOfType(objects, 'search');
    let changed = replace(objects, String(visualization.id), (object) => ({
      ...object,
      attributes: { ...attributesOf(object), savedSearchId: 'x' },
    }));
    changed = replace(changed, String(search.id), (object) => {
      const { title: _title, ...rest } = attributesOf(object);
      return {
        ...object,
        attributes: { ...rest, kibanaSavedObjectMeta: { searchSourceJSON: '{}', index: 'x' } },
      };
    });

    // Act
    const problems = importProblems(lines(changed), KIBANA9_RULES);

    // Assess
    expect(problems).toEqual([
      expect.stringContaining(
        `(visualization:${String(visualization.id)}): attribute savedSearchId is not in the visualization schema`,
      ),
      expect.stringContaining(`(search:${String(search.id)}): attribute title is required`),
      expect.stringContaining(
        `(search:${String(search.id)}): kibanaSavedObjectMeta.index is not in the schema`,
      ),
    ]);
  });

  it('names a panel whose reference is missing, whose type is missing, and whose gridData does not match its panelIndex', () => {
    // Prepare
    const objects = replace(kibana8(), 'cwlpipe-dashboard-lambda', (object) => {
      const [first, second, ...rest] = panelsJsonOf(object);
      const { type: _type, ...untyped } = second as Json;
      return {
        ...object,
        attributes: {
          ...attributesOf(object),
          panelsJSON: JSON.stringify([
            { ...first, gridData: { ...(first?.gridData as Json), i: 'x' } },
            untyped,
            ...rest,
          ]),
        },
        references: (object.references as Json[]).filter((reference) => reference.name !== '3:panel_3'),
      };
    });

    // Act
    const problems = importProblems(lines(objects), KIBANA9_RULES);

    // Assess
    expect(problems).toEqual([
      expect.stringContaining('panel 1 needs gridData with numbers x, y, w, h and i equal to its panelIndex'),
      expect.stringContaining('panel 2 has no type'),
      expect.stringContaining('panelsJSON names the reference 3:panel_3, which is not declared'),
    ]);
  });

  it('names a visualization type outside the checked registry, a pie still at addLegend, and a bar whose params.type is not a series kind', () => {
    // Prepare
    const objects = kibana8();
    const pie = firstOfType(objects, 'visualization', 'pie');
    const bar = firstOfType(objects, 'visualization', 'horizontal_bar');
    const table = firstOfType(objects, 'visualization', 'table');
    const withState = (change: (state: Json) => Json) => (object: Json) => ({
      ...object,
      attributes: { ...attributesOf(object), visState: JSON.stringify(change(visStateOf(object))) },
    });
    let changed = replace(
      objects,
      String(pie.id),
      withState((state) => ({ ...state, params: { ...(state.params as Json), addLegend: true } })),
    );
    changed = replace(
      changed,
      String(bar.id),
      withState((state) => ({ ...state, params: { ...(state.params as Json), type: 'horizontal_bar' } })),
    );
    changed = replace(
      changed,
      String(table.id),
      withState((state) => ({ ...state, type: 'osd_only_chart' })),
    );

    // Act
    const problems = importProblems(lines(changed), KIBANA9_RULES);

    // Assess
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          `(visualization:${String(pie.id)}): a pie at 8.1.0 and later has legendDisplay, not addLegend`,
        ),
        expect.stringContaining(
          `(visualization:${String(bar.id)}): visState params.type horizontal_bar is not a Kibana series type`,
        ),
        expect.stringContaining(
          `(visualization:${String(table.id)}): visState type osd_only_chart is not among the types checked`,
        ),
      ]),
    );
    expect(problems).toHaveLength(3);
  });
});

describe('Dashboards: one model, two files', () => {
  it('writes the same objects in the same order, each visualization a model panel with the same aggregations (one parameter renamed)', () => {
    // Prepare: the panels whose requests the integration test runs against OpenSearch are the model's.
    const modelPanels = new Set(DASHBOARDS.flatMap(panelsOf).map((panel) => panel.id));
    const older = kibana7();

    // Act
    const newer = kibana8();

    // Assess
    expect(newer.map((object) => `${String(object.type)}:${String(object.id)}`)).toEqual(
      older.map((object) => `${String(object.type)}:${String(object.id)}`),
    );
    for (const [index, object] of newer.entries()) {
      if (object.type !== 'visualization') continue;
      expect(modelPanels.has(String(object.id))).toBe(true);
      const renamed = JSON.parse(
        JSON.stringify(visStateOf(older[index]).aggs).replaceAll(
          'useNormalizedOpenSearchInterval',
          'useNormalizedEsInterval',
        ),
      ) as unknown;
      expect(visStateOf(object).aggs).toEqual(renamed);
      expect(attributesOf(object).kibanaSavedObjectMeta).toEqual(
        attributesOf(older[index]).kibanaSavedObjectMeta,
      );
      expect(object.references).toEqual(older[index]?.references);
    }
  });

  it('lays dashboards out alike and points each panel at the same object', () => {
    // Prepare
    const older = kibana7().filter((object) => object.type === 'dashboard');

    // Act
    const newer = kibana8().filter((object) => object.type === 'dashboard');

    // Assess
    for (const [index, dashboard] of newer.entries()) {
      const before = older[index];
      expect(panelsJsonOf(dashboard).map((panel) => panel.gridData)).toEqual(
        panelsJsonOf(before).map((panel) => panel.gridData),
      );
      const pointers = (object: Json | undefined) =>
        ((object?.references ?? []) as Json[]).map((reference) => [reference.type, reference.id]);
      expect(pointers(dashboard)).toEqual(pointers(before));
      expect(pointers(dashboard)).toHaveLength(panelsJsonOf(dashboard).length);
    }
  });
});

describe('Dashboards: the visState at Kibana 8.5.0', () => {
  it('makes the changes of the 7.11.0 to 8.5.0 migrations for each chart type', () => {
    // Prepare
    const line = { type: 'line', params: { type: 'line', seriesParams: [{ show: true }] }, aggs: [] };
    const pie = { type: 'pie', params: { addLegend: false, labels: { last: true } }, aggs: [] };
    const table = { type: 'table', params: { perPage: 10 }, aggs: [] };

    // Act
    const [newLine, newPie, newTable] = [line, pie, table].map(
      (state) => kibana8VisState(state).params as Json,
    );

    // Assess
    expect(newLine).toMatchObject({
      isVislibVis: true,
      detailedTooltip: true,
      fittingFunction: 'linear',
      legendSize: 'auto',
      palette: { type: 'palette', name: 'kibana_palette' },
      seriesParams: [{ show: true, circlesRadius: 1 }],
    });
    expect(newPie).toEqual({
      labels: { last_level: true },
      palette: { type: 'palette', name: 'kibana_palette' },
      distinctColors: true,
      legendDisplay: 'hide',
      legendSize: 'auto',
    });
    expect(newTable).toEqual({ perPage: 10, showToolbar: true });
  });

  it('gives a horizontal bar the series kind Kibana uses and no fitting function', () => {
    // Act
    const params = kibana8VisState({ type: 'horizontal_bar', params: { type: 'horizontal_bar' }, aggs: [] })
      .params as Json;

    // Assess
    expect(params.type).toBe('histogram');
    expect(params).not.toHaveProperty('fittingFunction');
  });
});

describe('Dashboards: choosing the file', () => {
  it('reads kibana7 and kibana8, and names both when given another', () => {
    // Act
    const read = ['kibana7', 'kibana8'].map(savedObjectsFormat);
    const act = () => savedObjectsFormat('kibana9');

    // Assess
    expect(read).toEqual(['kibana7', 'kibana8']);
    expect(act).toThrow('--format must be kibana7 or kibana8, not "kibana9".');
  });
});
