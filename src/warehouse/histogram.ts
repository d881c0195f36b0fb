/**
 * The fixed log-scale histogram of Lambda durations. Fixed bounds (not per-minute ones) let any number
 * of minutes, functions or versions be added bucket by bucket, which percentile sketches of OpenSearch
 * cannot do exactly; the price is the bucket width: each bucket's upper bound is 2^(1/4) ≈ 1.19 times its
 * lower bound, so a percentile read from it is at most 19 % above the exact value and never below it.
 *
 * Buckets: [0, 1) ms, then [2^(i/4), 2^((i+1)/4)) ms for i = 0 … 95 (up to 2^24 ms ≈ 4.7 h, far past
 * Lambda's 15-minute limit), then an overflow bucket [2^24, ∞) whose upper bound is unknown (null).
 *
 * @example
 * ```ts
 * DURATION_BUCKETS[0]; // { index: 0, lowerMs: 0, upperMs: 1 }
 * bucketIndexOf(100); // 28 (100 ms lies in [2^(26/4), 2^(27/4)) = [90.5, 107.6))
 * ```
 */
export interface DurationBucket {
  readonly index: number;
  readonly lowerMs: number;
  /** Exclusive; null for the overflow bucket. */
  readonly upperMs: number | null;
}

/** Steps per doubling: the bucket error is 2^(1/STEPS) − 1. */
export const STEPS_PER_DOUBLING = 4;
const DOUBLINGS = 24;

/** The relative width of every bounded bucket above 1 ms: upper / lower. */
export const BUCKET_RATIO = 2 ** (1 / STEPS_PER_DOUBLING);

const bound = (step: number): number => 2 ** (step / STEPS_PER_DOUBLING);

export const DURATION_BUCKETS: readonly DurationBucket[] = [
  { index: 0, lowerMs: 0, upperMs: 1 },
  ...Array.from({ length: STEPS_PER_DOUBLING * DOUBLINGS }, (_, step) => ({
    index: step + 1,
    lowerMs: bound(step),
    upperMs: bound(step + 1),
  })),
  {
    index: STEPS_PER_DOUBLING * DOUBLINGS + 1,
    lowerMs: bound(STEPS_PER_DOUBLING * DOUBLINGS),
    upperMs: null,
  },
];

/**
 * The bucket a duration falls in, by the same bounds OpenSearch's range aggregation uses (lower inclusive).
 *
 * @example
 * ```ts
 * bucketIndexOf(0.5); // 0
 * ```
 */
export const bucketIndexOf = (durationMs: number): number => {
  for (let index = DURATION_BUCKETS.length - 1; index > 0; index--) {
    if (durationMs >= (DURATION_BUCKETS[index] as DurationBucket).lowerMs) return index;
  }
  return 0;
};

/**
 * The range aggregation that counts one group's durations into the fixed buckets, exactly.
 *
 * @example
 * ```ts
 * durationRangeAggregation('lambda.duration_ms').range.ranges[0]; // { key: '0', to: 1 }
 * ```
 */
export const durationRangeAggregation = (field: string) => ({
  range: {
    field,
    ranges: DURATION_BUCKETS.map((bucket) => ({
      key: String(bucket.index),
      ...(bucket.index > 0 && { from: bucket.lowerMs }),
      ...(bucket.upperMs !== null && { to: bucket.upperMs }),
    })),
  },
});
