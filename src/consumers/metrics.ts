import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { type BatchResult, type LagSummary, type PipelineStats, sumCounts } from '../pipeline';

/** The namespace of every cwlpipe metric (Powertools' `POWERTOOLS_METRICS_NAMESPACE` overrides it). */
export const METRICS_NAMESPACE = 'cwlpipe';

/** What one invocation counted, whichever handler it was. */
export interface InvocationCounts {
  readonly stats: PipelineStats;
  readonly lag: Record<string, LagSummary>;
  readonly deliveredByConnector?: Record<string, number>;
  readonly retryableByCode?: Record<string, number>;
  readonly rejectedByCode?: Record<string, number>;
  readonly deadLetteredByCode?: Record<string, number>;
  readonly deadLetterFailedByCode?: Record<string, number>;
  readonly failedRecords?: number;
  readonly unfinishedRecords?: number;
  readonly pluginErrors?: number;
  /** Payloads written to the raw archive, and those it refused by reason (their records are retried). */
  readonly archived?: number;
  readonly archiveFailedByCode?: Record<string, number>;
  /** Further totals a handler counts (e.g. Firehose results), published without dimensions. */
  readonly extra?: Record<string, number>;
}

/** A batch engine result as invocation counts. */
export const countsOf = (result: BatchResult): InvocationCounts => ({
  stats: result.stats,
  lag: result.lag,
  ...result.delivery,
  failedRecords: result.failed.length,
  unfinishedRecords: result.unfinished,
  pluginErrors: result.delivery.thrown,
});

/**
 * Publishes one invocation's counts as CloudWatch embedded metrics: totals without dimensions, then
 * one EMF object per log type (`Documents`, `IngestLagP50`, `IngestLagMax`), per reason (`SetAside`,
 * `Skipped`, `DeadLettered`, `Retryable`, `Rejected`, `DeadLetterFailed`, `ArchiveFailed`) and per connector
 * (`Delivered`) and per redaction rule (`Redacted`). Every dimension value is low-cardinality: a log type, a short
 * code, a connector id or a rule name.
 *
 * @example
 * ```ts
 * publishInvocationMetrics(new Metrics({ namespace: METRICS_NAMESPACE }), countsOf(result));
 * ```
 */
export const publishInvocationMetrics = (metrics: Metrics, counts: InvocationCounts): void => {
  const { stats } = counts;
  const count = (name: string, value: number): void => {
    metrics.addMetric(name, MetricUnit.Count, value);
  };
  count('Records', stats.records);
  count('ControlMessages', stats.controlMessages);
  count('Events', stats.events);
  count('Documents', stats.docs);
  count('Skipped', stats.skipped);
  count('SetAside', stats.setAside);
  count('Redacted', stats.redacted);
  count('Delivered', sumCounts(counts.deliveredByConnector));
  count('Retryable', sumCounts(counts.retryableByCode));
  count('Rejected', sumCounts(counts.rejectedByCode));
  count('DeadLettered', sumCounts(counts.deadLetteredByCode));
  count('DeadLetterFailed', sumCounts(counts.deadLetterFailedByCode));
  count('FailedRecords', counts.failedRecords ?? 0);
  count('UnfinishedRecords', counts.unfinishedRecords ?? 0);
  count('PluginErrors', counts.pluginErrors ?? 0);
  const archiveFailed = sumCounts(counts.archiveFailedByCode);
  // Only where an archive is configured (something was written or refused): no zero series elsewhere.
  if ((counts.archived ?? 0) + archiveFailed > 0) {
    count('Archived', counts.archived ?? 0);
    count('ArchiveFailed', archiveFailed);
  }
  for (const [name, value] of Object.entries(counts.extra ?? {})) count(name, value);
  metrics.publishStoredMetrics();

  const types = new Set([...Object.keys(stats.docsByType), ...Object.keys(counts.lag)]);
  for (const type of [...types].sort()) {
    metrics.addDimension('type', type);
    count('Documents', stats.docsByType[type] ?? 0);
    const lag = counts.lag[type];
    if (lag !== undefined) {
      metrics.addMetric('IngestLagP50', MetricUnit.Milliseconds, lag.p50Ms);
      metrics.addMetric('IngestLagMax', MetricUnit.Milliseconds, lag.maxMs);
    }
    metrics.publishStoredMetrics();
  }

  const byReason: Record<string, Record<string, number> | undefined> = {
    SetAside: stats.setAsideByCode,
    Skipped: stats.skippedByReason,
    DeadLettered: counts.deadLetteredByCode,
    DeadLetterFailed: counts.deadLetterFailedByCode,
    Retryable: counts.retryableByCode,
    Rejected: counts.rejectedByCode,
    ArchiveFailed: counts.archiveFailedByCode,
  };
  const reasons = new Set(Object.values(byReason).flatMap((byCode) => Object.keys(byCode ?? {})));
  for (const reason of [...reasons].sort()) {
    metrics.addDimension('reason', reason);
    for (const [name, byCode] of Object.entries(byReason)) {
      const value = byCode?.[reason];
      if (value !== undefined) count(name, value);
    }
    metrics.publishStoredMetrics();
  }

  for (const [rule, redacted] of Object.entries(stats.redactedByRule).sort()) {
    metrics.addDimension('rule', rule);
    count('Redacted', redacted);
    metrics.publishStoredMetrics();
  }

  for (const [connector, delivered] of Object.entries(counts.deliveredByConnector ?? {}).sort()) {
    metrics.addDimension('connector', connector);
    count('Delivered', delivered);
    metrics.publishStoredMetrics();
  }
};
