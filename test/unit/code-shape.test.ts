/**
 * Functions that read as steps (issue 24, step 6): no function, method, arrow function or constructor in
 * `src/` or `infra/` whose body spans more than 80 lines, unless the comment directly above it says why.
 *
 * The reason is one line `// Long: <why splitting would hurt reading>` among the comment lines directly
 * above the function (no blank line between; it may sit under a TSDoc block):
 *
 * ```ts
 * /** The field table: one row a field. *\/
 * // Long: one flat table of data; split, a reader would look for the rows in several places.
 * export const FIELDS = (): Field[] => [
 * ```
 *
 * Length is counted from the line of the body's opening brace to its closing one (see
 * test/helpers/function-length.ts). A long function is better split into named steps: small functions, or
 * smaller constructs in infra/.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type LongFunction, longFunctionsIn, longFunctionsUnder } from '../helpers/function-length';

const ROOT = join(__dirname, '..', '..');
const LIMIT = 80;

/** A function whose body spans `bodyLines` lines, braces included, after an optional comment. */
const functionOf = (bodyLines: number, comment = ''): string =>
  `${comment}export function story(): void {\n${'  step();\n'.repeat(bodyLines - 2)}}\n`;

const described = (found: readonly LongFunction[]): string[] =>
  found.map((item) => `${item.file}:${item.line} ${item.name} (${item.lines} lines)`);

describe('Code shape: functions read as steps', () => {
  it(`finds no function over ${LIMIT} lines in src/ and infra/ without a reason`, () => {
    // Prepare
    const found = longFunctionsUnder(ROOT, ['src', 'infra'], [], LIMIT);

    // Act
    const unexplained = described(found.filter((item) => item.reason === undefined));

    // Assess
    expect(unexplained).toEqual([]);
  });

  it('walks folders: .ts files only, .d.ts and excluded paths left out, each found by file and line', () => {
    // Prepare
    const root = mkdtempSync(join(tmpdir(), 'code-shape-'));
    const write = (path: string, text: string): void => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    write('src/a/long.ts', `const x = 1;\n${functionOf(81)}`);
    write('src/a/fits.ts', functionOf(80));
    write('src/a/types.d.ts', functionOf(81));
    write('src/a/notes.js', functionOf(81));
    write('src/skipped/long.ts', functionOf(81));
    write('infra/lib/long.ts', functionOf(90, '// Long: a table.\n'));

    // Act
    const found = longFunctionsUnder(root, ['src', 'infra'], ['src/skipped/'], LIMIT);
    rmSync(root, { recursive: true, force: true });

    // Assess
    expect(found).toEqual([
      { file: 'infra/lib/long.ts', line: 2, name: 'story', lines: 90, reason: 'a table.' },
      { file: 'src/a/long.ts', line: 2, name: 'story', lines: 81 },
    ]);
  });
});

describe('Code shape: the long-function checker', () => {
  it('flags an 81-line function and accepts one of 80', () => {
    // Prepare
    const long = functionOf(81);
    const fits = functionOf(80);

    // Act
    const flagged = longFunctionsIn('story.ts', long, LIMIT);
    const accepted = longFunctionsIn('story.ts', fits, LIMIT);

    // Assess
    expect(long.split('\n')).toHaveLength(82); // 81 lines and the final newline
    expect(flagged).toEqual([{ file: 'story.ts', line: 1, name: 'story', lines: 81 }]);
    expect(accepted).toEqual([]);
  });

  it('accepts a reason on a `// Long:` line directly above, also under a TSDoc block', () => {
    // Prepare
    const plain = functionOf(81, '// Long: one flat table of data.\n');
    const underDoc = functionOf(81, '/**\n * The story.\n */\n// Long: one flat table of data.\n');
    const aboveDoc = functionOf(81, '// Long: one flat table of data.\n/** The story. */\n');

    // Act
    const reasons = [plain, underDoc, aboveDoc].map((text) => longFunctionsIn('story.ts', text)[0]?.reason);

    // Assess
    expect(reasons).toEqual([
      'one flat table of data.',
      'one flat table of data.',
      'one flat table of data.',
    ]);
  });

  it('does not take a reason that is separated by a blank line, empty, or not a `// Long:` line', () => {
    // Prepare
    const texts = [
      functionOf(81, '// Long: one flat table of data.\n\n'),
      functionOf(81, '// Long:\n'),
      functionOf(81, '/** Long: one flat table of data. */\n'),
      functionOf(81, '// too long, but fine\n'),
    ];

    // Act
    const reasons = texts.map((text) => longFunctionsIn('story.ts', text));

    // Assess
    for (const found of reasons) {
      expect(found).toHaveLength(1);
      expect(found[0]?.reason).toBeUndefined();
    }
  });

  it('names constructors, methods, arrow functions and anonymous callbacks', () => {
    // Prepare
    const body = '    step();\n'.repeat(LIMIT);
    const text = [
      'export class Stack {',
      `  constructor() {\n${body}  }`,
      `  private build(): void {\n${body}  }`,
      '}',
      `export const handler = async (): Promise<void> => {\n${body}};`,
      `export const make = () => {\n  return items.map((item) => {\n${body}  });\n};`,
    ].join('\n');

    // Act
    const names = longFunctionsIn('shapes.ts', text, LIMIT).map((item) => item.name);

    // Assess
    expect(names).toEqual(['Stack.constructor', 'Stack.build', 'handler', 'make', 'arrow in make']);
  });
});
