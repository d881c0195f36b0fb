import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpenSearchClient } from '../../../src/connectors/opensearch/client';
import type { ChaosReport } from '../../../tools/chaos/run';
import { runNodeScript } from '../../helpers/cli';
import { deleteIndices, openSearchUrl, testConfig } from '../opensearch/support';

// The short variant of `npm run chaos`, inside `npm test`: 20,000 generated events of every type and the
// hostile corpus through the poller (killed once with SIGKILL) and the Kinesis handler (under the event
// source mapping simulation, with crashes), into the shared test OpenSearch behind the fault proxy, the
// warehouse sync running and killed meanwhile. The shared node is not restarted (other suites use it at
// the same time): the restart is part of the full run only, `npm run chaos`. It took 27 s inside a full
// `npm test` and 75 s alone against a freshly started node (OpenSearch creating the two prefixes' daily
// indices and mappings), on the shared 2-core machine, so it has its own timeout.
const CHAOS_TIMEOUT_MS = 240_000;

// The compiled tool (`npm test` runs `npm run build:tools` before jest), as `npm run chaos` runs it.
const runChaos = (args: readonly string[]) => runNodeScript(join('tools', 'run.js'), ['chaos', ...args]);

describe('Chaos (short): nothing lost, nothing doubled under faults and kills', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'cwlpipe-chaos-'));
  const client = createOpenSearchClient(testConfig('unused'));
  let report: ChaosReport | undefined;

  afterAll(async () => {
    for (const phase of report?.phases ?? []) await deleteIndices(client, phase.prefix);
    await client.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it(
    'indexes every event exactly once, accounts for every letter and matches the warehouse to the raw lines',
    async () => {
      // Prepare
      const args = [
        '--events',
        '20000',
        '--kills',
        '1',
        '--kill-after',
        '1-3',
        '--seed',
        '3',
        '--shards',
        '2',
        '--crash-share',
        '0.2',
        '--opensearch-url',
        openSearchUrl(),
        '--no-restart',
        '--warehouse-pause',
        '3',
        '--work-dir',
        workDir,
      ];

      // Act
      const run = await runChaos(args);
      if (!existsSync(join(workDir, 'report.json')))
        throw new Error(`chaos wrote no report (exit ${run.status}): ${run.stderr.slice(-3_000)}`);
      report = JSON.parse(readFileSync(join(workDir, 'report.json'), 'utf8')) as ChaosReport;

      // Assess
      const failed = report.phases.flatMap((phase) =>
        phase.verdict.assertions
          .filter((assertion) => !assertion.ok)
          .map((a) => `${phase.name}: ${a.name}: ${a.detail}`),
      );
      expect(failed).toEqual([]);
      expect(run.status).toBe(0);
      expect(report.phases.map((phase) => phase.name)).toEqual(['poller', 'lambda']);
      const [poller, lambda] = report.phases;
      expect(poller?.consumer.kills).toBe(1);
      expect(poller?.verdict.indexedDocuments).toBeGreaterThan(10_000);
      expect(lambda?.verdict.indexedDocuments).toBeGreaterThan(10_000);
      expect(lambda?.onFailureDestination).toBeDefined();
      const injected = Object.entries(report.faults).filter(([kind]) => kind !== 'none');
      expect(injected.reduce((sum, [, count]) => sum + count, 0)).toBeGreaterThan(0);
      expect(report.phases.every((phase) => phase.warehouseLoop.runs > 0)).toBe(true);
      expect(run.stdout).toContain('All assertions hold.');
    },
    CHAOS_TIMEOUT_MS,
  );
});
