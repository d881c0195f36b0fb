import { join } from 'node:path';
import { spawnCli } from './processes';

export interface PollerPhaseOptions {
  readonly stream: string;
  readonly kinesisEndpoint: string;
  /** The poller's environment: OpenSearch (through the fault proxy), the index prefix. */
  readonly env: NodeJS.ProcessEnv;
  readonly dir: string;
  /** How many times the poller is killed before it may drain the stream. */
  readonly kills: number;
  /** A run is killed this long after it started: uniform in [min, max] ms. */
  readonly killAfterMs: readonly [number, number];
  readonly random: () => number;
  readonly log: (line: string) => void;
}

export interface PollerPhaseReport {
  readonly runs: number;
  readonly kills: number;
  /** Runs that ended on their own with an error (never expected). */
  readonly failedRuns: number;
  readonly drainMs: number;
}

/** Runs that failed on their own before the phase gives up. */
const MAX_FAILED_RUNS = 5;

/**
 * The poller as a child process (`cwlpipe poll --drain` with a checkpoint file), killed with SIGKILL at
 * random moments and started again, until it has been killed `kills` times and then drains the stream.
 *
 * @example
 * ```ts
 * const report = await runPollerPhase({ stream, kinesisEndpoint, env, dir, kills: 5, killAfterMs: [2_000, 10_000], random, log });
 * ```
 */
export const runPollerPhase = async (options: PollerPhaseOptions): Promise<PollerPhaseReport> => {
  const started = Date.now();
  const args = [
    'poll',
    '--stream',
    options.stream,
    '--kinesis-endpoint',
    options.kinesisEndpoint,
    '--checkpoints',
    join(options.dir, 'checkpoints.json'),
    '--drain',
    '--report-every-seconds',
    '5',
  ];
  let runs = 0;
  let kills = 0;
  let failedRuns = 0;
  for (;;) {
    runs++;
    const poller = spawnCli(args, options.env, join(options.dir, 'poller.log'));
    const [min, max] = options.killAfterMs;
    const killAt = kills < options.kills ? min + options.random() * (max - min) : undefined;
    const timer = killAt === undefined ? undefined : setTimeout(() => poller.kill(), killAt);
    const { code, signal } = await poller.exited;
    clearTimeout(timer);
    if (signal === 'SIGKILL') {
      kills++;
      options.log(`poller run ${runs} killed (SIGKILL) after ${((killAt ?? 0) / 1000).toFixed(1)} s`);
      continue;
    }
    if (code === 0) {
      options.log(`poller run ${runs} drained the stream`);
      return { runs, kills, failedRuns, drainMs: Date.now() - started };
    }
    failedRuns++;
    options.log(
      `poller run ${runs} failed on its own (exit ${code ?? signal}); see ${join(options.dir, 'poller.log')}`,
    );
    if (failedRuns >= MAX_FAILED_RUNS) {
      throw new Error(
        `The poller failed ${failedRuns} times on its own; see ${join(options.dir, 'poller.log')}.`,
      );
    }
  }
};
