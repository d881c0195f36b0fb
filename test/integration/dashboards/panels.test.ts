import {
  DASHBOARDS,
  dashboardIndexPatterns,
  type Panel,
  panelsOf,
  type SearchRequest,
  searchesOf,
  tabifyPanel,
  tabifySearch,
  translatePanel,
  translateSearch,
} from '../../../src/dashboards';
import { deleteIndices } from '../opensearch/support';
import { EMPTY_FOR_A_REASON, type LoadedCorpus, loadCorpus } from './corpus';

type Json = Record<string, unknown>;

describe('Dashboards: every panel on the real local OpenSearch', () => {
  let corpus: LoadedCorpus;
  const patterns = (prefix: string) => dashboardIndexPatterns(prefix);

  beforeAll(async () => {
    corpus = await loadCorpus('dash');
  });

  afterAll(async () => {
    await deleteIndices(corpus.client, corpus.prefix);
    await corpus.client.close();
  });

  const run = async (request: SearchRequest): Promise<{ status: number; body: Json }> => {
    const response = await corpus.client.search({ index: request.index, body: request.body as never });
    return { status: response.statusCode ?? 0, body: response.body as unknown as Json };
  };

  const panel = (id: string): Panel => {
    const found = DASHBOARDS.flatMap(panelsOf).find((candidate) => candidate.id === id);
    if (found === undefined) throw new Error(`No panel ${id}.`);
    return found;
  };

  const tableOf = async (id: string) => {
    const subject = panel(id);
    const pattern = patterns(corpus.prefix).find((candidate) => candidate.key === subject.indexPattern);
    if (pattern === undefined) throw new Error(`No index pattern ${subject.indexPattern}.`);
    const { body } = await run(translatePanel(subject, pattern, corpus.range));
    return tabifyPanel(subject, body);
  };

  it.each(
    DASHBOARDS.flatMap((dashboard) =>
      panelsOf(dashboard).map((item) => [dashboard.title, item.title, item] as const),
    ),
  )('%s: "%s" answers HTTP 200 with no shard failures and buckets', async (_dashboard, _title, subject) => {
    // Prepare
    const pattern = patterns(corpus.prefix).find((candidate) => candidate.key === subject.indexPattern);
    if (pattern === undefined) throw new Error(`No index pattern ${subject.indexPattern}.`);

    // Act
    const { status, body } = await run(translatePanel(subject, pattern, corpus.range));
    const table = tabifyPanel(subject, body);

    // Assess
    expect(status).toBe(200);
    expect((body._shards as { failed: number }).failed).toBe(0);
    if (subject.id in EMPTY_FOR_A_REASON) {
      process.stderr.write(`"${subject.title}" is expected empty: ${EMPTY_FOR_A_REASON[subject.id]}.\n`);
      expect(table.rows).toEqual([]);
    } else {
      expect(table.rows.length).toBeGreaterThan(0);
      // Every metric column of every row holds a number (no missing leaves).
      const firstMetric = subject.buckets.length;
      for (const row of table.rows)
        for (const cell of row.slice(firstMetric)) expect(['number', 'string']).toContain(typeof cell);
    }
  });

  it.each(
    DASHBOARDS.flatMap((dashboard) => searchesOf(dashboard).map((item) => [item.title, item] as const)),
  )('saved search "%s" answers with documents and its columns', async (_title, search) => {
    // Prepare
    const pattern = patterns(corpus.prefix).find((candidate) => candidate.key === search.indexPattern);
    if (pattern === undefined) throw new Error(`No index pattern ${search.indexPattern}.`);

    // Act
    const { status, body } = await run(translateSearch(search, pattern, corpus.range));
    const table = tabifySearch(search, body);

    // Assess
    expect(status).toBe(200);
    expect((body._shards as { failed: number }).failed).toBe(0);
    expect(table.rows.length).toBeGreaterThan(0);
    expect(table.rows.every((row) => typeof row[0] === 'string')).toBe(true);
  });

  it('puts the heaviest talker by bytes first among the top sources', async () => {
    // Prepare: the sum of bytes per source address over every VPC document indexed.
    const bytesBySource = new Map<string, number>();
    for (const doc of corpus.docs) {
      const vpc = (doc.body as unknown as { vpc?: { srcaddr?: string; bytes?: number } }).vpc;
      if (doc.type === 'vpcflow' && vpc?.srcaddr !== undefined)
        bytesBySource.set(vpc.srcaddr, (bytesBySource.get(vpc.srcaddr) ?? 0) + (vpc.bytes ?? 0));
    }
    const [heaviest, bytes] = [...bytesBySource].sort((a, b) => b[1] - a[1])[0] ?? [];

    // Act
    const table = await tableOf('cwlpipe-vpc-top-sources-bytes');

    // Assess
    expect(heaviest).toBeDefined();
    expect(table.rows[0]).toEqual([heaviest, bytes]);
  });

  it("shows a fixture's cold start, with its init duration, in the cold-start panel", async () => {
    // Prepare: the fixtures' cold starts (REPORT lines with an Init Duration).
    const coldStarts = corpus.docs
      .map(
        (doc) =>
          (
            doc.body as unknown as {
              lambda?: { cold_start?: boolean; function_name?: string; init_duration_ms?: number };
            }
          ).lambda,
      )
      .filter((lambda) => lambda?.cold_start === true && lambda.function_name !== undefined);
    const fixtureColdStart = coldStarts[0];

    // Act
    const table = await tableOf('cwlpipe-lambda-cold-starts');

    // Assess
    expect(fixtureColdStart).toBeDefined();
    const row = table.rows.find((candidate) => candidate[0] === fixtureColdStart?.function_name);
    const sameFunction = coldStarts.filter(
      (lambda) => lambda?.function_name === fixtureColdStart?.function_name,
    );
    expect(row?.[1]).toBe(sameFunction.length);
    expect(row?.[3]).toBe(Math.max(...sameFunction.map((lambda) => lambda?.init_duration_ms ?? 0)));
  });

  it('shows a failed console login, with its user and address, in its panel', async () => {
    // Prepare: the fixture's failed sign-in.
    const failed = corpus.docs
      .map((doc) => (doc.body as unknown as { cloudtrail?: Json }).cloudtrail)
      .find(
        (trail) =>
          trail?.eventName === 'ConsoleLogin' &&
          (trail.response as Json | undefined)?.consoleLogin === 'Failure',
      );

    // Act
    const table = await tableOf('cwlpipe-cloudtrail-console-login-failures');

    // Assess
    expect(failed).toBeDefined();
    expect(table.rows).toContainEqual([
      (failed?.userIdentity as Json | undefined)?.userName,
      failed?.sourceIPAddress,
      1,
    ]);
  });

  it('shows the root sign-in in root account use, and nothing else there', async () => {
    // Act
    const table = await tableOf('cwlpipe-cloudtrail-root-use');

    // Assess
    expect(table.rows).toEqual([['ConsoleLogin', '198.51.100.77', 1]]);
  });
});
