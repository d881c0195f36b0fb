import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProgram } from '../../../src/cli/main';
import { ROOT } from '../../helpers/cli';
import {
  anchorsOf,
  brokenLinks,
  commandProblem,
  headingSlug,
  readPages,
  shownCommands,
} from '../../helpers/docs';

const pages = readPages(ROOT);
const scripts = Object.keys(
  (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts,
);

describe('Docs: README.md and docs/', () => {
  it('reads the README and the topic pages', () => {
    // Prepare
    const paths = pages.map((page) => page.path);

    // Act
    const readme = pages.find((page) => page.path === 'README.md')?.text ?? '';

    // Assess
    expect(paths).toEqual(expect.arrayContaining(['README.md', 'docs/README.md', 'docs/fields.md']));
    expect(readme.split('\n').length).toBeLessThanOrEqual(220);
    expect(readme.split('\n').slice(0, 8).join('\n')).toMatch(/npm start[\s\S]*npm test/);
  });

  it('links only to files and headings that exist', () => {
    // Prepare
    const linked = pages.filter((page) => /\]\((?!https?:)/.test(page.text));

    // Act
    const problems = brokenLinks(ROOT, pages);

    // Assess
    expect(linked.length).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });

  it('shows only cwlpipe commands, subcommands and options the program has', () => {
    // Prepare
    const program = buildProgram();
    const shown = shownCommands(pages).filter((command) => command.kind === 'cwlpipe');

    // Act
    const problems = shown.flatMap((command) => {
      const problem = commandProblem(program, command.words);
      return problem === undefined ? [] : [`${command.page}: \`${command.line}\`: ${problem}`];
    });

    // Assess
    expect(shown.length).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });

  it('shows only npm scripts that package.json has', () => {
    // Prepare
    const shown = shownCommands(pages).filter((command) => command.kind === 'npm-run');

    // Act
    const problems = shown
      .filter((command) => !scripts.includes(command.words[0] ?? ''))
      .map(
        (command) => `${command.page}: \`${command.line}\`: package.json has no script "${command.words[0]}"`,
      );

    // Assess
    expect(shown.length).toBeGreaterThan(5);
    expect(problems).toEqual([]);
  });
});

// The checks above pass only if they can fail: each is shown a page with a mistake it must report.
describe('Docs checks: what they catch', () => {
  it('reports a link to a missing file and to a missing heading', () => {
    // Prepare
    const page = {
      path: 'docs/bad.md',
      text: '# Bad\n\n[gone](nowhere.md), [fine](README.md#for-users), [no heading](README.md#no-such-heading), [here](#bad), [lost](#lost)\n\n```\n[in code](ignored.md)\n```\n',
    };
    const index = { path: 'docs/README.md', text: '# Index\n\n## For users\n' };

    // Act
    const problems = brokenLinks(ROOT, [page, index]);

    // Assess
    expect(problems).toEqual([
      { page: 'docs/bad.md', link: 'nowhere.md', problem: 'docs/nowhere.md does not exist' },
      {
        page: 'docs/bad.md',
        link: 'README.md#no-such-heading',
        problem: 'docs/README.md has no heading #no-such-heading',
      },
      { page: 'docs/bad.md', link: '#lost', problem: 'docs/bad.md has no heading #lost' },
    ]);
  });

  it('makes anchors as GitHub does', () => {
    // Prepare
    const text =
      '# cwlpipe\n## `@message`: kept or left out\n## Backfill: `cwlpipe backfill`\n## Notes\n## Notes\n```\n# not a heading\n```';

    // Act
    const anchors = anchorsOf(text);

    // Assess
    expect([...anchors]).toEqual([
      'cwlpipe',
      'message-kept-or-left-out',
      'backfill-cwlpipe-backfill',
      'notes',
      'notes-1',
    ]);
    expect(headingSlug('## Deploying to AWS (the CDK app in `infra/`)')).toBe(
      'deploying-to-aws-the-cdk-app-in-infra',
    );
  });

  it('reports a command, a subcommand and an option the program does not have', () => {
    // Prepare
    const program = buildProgram();
    const page = {
      path: 'docs/bad.md',
      text: [
        '`npx cwlpipe nonsense`, `cwlpipe deadletter lost`, `npx cwlpipe poll --no-such-flag`',
        '```sh',
        'npx cwlpipe warehouse query "SELECT 1" --warehouse duckdb   # fine',
        'npm start -- --keeep',
        'node bin/cwlpipe.js setup dashboards --url http://x --username a | tee out',
        '```',
      ].join('\n'),
    };

    // Act
    const problems = shownCommands([page]).map((command) => commandProblem(program, command.words));

    // Assess
    expect(problems).toEqual([
      'cwlpipe has no command "nonsense"',
      'cwlpipe deadletter has no subcommand "lost"',
      'cwlpipe poll has no option --no-such-flag',
      undefined,
      'cwlpipe start has no option --keeep',
      undefined,
    ]);
  });

  it('finds npm scripts and leaves a bare cwlpipe alone', () => {
    // Prepare
    const page = {
      path: 'docs/bad.md',
      text: '`npm run wasm`, `npm run chaos -- --seed 7`, the `cwlpipe` key, `cwlpipe-vpcflow`',
    };

    // Act
    const shown = shownCommands([page]);

    // Assess
    expect(shown.map((command) => [command.kind, command.words])).toEqual([
      ['npm-run', ['wasm']],
      ['npm-run', ['chaos', '--', '--seed', '7']],
    ]);
  });
});
