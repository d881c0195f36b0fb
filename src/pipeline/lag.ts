import type { PipelineDoc } from '../core';

/** How far behind its events the pipeline runs, for one log type. */
export interface LagSummary {
  /** Documents measured. */
  readonly count: number;
  /** Median of (now − `@timestamp`), milliseconds. */
  readonly p50Ms: number;
  readonly maxMs: number;
}

/**
 * Ingest lag (now minus each document's `@timestamp`) by log type: the median and the worst.
 * Documents whose `@timestamp` does not parse are left out rather than counted as zero.
 *
 * @example
 * ```ts
 * lagByType(docs, Date.now()); // { vpcflow: { count: 120, p50Ms: 61_000, maxMs: 64_500 } }
 * ```
 */
export const lagByType = (docs: Iterable<PipelineDoc>, nowMs: number): Record<string, LagSummary> => {
  const samples = new LagSamples();
  samples.add(docs, nowMs);
  return samples.summary();
};

/**
 * Lag samples gathered slice by slice (a number per document, not the document), summarised at the end.
 *
 * @example
 * ```ts
 * const lag = new LagSamples();
 * lag.add(deliveredDocs, Date.now());
 * lag.summary(); // { lambda: { count: 3, p50Ms: 900, maxMs: 1_200 } }
 * ```
 */
export class LagSamples {
  private readonly samples: Record<string, number[]> = {};

  public add(docs: Iterable<PipelineDoc>, nowMs: number): void {
    for (const doc of docs) {
      const eventMs = Date.parse(doc.body['@timestamp']);
      if (Number.isNaN(eventMs)) continue;
      const list = this.samples[doc.type] ?? [];
      list.push(nowMs - eventMs);
      this.samples[doc.type] = list;
    }
  }

  public summary(): Record<string, LagSummary> {
    const result: Record<string, LagSummary> = {};
    for (const [type, list] of Object.entries(this.samples)) {
      list.sort((a, b) => a - b);
      result[type] = { count: list.length, p50Ms: median(list), maxMs: list[list.length - 1] ?? 0 };
    }
    return result;
  }
}

/** The median of a sorted, non-empty list (the mean of the two middle values for an even length). */
const median = (sorted: readonly number[]): number => {
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
};
