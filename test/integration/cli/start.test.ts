import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpenSearchClient } from '../../../src/connectors/opensearch/client';
import { runCwlpipe } from '../../helpers/cli';
import { expectedPath, type FixtureResult, listFixtures } from '../../helpers/golden';
import {
  countDocs,
  deleteIndices,
  ENGINES,
  engineUrl,
  testConfig,
  uniquePrefix,
} from '../opensearch/support';

/** What the golden files say all fixtures become, the spec `npm start` is held to. */
const expectedFromGoldens = (): { docsByType: Map<string, number>; setAside: number } => {
  const docsByType = new Map<string, number>();
  let setAside = 0;
  for (const fixture of listFixtures()) {
    const golden = JSON.parse(readFileSync(expectedPath(fixture), 'utf8')) as FixtureResult;
    for (const doc of golden.documents as Array<{ '@type': string }>) {
      docsByType.set(doc['@type'], (docsByType.get(doc['@type']) ?? 0) + 1);
    }
    setAside += golden.setAside.length;
  }
  return { docsByType, setAside };
};

describe.each(ENGINES.map((engine) => [engine.engine.label, engine] as const))(
  'CLI: npm start (embedded Kinesis → poller → real %s)',
  (_label, engine) => {
    const prefix = uniquePrefix('start');
    const client = createOpenSearchClient(testConfig(prefix, { engine }));

    afterAll(async () => {
      rmSync(join(tmpdir(), `${prefix}.duckdb`), { force: true });
      await deleteIndices(client, prefix);
      await client.close();
    });

    it('delivers every fixture as CloudWatch Logs would and indexes each document once', async () => {
      // Prepare
      const env = {
        [engine.urlVariable]: engineUrl(engine),
        [`${engine.id.toUpperCase()}_INDEX_PREFIX`]: prefix,
        CWLPIPE_DUCKDB_PATH: join(tmpdir(), `${prefix}.duckdb`),
      };

      // Act
      const run = await runCwlpipe(['start', '--destination', engine.id], env);

      // Assess
      expect(run.status).toBe(0);
      const expected = expectedFromGoldens();
      const total = [...expected.docsByType.values()].reduce((a, b) => a + b, 0);
      expect(run.stdout).toContain(`documents: ${total} made, ${total} delivered`);
      expect(run.stdout).toContain('still failing when the run ended: 0');
      expect(run.stdout).toMatch(/redacted \(values scrubbed before any connector\): [1-9]/);
      expect(run.stdout).toMatch(/Warehouse \(DuckDB file .*\): [1-9]\d* minute\(s\) synced/);
      expect(run.stdout).toContain('FROM lambda_percentiles_minute');
      for (const [type, count] of expected.docsByType) {
        expect(await countDocs(client, prefix, `${type}-*`)).toBe(count);
      }
      expect(await countDocs(client, prefix, 'deadletter-*')).toBe(expected.setAside);
    });
  },
);
