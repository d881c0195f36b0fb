import { deadlineIn, describeError } from '../../core';
import { type BatchDeps, processBatch } from '../../pipeline';
import type { BackfillCheckpoints } from './checkpoints';
import { addBatch, addSlice, eventsIn } from './counting';
import type { BackfillReport, FailedSlice, WarehouseResync } from './report';
import { type BackfillSlice, emptyCounts, type SliceCounts, type TimeRange } from './types';

/** How the run is going, after every page: for a progress bar. */
export interface BackfillProgress {
  readonly slicesDone: number;
  readonly slicesTotal: number;
  readonly events: number;
}

export interface BackfillDeps {
  /** The same pipeline, connectors and dead letters as the stream's consumers. */
  readonly engine: BatchDeps;
  readonly checkpoints: BackfillCheckpoints;
  /** Recomputes the warehouse's minutes of a range; absent when there is no warehouse to keep exact. */
  readonly resync?: (range: TimeRange) => Promise<{ windows: number }>;
  readonly onProgress?: (progress: BackfillProgress) => void;
  readonly onSliceFailed?: (slice: BackfillSlice, reason: string) => void;
}

export interface BackfillOptions {
  /** Slices read at once (FilterLogEvents is limited per account and Region; a few is plenty). */
  readonly parallel: number;
  /** Count what would be read; transform, send and remember nothing. */
  readonly dryRun: boolean;
  /**
   * How long one page may take in the engine, the connector's retries of throttled and failed items
   * included. A page with records still failing after it fails its slice, which a later run redoes.
   */
  readonly pageTimeoutMs: number;
}

const MINUTE_MS = 60_000;

/**
 * Runs a backfill: every slice not already done, `parallel` at a time, each page through the same engine
 * as the stream (same documents, same `_id`s, so what is already there answers 409 and is counted as
 * already present), each finished slice checkpointed with its counts; then the warehouse re-sync of every
 * minute the documents fall in. A slice whose page still has failed records after the page timeout is
 * not checkpointed: it is reported, and the next run (the same command) redoes it, without duplicating
 * what it had delivered.
 *
 * @example
 * ```ts
 * const report = await runBackfill(slices, { engine, checkpoints, resync }, { parallel: 4, dryRun: false, pageTimeoutMs: 600_000 });
 * ```
 */
export const runBackfill = async (
  slices: readonly BackfillSlice[],
  deps: BackfillDeps,
  options: BackfillOptions,
): Promise<BackfillReport> => {
  const startedAt = Date.now();
  const done = options.dryRun ? new Map<string, SliceCounts>() : await deps.checkpoints.load();
  const { todo, earlier } = notDoneYet(slices, done);
  const totals = emptyCounts();
  addSlice(totals, earlier);
  const failed: FailedSlice[] = [];
  // Only its earliest and latest times are read: the minutes to re-sync, including those of slices that
  // failed part way (what they delivered is in).
  const span = emptyCounts();
  let slicesDone = slices.length - todo.length;
  let liveEvents = 0;
  const progress = (): void =>
    deps.onProgress?.({ slicesDone, slicesTotal: slices.length, events: totals.events + liveEvents });
  progress();

  const runSlice = async (slice: BackfillSlice): Promise<void> => {
    const counts = emptyCounts();
    let failure: string | undefined;
    try {
      failure = await readSlice(slice, counts, deps, options, {
        onEvents: (events) => {
          liveEvents += events;
        },
        onPage: progress,
      });
      if (failure === undefined) {
        if (!options.dryRun) await deps.checkpoints.markDone(slice.id, counts);
        addSlice(totals, counts);
        slicesDone++;
      }
    } catch (error) {
      // A source that cannot be read (a missing bucket, FilterLogEvents refused) fails its slice, not the run.
      failure = describeError(error);
    } finally {
      addSlice(span, counts);
      liveEvents -= counts.events;
      progress();
    }
    if (failure !== undefined) {
      failed.push({ id: slice.id, label: slice.label, reason: failure });
      deps.onSliceFailed?.(slice, failure);
    }
  };
  await inParallel(todo, options.parallel, runSlice);

  addSlice(span, earlier);
  const warehouse = options.dryRun ? undefined : await resyncWarehouse(deps.resync, span);
  return {
    dryRun: options.dryRun,
    slices: { total: slices.length, done: slicesDone, resumed: slices.length - todo.length, failed },
    totals,
    earlierRuns: earlier,
    ...(warehouse !== undefined && { warehouse }),
    elapsedMs: Date.now() - startedAt,
  };
};

/** The slices still to do, and the counts of those an earlier run checkpointed. */
const notDoneYet = (
  slices: readonly BackfillSlice[],
  done: ReadonlyMap<string, SliceCounts>,
): { todo: BackfillSlice[]; earlier: SliceCounts } => {
  const earlier = emptyCounts();
  const todo: BackfillSlice[] = [];
  for (const slice of slices) {
    const counts = done.get(slice.id);
    if (counts === undefined) todo.push(slice);
    else addSlice(earlier, counts);
  }
  return { todo, earlier };
};

/**
 * Every page of one slice through the engine (or only counted, in a dry run), adding to `counts` as it goes.
 * Returns why the slice failed when a page still has failed records after the page timeout; the rest of the
 * slice is then left for the next run.
 */
const readSlice = async (
  slice: BackfillSlice,
  counts: SliceCounts,
  deps: BackfillDeps,
  options: BackfillOptions,
  on: { onEvents: (events: number) => void; onPage: () => void },
): Promise<string | undefined> => {
  const destination = deps.engine.connectors[0]?.id;
  for await (const page of slice.read()) {
    if (options.dryRun) {
      const events = eventsIn(page, deps.engine.pipeline.config);
      counts.events += events;
      on.onEvents(events);
    } else {
      const result = await processBatch(page, deps.engine, deadlineIn(options.pageTimeoutMs));
      addBatch(counts, result, destination);
      on.onEvents(result.stats.events);
      const first = result.failed[0];
      if (first !== undefined)
        return `${result.failed.length} record(s) could not be delivered within ${options.pageTimeoutMs} ms (first: ${first.cause}, ${first.code})`;
    }
    on.onPage();
  }
  return undefined;
};

/** Runs `work` over the items, at most `parallel` at a time (at least one), each item once, in order of start. */
const inParallel = async <T>(
  items: readonly T[],
  parallel: number,
  work: (item: T) => Promise<void>,
): Promise<void> => {
  const queue = [...items];
  const worker = async (): Promise<void> => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, items.length)) }, worker));
};

/** The warehouse's re-sync of every whole minute the documents fall in, when there is a warehouse. */
const resyncWarehouse = async (
  resync: BackfillDeps['resync'],
  span: SliceCounts,
): Promise<WarehouseResync | undefined> => {
  if (resync === undefined || span.earliest === undefined || span.latest === undefined) return undefined;
  const range = {
    from: Math.floor(span.earliest / MINUTE_MS) * MINUTE_MS,
    to: (Math.floor(span.latest / MINUTE_MS) + 1) * MINUTE_MS,
  };
  try {
    return { ...range, windows: (await resync(range)).windows };
  } catch (error) {
    return { ...range, windows: 0, error: describeError(error) };
  }
};
