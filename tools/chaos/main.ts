import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { parsedOrExit } from '../parse-options';
import { formatChaosReport } from './report';
import { type PhaseName, runChaos } from './run';

const int =
  (name: string, min: number) =>
  (text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min)
      throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}.`);
    return value;
  };
const share = (text: string): number => {
  const value = Number(text);
  if (!(value >= 0 && value <= 1)) throw new InvalidArgumentError('must be a number from 0 to 1.');
  return value;
};
const range = (text: string): [number, number] => {
  const match = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(text);
  if (match === null || Number(match[1]) > Number(match[2])) {
    throw new InvalidArgumentError('must be MIN-MAX in seconds, e.g. 2-10.');
  }
  return [Number(match[1]) * 1000, Number(match[2]) * 1000];
};
const phases = (text: string): PhaseName[] => {
  const list = text.split(',').map((item) => item.trim());
  if (list.length === 0 || list.some((item) => item !== 'poller' && item !== 'lambda')) {
    throw new InvalidArgumentError('must be poller, lambda or poller,lambda.');
  }
  return list as PhaseName[];
};

interface Options {
  events: number;
  kills: number;
  seed: number;
  shards: number;
  faultRate: number;
  opensearchUrl?: string;
  restart: boolean;
  phases: PhaseName[];
  killAfter: [number, number];
  batchSize: number;
  maxRetries: number;
  maxRecordAge: number;
  bisect: boolean;
  functionTimeout: number;
  crashShare: number;
  warehouseKillShare: number;
  warehousePause: number;
  fixtures: string | false;
  workDir?: string;
  json?: string;
}

/**
 * `npm run chaos`: the chaos run from the command line. Exits 1 when an assertion fails, 2 on a usage error.
 *
 * @example
 * ```ts
 * await main(['node', 'chaos', '--events', '20000', '--kills', '1']);
 * ```
 */
export const main = async (argv: readonly string[]): Promise<void> => {
  const program = new Command('chaos')
    .description(
      'Half a million events of every type and the hostile corpus through the poller (killed with SIGKILL again and again) and the Lambda handler (under a simulated event source mapping), into a real OpenSearch behind a fault proxy and DuckDB; then every count is checked.',
    )
    .option(
      '--events <n>',
      'generated events (at least; whole envelopes of every type)',
      int('--events', 1),
      500_000,
    )
    .option('--kills <n>', 'SIGKILLs of the poller before it may drain', int('--kills', 0), 5)
    .option(
      '--kill-after <min-max>',
      'a poller run is killed this many seconds after it starts',
      range,
      [2_000, 10_000],
    )
    .option('--seed <n>', 'seed of the generated data and of every random choice', int('--seed', 0), 1)
    .option('--shards <n>', 'shards of the stream', int('--shards', 1), 4)
    .option(
      '--fault-rate <x>',
      'multiplies the fault mix (1: about a fifth of the requests; 0: none)',
      Number,
      1,
    )
    .option('--opensearch-url <url>', 'an existing cluster (not restarted) instead of a local node')
    .option('--no-restart', 'do not restart the local OpenSearch mid-run')
    .option('--phases <list>', 'poller, lambda or both', phases, ['poller', 'lambda'] as PhaseName[])
    .option('--batch-size <n>', 'event source mapping: BatchSize', int('--batch-size', 1), 100)
    .option(
      '--max-retries <n>',
      'event source mapping: MaximumRetryAttempts (-1 unlimited)',
      int('--max-retries', -1),
      10,
    )
    .option(
      '--max-record-age <s>',
      'event source mapping: MaximumRecordAgeInSeconds (-1 unlimited)',
      int('--max-record-age', -1),
      -1,
    )
    .option('--no-bisect', 'event source mapping: BisectBatchOnFunctionError off')
    .option(
      '--function-timeout <s>',
      'the Lambda function timeout in seconds',
      int('--function-timeout', 1),
      60,
    )
    .option('--crash-share <x>', 'share of invocations whose sandbox dies at a random moment', share, 0.05)
    .option('--warehouse-kill-share <x>', 'share of warehouse sync runs killed with SIGKILL', share, 0.4)
    .option('--warehouse-pause <s>', 'seconds between two warehouse sync runs', Number, 1)
    .option('--fixtures <dir>', 'fixtures to mix into the hostile corpus', 'fixtures')
    .option('--no-fixtures', 'leave the fixtures out of the hostile corpus')
    .option(
      '--work-dir <dir>',
      'logs, checkpoints, DuckDB files and the node data (default .cache/chaos/<time>)',
    )
    .option('--json <file>', 'also write the report as JSON');
  if (!parsedOrExit(program, argv)) return;
  const options = program.opts<Options>();
  if (!(options.faultRate >= 0) || options.faultRate > 4) {
    process.stderr.write('chaos: --fault-rate must be a number from 0 to 4.\n');
    process.exitCode = 2;
    return;
  }
  const workDir = resolve(
    options.workDir ?? join('.cache', 'chaos', new Date().toISOString().replace(/[:.]/g, '-')),
  );
  const report = await runChaos({
    events: options.events,
    kills: options.kills,
    seed: options.seed,
    shards: options.shards,
    faultRate: options.faultRate,
    ...(options.opensearchUrl !== undefined && { opensearchUrl: options.opensearchUrl }),
    restart: options.restart,
    phases: options.phases,
    killAfterMs: options.killAfter,
    mapping: {
      batchSize: options.batchSize,
      bisectBatchOnFunctionError: options.bisect,
      maximumRetryAttempts: options.maxRetries,
      maximumRecordAgeSeconds: options.maxRecordAge,
      reportBatchItemFailures: true,
    },
    functionTimeoutMs: options.functionTimeout * 1000,
    crashShare: options.crashShare,
    warehouseKillShare: options.warehouseKillShare,
    warehousePauseMs: Math.max(0, options.warehousePause) * 1000,
    ...(options.fixtures !== false && { fixturesDir: options.fixtures }),
    workDir,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(formatChaosReport(report));
  const json = JSON.stringify(report, null, 2);
  writeFileSync(join(workDir, 'report.json'), json);
  if (options.json !== undefined) writeFileSync(options.json, json);
  process.exitCode = report.ok ? 0 : 1;
};
