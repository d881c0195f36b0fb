import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSUMER_NODE_OPTIONS } from './bundle';
import type { ColdStartRun } from './report';

/**
 * The cold import, measured inside a fresh `node` process: `process.hrtime` around `require` of the bundle,
 * so process start-up is not counted; with the consumer's NODE_OPTIONS ({@link CONSUMER_NODE_OPTIONS}).
 */
const MEASURE = `
const started = process.hrtime.bigint();
require(process.argv[1]);
const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(JSON.stringify({ ms: elapsed }));
`;

/**
 * Milliseconds of each of `runs` fresh-process imports of `bundle`, or the first line of why it failed.
 * `env` is the function's environment (a handler reads and checks it at import).
 *
 * @example
 * ```ts
 * const result = coldImport('/tmp/footprint/kinesis/index.js', { OPENSEARCH_URL: 'http://127.0.0.1:9' }, 7);
 * ```
 */
export const coldImport = (
  bundle: string,
  env: NodeJS.ProcessEnv,
  runs: number,
): { readonly runsMs: number[] } | { readonly error: string } => {
  const runsMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const child = spawnSync(process.execPath, [...CONSUMER_NODE_OPTIONS, '-e', MEASURE, bundle], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, ...env },
    });
    if (child.status !== 0) return { error: firstErrorLine(child.stderr) };
    runsMs.push((JSON.parse(child.stdout.slice(child.stdout.lastIndexOf('{'))) as { ms: number }).ms);
  }
  return { runsMs };
};

/**
 * Each of `runs` fresh-process cold starts of a Kinesis handler `bundle` (`cold-start.js`: the import, then
 * the first invocation on the Kinesis event in `eventPath`, which `env` points at an accepting server), or
 * the first line of why one failed. A run that fails records is a failure: its time would not be a cold
 * start's.
 *
 * @example
 * ```ts
 * const result = coldStart(bundle, { OPENSEARCH_URL: url }, '/tmp/event.json', '/tmp/result.json', 7);
 * ```
 */
export const coldStart = (
  bundle: string,
  env: NodeJS.ProcessEnv,
  eventPath: string,
  resultPath: string,
  runs: number,
): { readonly runs: ColdStartRun[] } | { readonly error: string } => {
  const measured: ColdStartRun[] = [];
  for (let run = 0; run < runs; run++) {
    const child = spawnSync(
      process.execPath,
      [...CONSUMER_NODE_OPTIONS, join(__dirname, 'cold-start.js'), bundle, eventPath, resultPath],
      { encoding: 'utf8', env: { PATH: process.env.PATH, ...env } },
    );
    if (child.status !== 0) return { error: firstErrorLine(child.stderr) };
    const result = JSON.parse(readFileSync(resultPath, 'utf8')) as ColdStartRun & { failedRecords: number };
    if (result.failedRecords > 0) return { error: `${result.failedRecords} records failed` };
    measured.push({ importMs: result.importMs, firstBatchMs: result.firstBatchMs });
  }
  return { runs: measured };
};

const firstErrorLine = (stderr: string): string =>
  stderr
    .split('\n')
    .find((line) => /Error|error/.test(line))
    ?.trim() ??
  (stderr.trim().split('\n')[0] || 'no output');
