import type { EngineInput } from '../../core';
import { addCounts, type BatchResult, decodeBytes, type PipelineConfig } from '../../pipeline';
import type { SliceCounts } from './types';

/**
 * Adds one engine batch's result to a slice's counts. Documents are counted at the first connector (the
 * destination): a backfill normally has one, and counting several would count a document once per copy.
 */
export const addBatch = (counts: SliceCounts, result: BatchResult, destination: string | undefined): void => {
  const { stats, delivery } = result;
  counts.events += stats.events;
  if (destination !== undefined) {
    const delivered = delivery.deliveredByConnector[destination] ?? 0;
    const present = delivery.alreadyPresentByConnector[destination] ?? 0;
    counts.indexed += delivered - present;
    counts.alreadyPresent += present;
  }
  addCounts(counts.setAside, stats.setAsideByCode);
  addCounts(counts.skipped, stats.skippedByReason);
  addCounts(counts.deadLettered, delivery.deadLetteredByCode);
  seeTimes(
    counts,
    stats.earliestDocTime === undefined ? undefined : Date.parse(stats.earliestDocTime),
    stats.latestDocTime === undefined ? undefined : Date.parse(stats.latestDocTime),
  );
};

/** Adds a finished slice's counts into the run's. */
export const addSlice = (into: SliceCounts, from: SliceCounts): void => {
  into.events += from.events;
  into.indexed += from.indexed;
  into.alreadyPresent += from.alreadyPresent;
  addCounts(into.setAside, from.setAside);
  addCounts(into.skipped, from.skipped);
  addCounts(into.deadLettered, from.deadLettered);
  seeTimes(into, from.earliest, from.latest);
};

const seeTimes = (counts: SliceCounts, earliest: number | undefined, latest: number | undefined): void => {
  if (earliest !== undefined && (counts.earliest === undefined || earliest < counts.earliest))
    counts.earliest = earliest;
  if (latest !== undefined && (counts.latest === undefined || latest > counts.latest)) counts.latest = latest;
};

/**
 * The events a page would give, without transforming or sending anything (`--dry-run`): an envelope's
 * events, or those of a record once decoded; a record that does not decode counts none.
 */
export const eventsIn = (inputs: readonly EngineInput[], config: PipelineConfig): number => {
  let events = 0;
  for (const input of inputs) {
    if (input.kind === 'envelope') events += input.envelope.logEvents.length;
    else if (input.kind === 'bytes') {
      const result = decodeBytes(input.bytes, config);
      if (result.kind === 'data') events += result.envelope.logEvents.length;
    }
  }
  return events;
};
