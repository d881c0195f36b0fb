/**
 * The footprint targets of issue 9, for the Kinesis handler: its minified bundle, its cold import, and the
 * heap a full Kinesis batch takes through it.
 */
export const FOOTPRINT_TARGETS = {
  /** Bytes of the handler bundle (index.js, what the function's init loads). */
  bundleBytes: 600 * 1000,
  /** Median milliseconds to `require` the bundle in a fresh process. */
  coldImportMs: 40,
  /** The heap the process may use (`--max-old-space-size`), in MiB. */
  heapMiB: 256,
} as const;

/** One lazily loaded module bundled beside a handler (node_modules/<name>/index.js). */
export interface LazyModuleFigure {
  readonly name: string;
  readonly bytes: number;
}

/** What a package (or a folder of this repository) contributes to a bundle, from esbuild's metafile. */
export interface Contributor {
  readonly name: string;
  readonly bytes: number;
}

/** One fresh-process cold start: the import of the bundle, then its first invocation. */
export interface ColdStartRun {
  readonly importMs: number;
  readonly firstBatchMs: number;
}

/**
 * The cold starts of a handler on one small generated batch (`batch` says which), or why one failed:
 * what a cold start pays in all, so that work moved from the import to first use is still counted.
 */
export type ColdStartFigure =
  | { readonly batch: string; readonly runs: readonly ColdStartRun[] }
  | { readonly batch: string; readonly error: string };

export interface HandlerFootprint {
  /** A short name (`kinesis`) and the entry file. */
  readonly name: string;
  readonly entry: string;
  /** index.js, minified, without its source map. */
  readonly bundleBytes: number;
  readonly contributors: readonly Contributor[];
  /** The lazy modules the bundle requires, each bundled beside it; loaded on first use only. */
  readonly lazyModules: readonly LazyModuleFigure[];
  /** Milliseconds of each fresh-process `require` of index.js, or why the import failed. */
  readonly coldImport: { readonly runsMs: readonly number[] } | { readonly error: string };
  /** The Kinesis handler's cold start: import + first batch (other handlers have none). */
  readonly coldStart?: ColdStartFigure;
}

export interface BatchFootprint {
  readonly type: string;
  readonly records: number;
  readonly events: number;
  /** Bytes of the records' data (gzip) and of the Kinesis event's JSON the runtime parses. */
  readonly dataBytes: number;
  readonly eventBytes: number;
  readonly documents: number;
  readonly failedRecords: number;
  readonly peakHeapUsedBytes: number;
  /** The most heap V8 had committed at a sample: an upper bound of what was used between samples. */
  readonly peakHeapTotalBytes: number;
  readonly peakRssBytes: number;
  readonly heapLimitMiB: number;
  /** Set when the run did not finish (out of heap, a failure of the handler). */
  readonly error?: string;
}

export interface FootprintReport {
  readonly date: string;
  readonly node: string;
  readonly handlers: readonly HandlerFootprint[];
  readonly batches: readonly BatchFootprint[];
}

