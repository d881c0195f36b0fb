import { main } from '../../../tools/bench/main';

/** Runs `npm run bench -- <args>` in this process; what it wrote and the exit code it set. */
const runBench = async (args: readonly string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk) => out.push(String(chunk)) > 0);
  const stderr = jest
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk) => err.push(String(chunk)) > 0);
  try {
    await main(['node', 'bench', ...args]);
    return { stdout: out.join(''), stderr: err.join(''), exitCode: process.exitCode };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    process.exitCode = undefined;
  }
};

describe('npm run bench', () => {
  it('prints the core, to-the-wire and inflate tables for the types asked for', async () => {
    // Act
    const run = await runBench(['--types', 'text', '--rounds', '1', '--no-handler', '--no-opensearch']);

    // Assess
    expect(run.exitCode).toBeUndefined();
    const lines = run.stdout.split('\n');
    const header = (start: string) => lines.find((line) => line.startsWith(start));
    expect(header('type ')).toMatch(
      /events\s+pipeline ev\/s\s+ceiling ev\/s\s+ratio\s+privacy\s+to wire\s+target/,
    );
    expect(lines.filter((line) => line.startsWith('type '))).toHaveLength(3);
    expect(lines.filter((line) => line.startsWith('text '))).toHaveLength(3);
    expect(run.stdout).toContain('\nto the wire: ');
    expect(run.stdout).toContain('\ninflate: ');
    expect(run.stdout).not.toContain('zlib-sync');
    expect(run.stdout).not.toContain('handler:');
  });

  it('refuses a type without synthetic data with exit 2, before measuring anything', async () => {
    // Act
    const run = await runBench(['--types', 'vpcflow,nope', '--no-handler', '--no-opensearch']);

    // Assess
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('"nope" is not one of');
    expect(run.stdout).toBe('');
  });
});
