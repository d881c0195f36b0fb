import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `cwlpipe` as a user would (`node bin/cwlpipe.js …` from the checkout), with extra environment,
 * and resolves with its exit status and output once it ends.
 *
 * @example
 * ```ts
 * const run = await runCwlpipe(['transform', 'fixtures/text/plain-lines.json']);
 * ```
 */
export const runCwlpipe = (args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> =>
  runNodeScript(join('bin', 'cwlpipe.js'), args, env);

/**
 * Runs one of the checkout's Node scripts (`tools/run.js`, `bin/cwlpipe.js`) from its root, with extra
 * environment, and resolves with its exit status and output once it ends.
 *
 * @example
 * ```ts
 * const run = await runNodeScript(join('tools', 'run.js'), ['chaos', '--events', '20000']);
 * ```
 */
export const runNodeScript = (
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CliRun> =>
  new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