/** The median of a non-empty list of numbers (the mean of the middle two for an even count). */
export const median = (values: readonly number[]): number => {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/**
 * Groups esbuild metafile inputs (path → bytes in the output) by npm package, or by the first two folders of
 * this repository's own paths (`src/connectors`), largest first.
 *
 * @example
 * ```ts
 * contributorsOf({ 'node_modules/zod/v4/core/api.js': { bytesInOutput: 10 }, 'src/core/errors.ts': { bytesInOutput: 2 } });
 * // [{ name: 'zod', bytes: 10 }, { name: 'src/core', bytes: 2 }]
 * ```
 */
export const contributorsOf = (
  inputs: Readonly<Record<string, { bytesInOutput: number }>>,
): Contributor[] => {
  const totals = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const name = contributorName(path);
    totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
  }
  return [...totals]
    .map(([name, bytes]) => ({ name, bytes }))
    .filter((contributor) => contributor.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
};

const contributorName = (path: string): string => {
  const at = path.lastIndexOf('node_modules/');
  if (at === -1) return path.split('/').slice(0, 2).join('/');
  const parts = path.slice(at + 'node_modules/'.length).split('/');
  return (parts[0]?.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
};

/** `MET` when a figure is within its target (at most the target), `MISSED` otherwise. */
export const verdict = (value: number, target: number): 'MET' | 'MISSED' =>
  value <= target ? 'MET' : 'MISSED';

const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;
const MiB = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/**
 * The footprint report as text: per handler its bundle, largest contributors, lazy modules and cold import;
 * then the Kinesis batches; then the targets, each MET or MISSED.
 *
 * @example
 * ```ts
 * process.stdout.write(formatFootprint(report, 8));
 * ```
 */
export const formatFootprint = (report: FootprintReport, topContributors = 8): string => {
  const lines: string[] = [`cwlpipe footprint, ${report.date}, node ${report.node}`, ''];
  for (const handler of report.handlers) {
    const lazyBytes = handler.lazyModules.reduce((sum, module) => sum + module.bytes, 0);
    lines.push(`${handler.name} (${handler.entry})`);
    lines.push(`  bundle index.js       ${kB(handler.bundleBytes)} minified (source map not counted)`);
    if (handler.lazyModules.length > 0) {
      lines.push(
        `  lazy modules beside   ${kB(lazyBytes)}, loaded on first use: ${handler.lazyModules
          .map((module) => `${module.name} ${kB(module.bytes)}`)
          .join(', ')}`,
      );
      lines.push(`  deployed code         ${kB(handler.bundleBytes + lazyBytes)} (index.js + lazy modules)`);
    }
    lines.push(
      `  largest contributors  ${handler.contributors
        .slice(0, topContributors)
        .map((contributor) => `${contributor.name} ${kB(contributor.bytes)}`)
        .join(', ')}`,
    );
    lines.push(
      'error' in handler.coldImport
        ? `  cold import           failed: ${handler.coldImport.error}`
        : `  cold import           median ${median(handler.coldImport.runsMs).toFixed(1)} ms of ${handler.coldImport.runsMs.length} fresh processes (${handler.coldImport.runsMs.map((ms) => ms.toFixed(0)).join(', ')})`,
    );
    if (handler.coldStart !== undefined) lines.push(coldStartLine(handler.coldStart));
    lines.push('');
  }
  for (const batch of report.batches) {
    lines.push(
      `kinesis batch ${batch.type}: ${batch.records} records, ${batch.events} events, ${MiB(batch.dataBytes)} of record data (${MiB(batch.eventBytes)} of event JSON), --max-old-space-size=${batch.heapLimitMiB}`,
    );
    lines.push(
      batch.error !== undefined
        ? `  failed: ${batch.error}`
        : `  ${batch.documents} documents, ${batch.failedRecords} records failed; peak heap used ${MiB(batch.peakHeapUsedBytes)} (committed ${MiB(batch.peakHeapTotalBytes)}), peak RSS ${MiB(batch.peakRssBytes)}`,
    );
  }
  lines.push('', ...targetLines(report));
  return `${lines.join('\n')}\n`;
};

/**
 * The cold start line: the median of each run's import + first batch, and the median of each part.
 *
 * @example
 * ```ts
 * coldStartLine({ batch: '100 vpcflow events', runs: [{ importMs: 40, firstBatchMs: 60 }] });
 * // '  cold first batch      median 100.0 ms = import 40.0 + first batch 60.0 ms (100 vpcflow events; …)'
 * ```
 */
export const coldStartLine = (figure: ColdStartFigure): string => {
  if ('error' in figure) return `  cold first batch      failed (${figure.batch}): ${figure.error}`;
  const totals = figure.runs.map((run) => run.importMs + run.firstBatchMs);
  return `  cold first batch      median ${median(totals).toFixed(1)} ms = import ${median(figure.runs.map((run) => run.importMs)).toFixed(1)} + first batch ${median(figure.runs.map((run) => run.firstBatchMs)).toFixed(1)} ms (medians; ${figure.batch}; ${figure.runs.length} fresh processes: ${totals.map((ms) => ms.toFixed(0)).join(', ')})`;
};

/** The target lines for the Kinesis handler, each with its figure and MET or MISSED. */
export const targetLines = (report: FootprintReport): string[] => {
  const kinesis = report.handlers.find((handler) => handler.name === 'kinesis');
  if (kinesis === undefined) return ['targets: the Kinesis handler was not measured'];
  const lines = [
    `target: kinesis bundle <= ${kB(FOOTPRINT_TARGETS.bundleBytes)}: ${kB(kinesis.bundleBytes)} ${verdict(kinesis.bundleBytes, FOOTPRINT_TARGETS.bundleBytes)}`,
  ];
  lines.push(
    'error' in kinesis.coldImport
      ? `target: kinesis cold import <= ${FOOTPRINT_TARGETS.coldImportMs} ms: MISSED (the import failed)`
      : `target: kinesis cold import <= ${FOOTPRINT_TARGETS.coldImportMs} ms: ${median(kinesis.coldImport.runsMs).toFixed(1)} ms ${verdict(median(kinesis.coldImport.runsMs), FOOTPRINT_TARGETS.coldImportMs)}`,
  );
  if (kinesis.coldStart !== undefined && !('error' in kinesis.coldStart))
    lines.push(
      `kinesis cold first batch (import + first batch, no target): ${median(kinesis.coldStart.runs.map((run) => run.importMs + run.firstBatchMs)).toFixed(1)} ms`,
    );
  for (const batch of report.batches) {
    const within = batch.error === undefined && batch.failedRecords === 0;
    lines.push(
      `target: ${batch.records}-record ${batch.type} batch within ${FOOTPRINT_TARGETS.heapMiB} MiB of heap: ${
        within
          ? `peak ${MiB(batch.peakHeapUsedBytes)} used, ${MiB(batch.peakHeapTotalBytes)} committed MET`
          : `MISSED (${batch.error ?? `${batch.failedRecords} records failed`})`
      }`,
    );
  }
  return lines;
};
