import type { EngineInput } from '../../core';

/** A time range, `from` inclusive, `to` exclusive, in epoch milliseconds. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

/**
 * The unit of work and of resumption: one source over one time slice. Its `id` is stable across runs
 * (source, log group or archive address, and the slice's bounds), so a checkpoint names exactly it.
 */
export interface BackfillSlice extends TimeRange {
  readonly id: string;
  /** For people: `/aws/lambda/orders 2024-05-01T00:00Z..01:00Z`. */
  readonly label: string;
  /** The engine inputs of the slice, a page at a time (a page is one engine batch). */
  read(): AsyncIterable<readonly EngineInput[]>;
}

/** What one slice did, in events and documents; summed into the run's report. */
export interface SliceCounts {
  /** Log events read from the source (an archive object's events, FilterLogEvents' events). */
  events: number;
  /** Documents the destination took that it did not have. */
  indexed: number;
  /** Documents the destination already had (the same `_id`): delivered before, by the stream or a run. */
  alreadyPresent: number;
  /** Events the pipeline set aside (undecodable records, events no transformer could read), by code. */
  setAside: Record<string, number>;
  /** Events dropped by configuration (filters), by reason: counted, never silent. */
  skipped: Record<string, number>;
  /** Dead letters written (the set-asides and the destination's rejections), by code. */
  deadLettered: Record<string, number>;
  /** The earliest and latest document `@timestamp` (epoch ms), for the warehouse re-sync; undefined when none. */
  earliest?: number;
  latest?: number;
}

export const emptyCounts = (): SliceCounts => ({
  events: 0,
  indexed: 0,
  alreadyPresent: 0,
  setAside: {},
  skipped: {},
  deadLettered: {},
});
