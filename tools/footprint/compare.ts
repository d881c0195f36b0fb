import { join } from 'node:path';
import { REPO_ROOT } from '../repo-root';
import { bundleLambda, LAMBDA_ENTRIES } from './bundle';
import { coldImport, coldStart } from './cold-import';
import { batchEnv, firstBatchPaths, importEnv, writeFirstBatch } from './environment';
import { type ColdStartRun, median } from './report';

/** One checkout's Kinesis handler, measured in the interleaved loop. */
export interface ComparedBundle {
  readonly label: string;
  readonly bundleBytes: number;
  readonly importMs: readonly number[];
  readonly coldStarts: readonly ColdStartRun[];
}

/**
 * `npm run footprint -- --against <checkout>`: bundles the Kinesis handler of this checkout and of another
 * one (its own sources, options and esbuild), then, `rounds` times, runs one cold import and one cold first
 * batch of each in turn, so that both see the same load of a shared machine. Throws when a run fails.
 *
 * @example
 * ```ts
 * const compared = compareKinesis('/work/main', url, '/tmp/footprint', 15);
 * ```
 */
export const compareKinesis = (
  against: string,
  url: string,
  work: string,
  rounds: number,
): { readonly batch: string; readonly bundles: readonly ComparedBundle[] } => {
  const kinesis = LAMBDA_ENTRIES.find((lambda) => lambda.name === 'kinesis');
  if (kinesis === undefined) throw new Error('The Kinesis handler is not among LAMBDA_ENTRIES.');
  const checkouts = [
    { label: 'this checkout', root: REPO_ROOT },
    { label: against, root: against },
  ].map((checkout, index) => ({
    ...checkout,
    built: bundleLambda(kinesis, join(work, `compare-${index}`), checkout.root),
  }));
  const { eventPath, resultPath } = firstBatchPaths(work);
  const batch = writeFirstBatch(eventPath);
  const measured = checkouts.map(() => ({ importMs: [] as number[], coldStarts: [] as ColdStartRun[] }));
  for (let round = 0; round < rounds; round++) {
    checkouts.forEach((checkout, index) => {
      const bundle = join(checkout.built.directory, 'index.js');
      const imported = coldImport(bundle, importEnv('http://127.0.0.1:9'), 1);
      if ('error' in imported) throw new Error(`${checkout.label}: the import failed: ${imported.error}`);
      const started = coldStart(bundle, batchEnv(url), eventPath, resultPath, 1);
      if ('error' in started) throw new Error(`${checkout.label}: the cold start failed: ${started.error}`);
      measured[index]?.importMs.push(...imported.runsMs);
      measured[index]?.coldStarts.push(...started.runs);
    });
  }
  return {
    batch,
    bundles: checkouts.map((checkout, index) => ({
      label: checkout.label,
      bundleBytes: checkout.built.bundleBytes,
      importMs: measured[index]?.importMs ?? [],
      coldStarts: measured[index]?.coldStarts ?? [],
    })),
  };
};

/**
 * The comparison as text: per checkout its index.js, the median cold import, and the median cold first
 * batch (import + first batch) with the median of each part.
 *
 * @example
 * ```ts
 * process.stdout.write(formatComparison(compareKinesis('/work/main', url, work, 15), 15));
 * ```
 */
export const formatComparison = (
  comparison: { readonly batch: string; readonly bundles: readonly ComparedBundle[] },
  rounds: number,
): string => {
  const lines = [
    `kinesis handler, interleaved: ${rounds} rounds, each one fresh-process cold import and one cold first batch (${comparison.batch}) of each checkout in turn; medians`,
  ];
  for (const bundle of comparison.bundles) {
    const totals = bundle.coldStarts.map((run) => run.importMs + run.firstBatchMs);
    lines.push(
      `  ${bundle.label}: index.js ${(bundle.bundleBytes / 1000).toFixed(1)} kB, cold import ${median(bundle.importMs).toFixed(1)} ms, cold first batch ${median(totals).toFixed(1)} ms (import ${median(bundle.coldStarts.map((run) => run.importMs)).toFixed(1)} + first batch ${median(bundle.coldStarts.map((run) => run.firstBatchMs)).toFixed(1)})`,
    );
  }
  return `${lines.join('\n')}\n`;
};
