import { Command, CommanderError } from 'commander';
import { CREDENTIAL_SOURCES, withSecretCredentials } from '../connectors';
import { InputError } from '../consumers/files';
import { PipelineError } from '../core';
import { registerBackfill } from './backfill';
import { registerDashboards } from './dashboards';
import { registerDeadletter } from './deadletter';
import { registerGenerate } from './generate';
import { registerPoll } from './poll';
import { registerReplay } from './replay';
import { registerSetup } from './setup';
import { registerStart } from './start';
import { registerTransform } from './transform';
import { registerWarehouse } from './warehouse';

/** Builds the `cwlpipe` program: one file per command, each registering itself here. */
export const buildProgram = (): Command => {
  const program = new Command('cwlpipe')
    .description('Stream AWS CloudWatch Logs into OpenSearch and BigQuery.')
    // A usage mistake is one line (commander's `error: unknown option '--x'`) and exit 2, as docs/getting-started.md says;
    // `--help` prints the usage.
    .exitOverride()
    .hook('preAction', readSecretCredentials);
  registerTransform(program);
  registerSetup(program);
  registerGenerate(program);
  registerPoll(program);
  registerReplay(program);
  registerBackfill(program);
  registerStart(program);
  registerDeadletter(program);
  registerWarehouse(program);
  registerDashboards(program);
  return program;
};

/**
 * Credentials named by `*_CREDENTIALS_SECRET` are read from Secrets Manager once, before any command, and
 * kept in this process only: the commands read their settings from `process.env`, so the values are set
 * there and the secret's name removed (nothing reads it twice). Nothing is written anywhere else.
 */
const readSecretCredentials = async (): Promise<void> => {
  const resolved = await withSecretCredentials(process.env);
  if (resolved === process.env) return;
  Object.assign(process.env, resolved);
  for (const source of Object.values(CREDENTIAL_SOURCES)) delete process.env[source.secret];
};

/** Runs the CLI; expected errors print one clear line and exit non-zero, never a stack trace. */
export const main = async (argv: readonly string[]): Promise<void> => {
  // `cwlpipe transform … | head -1`: the reader is gone, so nothing more can be said; end quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end well (0); every usage mistake exits 2, like every other bad input.
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    if (error instanceof PipelineError || error instanceof InputError) {
      process.stderr.write(`cwlpipe: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
};
