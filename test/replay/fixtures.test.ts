import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { expectedPath, fixtureName, listFixtures, runFixture } from '../helpers/golden';

// Golden files: `UPDATE_GOLDEN=1 npx jest --selectProjects replay` rewrites them; review the diff before committing.
const update = process.env.UPDATE_GOLDEN === '1';

describe('Replay: every fixture against its golden file', () => {
  const fixtures = listFixtures();

  it('has fixtures to replay', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  it('gives every document its own id across all fixtures (npm start indexes them side by side)', () => {
    // Act
    const ids = fixtures.flatMap((fixture) =>
      runFixture(fixture).documents.map((doc) => (doc as { '@id': string })['@id']),
    );

    // Assess
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
  });

  it.each(fixtures.map((path) => [fixtureName(path), path]))('%s', (_name, fixture) => {
    // Prepare
    const golden = expectedPath(fixture);

    // Act
    const result = runFixture(fixture);
    if (update) writeFileSync(golden, `${JSON.stringify(result, null, 2)}\n`);

    // Assess
    expect(existsSync(golden)).toBe(true);
    expect(result).toEqual(JSON.parse(readFileSync(golden, 'utf8')));
  });
});
