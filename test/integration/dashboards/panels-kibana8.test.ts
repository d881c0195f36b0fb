import {
  DASHBOARDS,
  dashboardIndexPatterns,
  dashboardsNdjson,
  type Panel,
  panelsOf,
  type SavedSearch,
  type SearchRequest,
  searchesOf,
  tabifyPanel,
  tabifySearch,
  translatePanel,
  translateSearch,
} from '../../../src/dashboards';
import { deleteIndices, ENGINES } from '../opensearch/support';
import { EMPTY_FOR_A_REASON, type LoadedCorpus, loadCorpus } from './corpus';

// No Kibana can run here; Kibana's searches go to Elasticsearch, so every panel and saved search of the Kibana
// 8-format file is run, as the panel asks it, on the integration setup's real Elasticsearch. (The 7.10-era
// file's panels run on OpenSearch in panels.test.ts.)

type Json = Record<string, unknown>;

const ELASTICSEARCH = ENGINES.find((engine) => engine.id === 'elasticsearch');
if (ELASTICSEARCH === undefined) throw new Error('The integration setup has no Elasticsearch engine.');

/** The visualizations and saved searches of the Kibana 8-format file, each with the model item it was written from. */
const fileItems = (prefix: string): { panels: Panel[]; searches: SavedSearch[] } => {
  const objects = dashboardsNdjson(prefix, 'kibana8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Json);
  const idsOf = (type: string) =>
    objects.filter((object) => object.type === type).map((object) => String(object.id));
  const modelPanels = DASHBOARDS.flatMap(panelsOf);
  const modelSearches = DASHBOARDS.flatMap(searchesOf);
  const find = <T extends { id: string }>(items: readonly T[], id: string): T => {
    const found = items.find((item) => item.id === id);
    if (found === undefined)
      throw new Error(`The Kibana 8-format file holds ${id}, which the model does not.`);
    return found;
  };
  return {
    panels: idsOf('visualization').map((id) => find(modelPanels, id)),
    searches: idsOf('search').map((id) => find(modelSearches, id)),
  };
};

describe('Dashboards: every panel of the Kibana 8-format file on the real local Elasticsearch', () => {
  let corpus: LoadedCorpus;
  const items = fileItems('cwl');

  beforeAll(async () => {
    corpus = await loadCorpus('dashes', ELASTICSEARCH);
  });

  afterAll(async () => {
    await deleteIndices(corpus.client, corpus.prefix);
    await corpus.client.close();
  });

  const run = async (request: SearchRequest): Promise<{ status: number; body: Json }> => {
    const response = await corpus.client.search({ index: request.index, body: request.body as never });
    return { status: response.statusCode ?? 0, body: response.body as unknown as Json };
  };

  const patternOf = (key: string) => {
    const pattern = dashboardIndexPatterns(corpus.prefix).find((candidate) => candidate.key === key);
    if (pattern === undefined) throw new Error(`No index pattern ${key}.`);
    return pattern;
  };

  it('holds a visualization for every panel of the model and a saved search for every one of its searches', () => {
    // Assess
    expect(items.panels).toHaveLength(DASHBOARDS.flatMap(panelsOf).length);
    expect(items.searches).toHaveLength(DASHBOARDS.flatMap(searchesOf).length);
  });

  it.each(items.panels.map((panel) => [panel.title, panel] as const))(
    '"%s" answers HTTP 200 with no shard failures and buckets',
    async (_title, subject) => {
      // Act
      const { status, body } = await run(
        translatePanel(subject, patternOf(subject.indexPattern), corpus.range),
      );
      const table = tabifyPanel(subject, body);

      // Assess
      expect(status).toBe(200);
      expect((body._shards as { failed: number }).failed).toBe(0);
      if (subject.id in EMPTY_FOR_A_REASON) expect(table.rows).toEqual([]);
      else {
        expect(table.rows.length).toBeGreaterThan(0);
        const firstMetric = subject.buckets.length;
        for (const row of table.rows)
          expect(row.slice(firstMetric).some((cell) => typeof cell === 'number')).toBe(true);
      }
    },
  );

  it.each(items.searches.map((search) => [search.title, search] as const))(
    'saved search "%s" answers with documents and its columns',
    async (_title, search) => {
      // Act
      const { status, body } = await run(
        translateSearch(search, patternOf(search.indexPattern), corpus.range),
      );
      const table = tabifySearch(search, body);

      // Assess
      expect(status).toBe(200);
      expect((body._shards as { failed: number }).failed).toBe(0);
      expect(table.rows.length).toBeGreaterThan(0);
    },
  );

  it('puts the heaviest talker by bytes first among the top sources, as on OpenSearch', async () => {
    // Prepare: the sum of bytes per source address over every VPC document indexed.
    const bytesBySource = new Map<string, number>();
    for (const doc of corpus.docs) {
      const vpc = (doc.body as unknown as { vpc?: { srcaddr?: string; bytes?: number } }).vpc;
      if (doc.type === 'vpcflow' && vpc?.srcaddr !== undefined)
        bytesBySource.set(vpc.srcaddr, (bytesBySource.get(vpc.srcaddr) ?? 0) + (vpc.bytes ?? 0));
    }
    const [heaviest, bytes] = [...bytesBySource].sort((a, b) => b[1] - a[1])[0] ?? [];
    const subject = items.panels.find((panel) => panel.id === 'cwlpipe-vpc-top-sources-bytes') as Panel;

    // Act
    const { body } = await run(translatePanel(subject, patternOf(subject.indexPattern), corpus.range));

    // Assess
    expect(heaviest).toBeDefined();
    expect(tabifyPanel(subject, body).rows[0]).toEqual([heaviest, bytes]);
  });
});
