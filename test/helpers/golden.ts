import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readInputFile } from '../../src/consumers/files';
import { buildConfig, loadConfigFile } from '../../src/pipeline/config';
import { Pipeline } from '../../src/pipeline/run';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures');
export const FIXED_INGESTED_AT = '2026-01-01T00:00:00.000Z';

/** What a fixture turns into; `<case>.expected.json` holds exactly this. */
export interface FixtureResult {
  documents: unknown[];
  setAside: Array<{ recordIndex: number; stage: string; code: string }>;
  skipped: Record<string, number>;
  controlMessages: number;
}

/** Every input fixture: `fixtures/<type>/<case>.json` or `.gz`, not the `.expected.json` / `.config.json` beside it. */
export const listFixtures = (dir = FIXTURES): string[] =>
  readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return listFixtures(path);
      return /\.(json|gz)$/.test(name) && !/\.(expected|config)\.json$/.test(name) ? [path] : [];
    })
    .sort();

export const expectedPath = (fixture: string): string => fixture.replace(/\.(json|gz)$/, '.expected.json');
export const configPath = (fixture: string): string => fixture.replace(/\.(json|gz)$/, '.config.json');
export const fixtureName = (fixture: string): string => relative(FIXTURES, fixture);

/** Runs one fixture through the whole core with a fixed `@ingested`, as `cwlpipe transform` would. */
export const runFixture = (fixture: string): FixtureResult => {
  const config = existsSync(configPath(fixture)) ? loadConfigFile(configPath(fixture)) : buildConfig();
  const pipeline = new Pipeline(config, () => new Date(FIXED_INGESTED_AT));
  const result: FixtureResult = { documents: [], setAside: [], skipped: {}, controlMessages: 0 };
  for (const record of readInputFile(fixture).records) {
    const outcome = pipeline.process(record);
    result.documents.push(...outcome.docs.map((doc) => doc.body));
    result.setAside.push(
      ...outcome.setAside.map((item) => ({
        recordIndex: item.origin.recordIndex,
        stage: item.stage,
        code: item.code,
      })),
    );
    for (const [reason, count] of Object.entries(outcome.skipped)) {
      result.skipped[reason] = (result.skipped[reason] ?? 0) + count;
    }
    if (outcome.control) result.controlMessages++;
  }
  return result;
};
