import type { FieldCatalog } from '../../../src/core';
import {
  buildSavedObjects,
  DASHBOARDS,
  type Dashboard,
  DashboardFieldError,
  DEAD_LETTER_FIELDS,
  dashboardsNdjson,
  importProblems,
  panelsOf,
  toNdjson,
} from '../../../src/dashboards';
import { FIELD_CATALOG } from '../../../src/transformers';

type Json = Record<string, unknown>;

const oneVpcPanel = (patch: Partial<ReturnType<typeof panelsOf>[number]>): Dashboard => ({
  id: 'd',
  title: 'Test',
  description: '',
  timeFrom: 'now-24h',
  items: [
    {
      kind: 'panel',
      panel: {
        id: 'p',
        title: 'Top talkers',
        chart: 'table',
        indexPattern: 'vpcflow',
        query: '',
        buckets: [{ agg: 'terms', field: 'vpc.srcaddr', size: 5 }],
        metrics: [{ agg: 'sum', field: 'vpc.bytes' }],
        ...patch,
      },
    },
  ],
});

const build = (dashboards: readonly Dashboard[], catalog: FieldCatalog = FIELD_CATALOG) =>
  buildSavedObjects({ catalog, deadLetterFields: DEAD_LETTER_FIELDS, dashboards, prefix: 'cwl' });

describe('Dashboards: saved objects generated from the field table', () => {
  it('generates an index pattern per data source, a visualization per panel, a search per saved search and each dashboard', () => {
    // Prepare
    const panels = DASHBOARDS.flatMap(panelsOf).length;
    // The patterns the dashboards use, in order of first use: only those are written, in that order.
    const used = [
      ...new Set(
        DASHBOARDS.flatMap((dashboard) =>
          dashboard.items.map((item) => (item.kind === 'panel' ? item.panel : item.search).indexPattern),
        ),
      ),
    ];

    // Act
    const objects = build(DASHBOARDS);

    // Assess
    const count = (type: string) => objects.filter((object) => object.type === type).length;
    expect(count('visualization')).toBe(panels);
    expect(count('dashboard')).toBe(DASHBOARDS.length);
    expect(objects.filter((object) => object.type === 'index-pattern').map((object) => object.id)).toEqual(
      used.map((key) => `cwlpipe-${key}`),
    );
    expect(objects.find((object) => object.id === 'cwlpipe-vpcflow')?.attributes.title).toBe('cwl-vpcflow-*');
  });

  it('passes the import check: unique ids, resolved references, 7.10-era migration versions, JSON strings that parse', () => {
    // Act
    const problems = importProblems(dashboardsNdjson());

    // Assess
    expect(problems).toEqual([]);
  });

  it('writes the panel as a 7.10 visState: metrics first, buckets in order with their schemas', () => {
    // Prepare
    const dashboard = oneVpcPanel({
      chart: 'line',
      buckets: [
        { agg: 'date_histogram', field: '@timestamp' },
        { agg: 'terms', field: 'vpc.action', size: 3 },
      ],
    });

    // Act
    const [, visualization] = build([dashboard]);
    const state = JSON.parse(String(visualization?.attributes.visState)) as { aggs: Json[] };

    // Assess
    expect(state.aggs.map((agg) => [agg.id, agg.type, agg.schema])).toEqual([
      ['1', 'sum', 'metric'],
      ['2', 'date_histogram', 'segment'],
      ['3', 'terms', 'group'],
    ]);
    expect(visualization?.migrationVersion).toEqual({ visualization: '7.10.0' });
  });

  it('stops with a clear error when a panel names a field the field table does not have', () => {
    // Prepare
    const dashboard = oneVpcPanel({ buckets: [{ agg: 'terms', field: 'vpc.nope', size: 5 }] });

    // Act
    const act = () => build([dashboard]);

    // Assess
    expect(act).toThrow(DashboardFieldError);
    expect(act).toThrow(
      'Panel "Top talkers" (p) of dashboard "Test" uses the field vpc.nope, which the field table does not have for cwl-vpcflow-*.',
    );
  });

  it('stops with a clear error when a panel aggregates a field that cannot be aggregated', () => {
    // Prepare: @message is text.
    const dashboard = oneVpcPanel({ buckets: [{ agg: 'terms', field: '@message', size: 5 }] });

    // Act
    const act = () => build([dashboard]);

    // Assess
    expect(act).toThrow(
      'aggregates the field @message, which is text in cwl-vpcflow-* and cannot be aggregated.',
    );
  });

  it('checks the fields a Lucene query names, and follows the field table when it changes', () => {
    // Prepare: a catalog without vpc.action, which the shipped VPC panels query and aggregate.
    const catalog: FieldCatalog = {
      ...FIELD_CATALOG,
      rows: FIELD_CATALOG.rows.filter((row) => row.name !== 'vpc.action'),
    };
    const queried = oneVpcPanel({ query: 'vpc.actoin:REJECT' });

    // Act
    const shipped = () => build(DASHBOARDS, catalog);
    const misspelt = () => build([queried]);

    // Assess
    expect(shipped).toThrow(/uses the field vpc\.action|aggregates the field vpc\.action/);
    expect(misspelt).toThrow('uses the field vpc.actoin, which the field table does not have');
  });
});

