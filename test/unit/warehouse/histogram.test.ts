import fc from 'fast-check';
import {
  BUCKET_RATIO,
  bucketIndexOf,
  DURATION_BUCKETS,
  durationRangeAggregation,
} from '../../../src/warehouse/histogram';

describe('Warehouse: the fixed duration histogram', () => {
  it('puts every duration in the bucket whose bounds hold it, each bucket 2^(1/4) wide', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2 ** 25, noNaN: true }), (duration) => {
        // Act
        const bucket = DURATION_BUCKETS[bucketIndexOf(duration)];

        // Assess
        expect(bucket).toBeDefined();
        expect(duration).toBeGreaterThanOrEqual(bucket?.lowerMs ?? Number.NaN);
        if (bucket?.upperMs !== null && bucket?.upperMs !== undefined)
          expect(duration).toBeLessThan(bucket.upperMs);
      }),
    );
    expect((DURATION_BUCKETS[10]?.upperMs ?? 0) / (DURATION_BUCKETS[10]?.lowerMs ?? 1)).toBeCloseTo(
      BUCKET_RATIO,
      12,
    );
  });

  it('asks OpenSearch for the same bounds, keyed by bucket number', () => {
    // Act
    const ranges = durationRangeAggregation('lambda.duration_ms').range.ranges;

    // Assess
    expect(ranges).toHaveLength(DURATION_BUCKETS.length);
    expect(ranges[0]).toEqual({ key: '0', to: 1 });
    expect(ranges[ranges.length - 1]).toEqual({ key: String(DURATION_BUCKETS.length - 1), from: 2 ** 24 });
  });
});
