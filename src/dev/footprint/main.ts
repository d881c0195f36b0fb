import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogType } from '../../core';
import { startAcceptingServer } from '../bench/handler';
import { bundleLambda, LAMBDA_ENTRIES } from './bundle';
import { coldImport } from './cold-import';
import { largestKinesisBatch } from './kinesis-batch';
import {
  type BatchFootprint,
  FOOTPRINT_TARGETS,
  type FootprintReport,
  formatFootprint,
  type HandlerFootprint,
  targetLines,
} from './report';

const IMPORT_RUNS = 7;
const BATCH_TYPES: readonly LogType[] = ['vpcflow', 'lambda', 'cloudtrail'];

/** What a function's environment holds at import, enough for each handler to build itself. */
const importEnv = (url: string): NodeJS.ProcessEnv => ({
  OPENSEARCH_URL: url,
  CWLPIPE_WAREHOUSE: 'bigquery',
  CWLPIPE_BIGQUERY_PROJECT: 'footprint',
  CWLPIPE_BIGQUERY_DATASET: 'footprint',
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});

/**
 * `npm run footprint`: bundles every function as the CDK app does, prints its size, largest contributors,
 * lazy modules and cold import, runs the largest Kinesis batch of each main log type through the bundled
 * Kinesis handler within 256 MiB of heap, and prints the targets, MET or MISSED. Exits 1 when one is missed.
 *
 * @example
 * ```ts
 * await main(['node', 'footprint']);
 * ```
 */
export const main = async (argv: readonly string[]): Promise<void> => {
  const quick = argv.includes('--no-batch');
  const work = mkdtempSync(join(tmpdir(), 'cwlpipe-footprint-'));
  try {
    const handlers: HandlerFootprint[] = [];
    let kinesisBundle = '';
    for (const lambda of LAMBDA_ENTRIES) {
      const built = bundleLambda(lambda, join(work, lambda.name));
      if (lambda.name === 'kinesis') kinesisBundle = join(built.directory, 'index.js');
      handlers.push({
        name: lambda.name,
        entry: lambda.entry,
        bundleBytes: built.bundleBytes,
        contributors: built.contributors,
        lazyModules: built.lazyModules,
        coldImport: coldImport(
          join(built.directory, 'index.js'),
          importEnv('http://127.0.0.1:9'),
          IMPORT_RUNS,
        ),
      });
      process.stderr.write(`footprint: ${lambda.name} bundled and imported\n`);
    }
    const batches: BatchFootprint[] = [];
    if (!quick) {
      const { child, url } = await startAcceptingServer();
      try {
        for (const type of BATCH_TYPES) {
          batches.push(await runBatch(kinesisBundle, type, url, work));
          process.stderr.write(`footprint: ${type} batch run\n`);
        }
      } finally {
        child.kill();
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
    rmSync(work, { recursive: true, force: true });
  }
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
      '--enable-source-maps',
      join(__dirname, 'run-batch.js'),
      bundle,
      eventPath,
      resultPath,
    ],
    { ...importEnv(url), POWERTOOLS_METRICS_NAMESPACE: 'cwlpipe', POWERTOOLS_LOG_LEVEL: 'WARN' },
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
