import { type ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../repo-root';

/** The compiled CLI (`bin/cwlpipe.js`) of this checkout, which runs `dist/`. */
export const CLI_PATH = join(REPO_ROOT, 'bin', 'cwlpipe.js');

/** A child `cwlpipe` process and how it ended. */
export interface CliProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
  /** SIGKILL: no graceful stop, no last checkpoint, no flush, as a crashed machine or an OOM kill. */
  kill(): void;
}

/**
 * Starts `node bin/cwlpipe.js <args>` with its output appended to `logFile`.
 *
 * @example
 * ```ts
 * const poller = spawnCli(['poll', '--stream', 'chaos', '--drain'], env, 'poller.log');
 * poller.kill();
 * await poller.exited; // { code: null, signal: 'SIGKILL' }
 * ```
 */
export const spawnCli = (args: readonly string[], env: NodeJS.ProcessEnv, logFile: string): CliProcess => {
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, [CLI_PATH, ...args], { env, stdio: ['ignore', out, out] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
};
