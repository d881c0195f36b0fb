import type { PollerProgress } from '../consumers/poller/types';
import { addCounts, type BatchResult, formatCounts, PipelineStats, sumCounts } from '../pipeline';

/** Everything the engine reported over a run, summed batch by batch. */
export class RunTotals {
  public readonly stats = new PipelineStats();
  public readonly deadLetteredByCode: Record<string, number> = {};
  public readonly rejectedByCode: Record<string, number> = {};
  public readonly retryableByCode: Record<string, number> = {};
  public delivered = 0;
  /** Worst ingest lag seen per log type, and the documents measured. */
  public readonly lagByType: Record<string, { count: number; maxMs: number; p50Ms: number }> = {};

  public add(result: BatchResult): void {
    this.stats.merge(result.stats);
    addCounts(this.deadLetteredByCode, result.delivery.deadLetteredByCode);
    addCounts(this.rejectedByCode, result.delivery.rejectedByCode);
    addCounts(this.retryableByCode, result.delivery.retryableByCode);
    this.delivered += sumCounts(result.delivery.deliveredByConnector);
    for (const [type, lag] of Object.entries(result.lag)) {
      const seen = this.lagByType[type] ?? { count: 0, maxMs: 0, p50Ms: 0 };
      // The median over the run is approximated by the count-weighted mean of the batch medians.
      seen.p50Ms = (seen.p50Ms * seen.count + lag.p50Ms * lag.count) / (seen.count + lag.count);
      seen.count += lag.count;
      seen.maxMs = Math.max(seen.maxMs, lag.maxMs);
      this.lagByType[type] = seen;
    }
  }

  public get deadLettered(): number {
    return sumCounts(this.deadLetteredByCode);
  }
}

export interface IndexCount {
  readonly index: string;
  readonly docs: number;
}

/**
 * The end-of-run report: documents per index, what was set aside and dead-lettered and why, lag,
 * and how to look at the result.
 *
 * @example
 * ```ts
 * process.stdout.write(formatSummary({ totals, progress, indices, url: 'http://127.0.0.1:9200', prefix: 'cwl' }));
 * ```
 */
export const formatSummary = (input: {
  totals: RunTotals;
  progress: PollerProgress;
  indices: readonly IndexCount[];
  url: string;
  prefix: string;
}): string => {
  const { totals, progress, indices, url, prefix } = input;
  const { stats } = totals;
  const lines = [
    '',
    'Summary',
    `  Kinesis records read: ${progress.records} in ${progress.batches} batches across ${progress.shards.size} shard(s)` +
      ` (re-read after a failure: ${progress.retriedBatches}, throttled reads: ${progress.throttles})`,
    `  log events: ${stats.events}; control messages: ${stats.controlMessages}`,
    `  documents: ${stats.docs} made, ${totals.delivered} delivered${formatCounts(stats.docsByType)}`,
    `  skipped: ${stats.skipped}${formatCounts(stats.skippedByReason)}`,
    `  set aside (decode/transform): ${stats.setAside}${formatCounts(stats.setAsideByCode)}`,
    `  redacted (values scrubbed before any connector): ${stats.redacted}${formatCounts(stats.redactedByRule)}`,
    `  rejected by OpenSearch: ${sumCounts(totals.rejectedByCode)}${formatCounts(totals.rejectedByCode)}`,
    `  dead letters written: ${totals.deadLettered}${formatCounts(totals.deadLetteredByCode)}`,
    `  still failing when the run ended: ${sumCounts(totals.retryableByCode)}${formatCounts(totals.retryableByCode)}`,
    `  stream lag (MillisBehindLatest): ${progress.millisBehindLatest} ms`,
    '  ingest lag (now − event time), by type:',
    ...Object.entries(totals.lagByType)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([type, lag]) =>
          `    ${type.padEnd(10)} ${String(lag.count).padStart(6)} docs  p50≈${duration(lag.p50Ms)}  max ${duration(lag.maxMs)}`,
      ),
    '',
    `Indices at ${url}:`,
    ...(indices.length === 0
      ? ['  (none)']
      : indices.map((item) => `  ${item.index.padEnd(40)} ${String(item.docs).padStart(8)} docs`)),
    '',
    'Query what was indexed:',
    `  curl -s '${url}/_cat/indices/${prefix}-*?v'`,
    `  curl -s '${url}/${prefix}-vpcflow-*/_search?q=vpc.action:REJECT&size=3&pretty'`,
    `  curl -s '${url}/${prefix}-lambda-*/_search?size=3&pretty' -H 'content-type: application/json' -d '{"query":{"term":{"lambda.record_type":"REPORT"}}}'`,
    `  curl -s '${url}/${prefix}-deadletter-*/_search?size=3&pretty'`,
    '',
  ];
  return lines.join('\n');
};

/** `1.2 s`, `3 min`, `2.1 h`, `410 d`: lag of replayed fixtures is old on purpose. */
export const duration = (ms: number): string => {
  const abs = Math.abs(ms);
  if (abs < 1_000) return `${Math.round(ms)} ms`;
  if (abs < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  if (abs < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  if (abs < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(0)} d`;
};
