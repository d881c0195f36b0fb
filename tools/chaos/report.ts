import type { ChaosReport, PhaseReport } from './run';

const n = (value: number): string => value.toLocaleString('en-US');
const counts = (record: Record<string, number>): string =>
  Object.entries(record)
    .map(([key, value]) => `${key} ${n(value)}`)
    .join(', ') || 'none';

const phaseLines = (phase: PhaseReport): string[] => {
  const { verdict } = phase;
  const lines = [
    '',
    `Phase ${phase.name} (indices ${phase.prefix}-*)`,
    `  drained in ${(phase.drainMs / 1000).toFixed(1)} s: ${n(phase.eventsPerSecond)} events/s`,
    `  consumer: ${JSON.stringify(phase.consumer, (key, value) => (key === 'shards' ? undefined : value))}`,
    `  warehouse sync runs meanwhile: ${phase.warehouseLoop.runs} (${phase.warehouseLoop.succeeded} ok, ${phase.warehouseLoop.killed} killed, ${phase.warehouseLoop.failed} failed under faults)`,
    `  events: ${n(verdict.generatedEvents)} generated + ${n(verdict.hostileEvents)} hostile; documents expected ${n(verdict.expectedDocuments)}, indexed ${n(verdict.indexedDocuments)}, duplicates ${verdict.duplicates}`,
    `  given up by the mapping: ${n(verdict.givenUp.records)} records, ${n(verdict.givenUp.events)} events; rejected by OpenSearch: ${n(verdict.rejectedByDestination)}`,
    `  dead letters: ${counts(verdict.lettersByCode)}`,
    `  skipped: ${counts(verdict.skippedByReason)}; control messages: ${verdict.controlMessages}`,
  ];
  if (phase.onFailureDestination !== undefined) {
    lines.push(`  on-failure destination: ${phase.onFailureDestination.length} invocation record(s)`);
    for (const record of phase.onFailureDestination.slice(0, 10)) {
      const info = record.KinesisBatchInfo;
      lines.push(
        `    ${record.requestContext.condition}: ${info.shardId} ${info.startSequenceNumber}…${info.endSequenceNumber} (${info.batchSize} records, ${record.requestContext.approximateInvokeCount} invocations)`,
      );
    }
  }
  for (const assertion of verdict.assertions) {
    lines.push(`  ${assertion.ok ? '✓' : '✗'} ${assertion.name}: ${assertion.detail}`);
  }
  return lines;
};

/**
 * The chaos report for a person: the machine, what was put, the faults injected, then per phase the
 * throughput, what the consumers went through and every assertion with its figures.
 *
 * @example
 * ```ts
 * process.stdout.write(formatChaosReport(report));
 * ```
 */
export const formatChaosReport = (report: ChaosReport): string =>
  [
    `Chaos run ${report.date} (seed ${report.seed}) on ${report.machine.cpus} CPUs (${report.machine.cpuModel}), ${report.machine.memoryGiB} GiB, Node ${report.machine.node}`,
    `Put ${n(report.put.records)} records: ${n(report.put.generatedEvents)} generated events and ${report.put.hostileRecords} hostile records, in ${(report.put.ms / 1000).toFixed(1)} s`,
    `Faults injected by the proxy: ${counts(report.faults as unknown as Record<string, number>)}`,
    `OpenSearch restart: ${report.restart}`,
    ...report.phases.flatMap(phaseLines),
    '',
    report.ok ? 'All assertions hold.' : 'SOME ASSERTIONS FAILED.',
    '',
  ].join('\n');
