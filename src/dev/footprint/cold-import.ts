import { spawnSync } from 'node:child_process';

/**
 * The cold import, measured inside a fresh `node` process: `process.hrtime` around `require` of the bundle,
 * so process start-up is not counted; `--enable-source-maps` as the functions run (their NODE_OPTIONS).
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
    const child = spawnSync(process.execPath, ['--enable-source-maps', '-e', MEASURE, bundle], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, ...env },
    });
    if (child.status !== 0) return { error: firstErrorLine(child.stderr) };
    runsMs.push((JSON.parse(child.stdout.slice(child.stdout.lastIndexOf('{'))) as { ms: number }).ms);
  }
  return { runsMs };
};

const firstErrorLine = (stderr: string): string =>
  stderr
    .split('\n')
    .find((line) => /Error|error/.test(line))
    ?.trim() ??
  (stderr.trim().split('\n')[0] || 'no output');