describe('Dashboards: the import check', () => {
  const valid = () =>
    dashboardsNdjson()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Json);
  const lines = (objects: Json[]) => `${objects.map((object) => JSON.stringify(object)).join('\n')}\n`;

  it('names a line that is not JSON, an unknown type and a duplicate type:id', () => {
    // Prepare
    const objects = valid();
    const text = `${lines([...objects, objects[0] as Json, { type: 'lens', id: 'x', attributes: {} }])}{oops\n`;

    // Act
    const problems = importProblems(text);

    // Assess
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^line \d+ is not JSON/),
        expect.stringMatching(/unknown type "lens"/),
        expect.stringMatching(/index-pattern:cwlpipe-vpcflow appears more than once/),
      ]),
    );
  });

  it('names a reference to an object that is not in the file', () => {
    // Prepare: the file without its VPC index pattern.
    const objects = valid().filter((object) => object.id !== 'cwlpipe-vpcflow');

    // Act
    const problems = importProblems(lines(objects));

    // Assess
    expect(problems).toContainEqual(
      expect.stringMatching(
        /visualization:cwlpipe-vpc-flows-over-time\): reference kibanaSavedObjectMeta.searchSourceJSON.index → index-pattern:cwlpipe-vpcflow is not in the file/,
      ),
    );
  });

  it('names a migrationVersion newer than the targets accept, and a JSON attribute that does not parse', () => {
    // Prepare
    const objects = valid().map((object) =>
      object.type === 'visualization' && object.id === 'cwlpipe-vpc-protocols'
        ? {
            ...object,
            migrationVersion: { visualization: '8.0.0' },
            attributes: { ...(object.attributes as Json), visState: '{"title":' },
          }
        : object,
    );

    // Act
    const problems = importProblems(lines(objects));

    // Assess
    expect(problems).toEqual([
      expect.stringContaining('migrationVersion.visualization 8.0.0 is newer than 7.10.0'),
      expect.stringContaining('visState does not parse'),
    ]);
  });

  it('names a panelRefName a dashboard does not declare', () => {
    // Prepare
    const objects = valid().map((object) =>
      object.type === 'dashboard'
        ? { ...object, references: (object.references as Json[]).slice(1) }
        : object,
    );

    // Act
    const problems = importProblems(lines(objects));

    // Assess
    expect(problems).toContainEqual(
      expect.stringContaining('panelsJSON names the reference panel_0, which is not declared'),
    );
  });

  it('accepts the generated file as written by toNdjson', () => {
    // Act
    const text = toNdjson(build(DASHBOARDS));

    // Assess
    expect(text.endsWith('\n')).toBe(true);
    expect(importProblems(text)).toEqual([]);
  });
});
