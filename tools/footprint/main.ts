import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogType } from '../../src/core';
import { startAcceptingServer } from '../bench/handler';
import { bundleLambda, CONSUMER_NODE_OPTIONS, LAMBDA_ENTRIES } from './bundle';
import { coldImport, coldStart } from './cold-import';
import { compareKinesis, formatComparison } from './compare';
import { batchEnv, firstBatchPaths, importEnv, writeFirstBatch } from './environment';
import { largestKinesisBatch } from './kinesis-batch';
import {
  type BatchFootprint,
  type ColdStartFigure,
  FOOTPRINT_TARGETS,
  type FootprintReport,
  formatFootprint,
  type HandlerFootprint,
  targetLines,
} from './report';

const IMPORT_RUNS = 7;
const COMPARE_ROUNDS = 15;
const BATCH_TYPES: readonly LogType[] = ['vpcflow', 'lambda', 'cloudtrail'];

/**
 * `npm run footprint`: bundles every function as the CDK app does, prints its size, largest contributors,
 * lazy modules and cold import, runs the largest Kinesis batch of each main log type through the bundled
 * Kinesis handler within 256 MiB of heap, and prints the targets, MET or MISSED. Exits 1 when one is missed.
 * `--against <checkout>` instead compares the Kinesis handler's cold import and cold first batch with
 * another checkout's, in one interleaved loop (see compare.ts).
 *
 * @example
 * ```ts
 * await main(['node', 'footprint']);
 * ```
 */
export const main = async (argv: readonly string[]): Promise<void> => {
  const quick = argv.includes('--no-batch');
  const againstAt = argv.indexOf('--against');
  const against = againstAt === -1 ? undefined : argv[againstAt + 1];
  if (againstAt !== -1 && against === undefined)
    throw new Error('--against needs the path of another checkout (with its node_modules installed).');
  const work = mkdtempSync(join(tmpdir(), 'cwlpipe-footprint-'));
  // The accepting server answers the cold first batches and the Kinesis batch runs.
  const { child, url } = await startAcceptingServer();
  try {
    if (against !== undefined) {
      process.stdout.write(
        formatComparison(compareKinesis(against, url, work, COMPARE_ROUNDS), COMPARE_ROUNDS),
      );
      return;
    }
    const handlers: HandlerFootprint[] = [];
    let kinesisBundle = '';
    for (const lambda of LAMBDA_ENTRIES) {
      const built = bundleLambda(lambda, join(work, lambda.name));
      const bundle = join(built.directory, 'index.js');
      if (lambda.name === 'kinesis') kinesisBundle = bundle;
      handlers.push({
        name: lambda.name,
        entry: lambda.entry,
        bundleBytes: built.bundleBytes,
        contributors: built.contributors,
        lazyModules: built.lazyModules,
        coldImport: coldImport(bundle, importEnv('http://127.0.0.1:9'), IMPORT_RUNS),
        ...(lambda.name === 'kinesis' && { coldStart: coldFirstBatch(bundle, url, work) }),
      });
      process.stderr.write(`footprint: ${lambda.name} bundled and imported\n`);
    }
    const batches: BatchFootprint[] = [];
    if (!quick) {
      for (const type of BATCH_TYPES) {
        batches.push(await runBatch(kinesisBundle, type, url, work));
        process.stderr.write(`footprint: ${type} batch run\n`);
      }
    }
    const report: FootprintReport = {
      date: new Date().toISOString().slice(0, 10),
      node: process.versions.node,
      handlers,
      batches,
    };
    process.stdout.write(formatFootprint(report));
    if (targetLines(report).some((line) => line.includes('MISSED'))) process.exitCode = 1;
  } finally {
    child.kill();
    rmSync(work, { recursive: true, force: true });
  }
};

/** The Kinesis handler's cold starts on the small first batch, delivering to the accepting server. */
const coldFirstBatch = (bundle: string, url: string, work: string): ColdStartFigure => {
  const { eventPath, resultPath } = firstBatchPaths(work);
  const batch = writeFirstBatch(eventPath);
  return { batch, ...coldStart(bundle, batchEnv(url), eventPath, resultPath, IMPORT_RUNS) };
};

const runBatch = async (
  bundle: string,
  type: LogType,
  url: string,
  work: string,
): Promise<BatchFootprint> => {
  const batch = largestKinesisBatch(type);
  const eventPath = join(work, `${type}-event.json`);
  const resultPath = join(work, `${type}-result.json`);
  writeFileSync(eventPath, batch.json);
  const base = {
    type,
    records: batch.records,
    events: batch.events,
    dataBytes: batch.dataBytes,
    eventBytes: Buffer.byteLength(batch.json),
    heapLimitMiB: FOOTPRINT_TARGETS.heapMiB,
  };
  const { code, stdout, stderr } = await run(
    [
      `--max-old-space-size=${FOOTPRINT_TARGETS.heapMiB}`,
      ...CONSUMER_NODE_OPTIONS,
      join(__dirname, 'run-batch.js'),
      bundle,
      eventPath,
      resultPath,
    ],
    batchEnv(url),
  );
  const failure = {
    ...base,
    documents: 0,
    failedRecords: 0,
    peakHeapUsedBytes: 0,
    peakHeapTotalBytes: 0,
    peakRssBytes: 0,
  };
  if (code !== 0)
    return { ...failure, error: `exit ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}` };
  const result = JSON.parse(readFileSync(resultPath, 'utf8')) as {
    failedRecords: number;
    peakHeapUsedBytes: number;
    peakHeapTotalBytes: number;
    peakRssBytes: number;
  };
  return { ...base, ...result, documents: deliveredOf(stdout) };
};

/** `Delivered` from the invocation's embedded-metrics line (the handler's own count of documents sent). */
export const deliveredOf = (stdout: string): number => {
  for (const line of stdout.split('\n').reverse()) {
    if (!line.includes('"Delivered"')) continue;
    const delivered = (JSON.parse(line) as { Delivered?: unknown }).Delivered;
    if (typeof delivered === 'number') return delivered;
  }
  return 0;
};

const run = (
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
