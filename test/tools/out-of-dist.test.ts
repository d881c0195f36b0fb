import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Every file under `dir`, as paths relative to it. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));

/** The names a folder's TypeScript files export (`export const x`, `export function x`, …). */
const exportedNames = (dir: string): Set<string> => {
  const names = new Set<string>();
  for (const file of filesUnder(dir).filter((path) => path.endsWith('.ts'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const match of text.matchAll(/^export (?:const|async function|function\*?|class) (\w+)/gm))
      names.add(match[1] as string);
  }
  return names;
};

// tools/ (chaos, footprint, bench) is never published: `npm run build` compiles src/ alone into dist/.
describe('tools/ stays out of dist/', () => {
  it('is not among the files tsconfig.build.json compiles', () => {
    // Act
    const listed = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        '-p',
        'tsconfig.build.json',
        '--listFilesOnly',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );

    // Assess
    expect(listed.status).toBe(0);
    const ours = listed.stdout
      .split('\n')
      .map((line) => relative(ROOT, line.trim()))
      .filter((path) => path !== '' && !path.startsWith(`..${sep}`) && !path.includes('node_modules'));
    expect(ours.some((path) => path.startsWith(`src${sep}`))).toBe(true);
    expect(ours.filter((path) => !path.startsWith(`src${sep}`))).toEqual([]);
  });

  it('leaves no chaos, footprint or bench code in the built dist/', () => {
    // Prepare: what only tools/ defines (a name src/ exports too, such as `main`, says nothing).
    const srcNames = exportedNames(join(ROOT, 'src'));
    const toolNames = [...exportedNames(join(ROOT, 'tools'))].filter((name) => !srcNames.has(name));
    const built = filesUnder(join(ROOT, 'dist'));

    // Act
    const inToolFolders = built.filter((path) =>
      path.split(sep).some((part) => ['tools', 'chaos', 'footprint', 'bench'].includes(part)),
    );
    const definingToolNames = built
      .filter((path) => path.endsWith('.js'))
      .flatMap((path) => {
        const text = readFileSync(join(ROOT, 'dist', path), 'utf8');
        return toolNames
          .filter((name) => text.includes(`exports.${name} =`))
          .map((name) => `${path}: ${name}`);
      });

    // Assess
    expect(built.length).toBeGreaterThan(0);
    expect(toolNames).toEqual(expect.arrayContaining(['runChaos', 'benchCore', 'bundleLambda']));
    expect(inToolFolders).toEqual([]);
    expect(definingToolNames).toEqual([]);
  });
});
