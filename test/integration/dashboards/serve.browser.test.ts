import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { DASHBOARDS } from '../../../src/dashboards';
import { type DashboardsServer, startDashboardsServer } from '../../../src/local/dashboards/server';
import { deleteIndices } from '../opensearch/support';
import { EMPTY_FOR_A_REASON, type LoadedCorpus, loadCorpus } from './corpus';

/** Debian's Chromium (`apt-get install -y chromium`; `.ci/run` installs it when missing). */
const CHROMIUM = '/usr/bin/chromium';
/** An element's data attributes (the test's tsconfig has no DOM types; the callback runs in the page). */
type Dataset = { dataset: Record<string, string | undefined> };
const ARTIFACTS = join(__dirname, '..', '..', '..', '.cache', 'artifacts', 'dashboards');

describe('Dashboards: the local page in headless Chromium', () => {
  let corpus: LoadedCorpus;
  let server: DashboardsServer;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `No Chromium at ${CHROMIUM}: this test drives Debian's chromium package. Install it with "apt-get update && apt-get install -y chromium" (.ci/run does so when it is missing).`,
      );
    process.stderr.write(`Dashboards browser test: driving ${CHROMIUM} headless through playwright-core.\n`);
    corpus = await loadCorpus('dashui');
    server = await startDashboardsServer({
      prefix: corpus.prefix,
      search: async (request) =>
        (await corpus.client.search({ index: request.index, body: request.body as never }))
          .body as unknown as Record<string, unknown>,
    });
    profile = mkdtempSync(join(tmpdir(), 'cwlpipe-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
    if (corpus !== undefined) {
      await deleteIndices(corpus.client, corpus.prefix);
      await corpus.client.close();
    }
  });

  it.each(DASHBOARDS.map((dashboard) => [dashboard.title, dashboard] as const))(
    '%s: every panel renders with data and the page logs no error',
    async (_title, dashboard) => {
      // Prepare
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      const query = `?from=${encodeURIComponent(corpus.range.from)}&to=${encodeURIComponent(corpus.range.to)}`;

      // Act
      await page.goto(`${server.url}dashboards/${dashboard.id}${query}`);
      await page.waitForSelector('body[data-state="ready"]', { timeout: 20_000 });
      const panels = await page.$$eval('.panel', (elements) =>
        elements.map((element) => ({
          id: (element as unknown as Dataset).dataset.itemId,
          state: (element as unknown as Dataset).dataset.state,
          rows: Number((element as unknown as Dataset).dataset.rows ?? 0),
          chart: (element as unknown as Dataset).dataset.chart,
          drawn:
            (element.querySelector('canvas')?.width ?? 0) > 0 ||
            element.querySelectorAll('tbody tr').length > 0,
        })),
      );
      await page.screenshot({ path: join(ARTIFACTS, `${dashboard.id}.png`), fullPage: true });
      await page.close();

      // Assess
      expect(panels.map((panel) => panel.id)).toEqual(
        dashboard.items.map((item) => (item.kind === 'panel' ? item.panel.id : item.search.id)),
      );
      for (const panel of panels) {
        if (panel.id !== undefined && panel.id in EMPTY_FOR_A_REASON) {
          expect({ id: panel.id, state: panel.state }).toEqual({ id: panel.id, state: 'empty' });
          continue;
        }
        expect({ id: panel.id, state: panel.state, drawn: panel.drawn }).toEqual({
          id: panel.id,
          state: 'ready',
          drawn: true,
        });
        expect(panel.rows).toBeGreaterThan(0);
      }
      expect(errors).toEqual([]);
    },
  );
});
