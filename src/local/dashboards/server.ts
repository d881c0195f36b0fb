import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import {
  DASHBOARDS,
  type Dashboard,
  dashboardIndexPatterns,
  type IndexPatternSpec,
  type PanelTable,
  type SearchRequest,
  type TimeRange,
  tabifyPanel,
  tabifySearch,
  translatePanel,
  translateSearch,
} from '../../dashboards';
import { PAGE_HTML } from './page-html';

/**
 * The page's script, a plain browser file beside this one: src/local/dashboards/page.js, copied to
 * dist/local/dashboards/page.js by the build (scripts/write-dashboards.js), since tsc compiles only .ts.
 */
const PAGE_SCRIPT = join(__dirname, 'page.js');

/** Runs one search request and returns the response body (the OpenSearch client, or anything like it). */
export type SearchFn = (request: SearchRequest) => Promise<Record<string, unknown>>;

export interface DashboardsServerOptions {
  readonly search: SearchFn;
  /** The index prefix the documents were written under (`cwl`). */
  readonly prefix?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly dashboards?: readonly Dashboard[];
}

export interface DashboardsServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves the dashboards as a local web page on 127.0.0.1: a dashboard list, a time range picker, refresh,
 * and every panel drawn with Chart.js (served from node_modules, no network) from the result of the very
 * search request its saved object makes OpenSearch Dashboards send (`translatePanel`).
 *
 * @example
 * ```ts
 * const server = await startDashboardsServer({ search: async (request) => (await client.search(request)).body });
 * console.log(server.url); // http://127.0.0.1:43117/
 * ```
 */
export const startDashboardsServer = async (options: DashboardsServerOptions): Promise<DashboardsServer> => {
  const dashboards = options.dashboards ?? DASHBOARDS;
  const patterns = dashboardIndexPatterns(options.prefix ?? 'cwl');
  const chartJs = readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'));
  const appScript = readFileSync(PAGE_SCRIPT);
  const server = createServer((request, response) => {
    handle(request, response, { ...options, dashboards, patterns, chartJs, appScript }).catch(
      (error: unknown) =>
        sendJson(response, 500, { error: error instanceof Error ? error.message : String(error) }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

interface Context {
  readonly search: SearchFn;
  readonly dashboards: readonly Dashboard[];
  readonly patterns: readonly IndexPatternSpec[];
  readonly chartJs: Buffer;
  readonly appScript: Buffer;
}

const handle = async (
  request: IncomingMessage,
  response: ServerResponse,
  context: Context,
): Promise<void> => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname;
  if (request.method !== 'GET') return sendJson(response, 405, { error: 'Only GET is served.' });
  if (path === '/' || path.startsWith('/dashboards/'))
    return send(response, 200, 'text/html; charset=utf-8', PAGE_HTML);
  if (path === '/app.js') return send(response, 200, 'text/javascript; charset=utf-8', context.appScript);
  if (path === '/vendor/chart.umd.min.js')
    return send(response, 200, 'text/javascript; charset=utf-8', context.chartJs);
  if (path === '/favicon.ico') return send(response, 204, 'image/x-icon', '');
  if (path === '/api/dashboards') return sendJson(response, 200, listing(context.dashboards));
  if (path === '/api/extent') return sendJson(response, 200, await dataExtent(context));
  const item = /^\/api\/items\/([\w.-]+)$/.exec(path);
  if (item?.[1] !== undefined) {
    const range = rangeOf(url);
    if (range === undefined) return sendJson(response, 400, { error: 'from and to must be ISO times.' });
    return sendJson(response, 200, await runItem(context, item[1], range));
  }
  return sendJson(response, 404, { error: `Nothing is served at ${path}.` });
};

/** The dashboards and their items, as the page lists them. */
const listing = (dashboards: readonly Dashboard[]) =>
  dashboards.map((dashboard) => ({
    id: dashboard.id,
    title: dashboard.title,
    description: dashboard.description,
    timeFrom: dashboard.timeFrom,
    items: dashboard.items.map((item) =>
      item.kind === 'panel'
        ? {
            kind: 'panel',
            id: item.panel.id,
            title: item.panel.title,
            chart: item.panel.chart,
            buckets: item.panel.buckets.length,
            time: item.panel.buckets[0]?.agg === 'date_histogram',
            metrics: item.panel.metrics.length,
          }
        : {
            kind: 'search',
            id: item.search.id,
            title: item.search.title,
            chart: 'search',
            buckets: 0,
            metrics: 0,
          },
    ),
  }));

const rangeOf = (url: URL): TimeRange | undefined => {
  const from = url.searchParams.get('from');
  const to = url.searchParams.get('to');
  if (from === null || to === null || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to)))
    return undefined;
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
};

/** One panel or saved search, searched and tabified; a failed search is reported in the answer. */
const runItem = async (
  context: Context,
  id: string,
  range: TimeRange,
): Promise<{ table?: PanelTable; request?: SearchRequest; error?: string }> => {
  for (const dashboard of context.dashboards) {
    for (const item of dashboard.items) {
      const key = item.kind === 'panel' ? item.panel.indexPattern : item.search.indexPattern;
      const itemId = item.kind === 'panel' ? item.panel.id : item.search.id;
      if (itemId !== id) continue;
      const pattern = context.patterns.find((candidate) => candidate.key === key);
      if (pattern === undefined) return { error: `No index pattern ${key}.` };
      const request =
        item.kind === 'panel'
          ? translatePanel(item.panel, pattern, range)
          : translateSearch(item.search, pattern, range);
      try {
        const body = await context.search(request);
        const table = item.kind === 'panel' ? tabifyPanel(item.panel, body) : tabifySearch(item.search, body);
        return { table, request };
      } catch (error) {
        return { request, error: error instanceof Error ? error.message : String(error) };
      }
    }
  }
  return { error: `No panel or saved search ${id}.` };
};

/** The first and last document time over every log type's indices (not the dead letters, stamped when written): the page's "all data" range. */
const dataExtent = async (context: Context): Promise<{ from?: string; to?: string }> => {
  const titles = context.patterns
    .filter((pattern) => pattern.key === 'documents')
    .map((pattern) => pattern.title);
  try {
    const body = await context.search({
      index: titles.join(','),
      body: {
        size: 0,
        aggs: { first: { min: { field: '@timestamp' } }, last: { max: { field: '@timestamp' } } },
      },
    });
    const aggs = body.aggregations as
      | { first?: { value?: number | null }; last?: { value?: number | null } }
      | undefined;
    const first = aggs?.first?.value;
    const last = aggs?.last?.value;
    if (typeof first !== 'number' || typeof last !== 'number') return {};
    // A minute either side, so the first and last buckets are whole.
    return { from: new Date(first - 60_000).toISOString(), to: new Date(last + 60_000).toISOString() };
  } catch {
    return {};
  }
};

const send = (response: ServerResponse, status: number, type: string, body: string | Buffer): void => {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
};

const sendJson = (response: ServerResponse, status: number, body: unknown): void =>
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(body));
