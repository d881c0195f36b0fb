import { durationRangeAggregation } from '../histogram';
import type { TableSpec } from '../tables';
import type { Span } from '../windows';

/** OpenSearch's default limit on clauses in one query (`indices.query.bool.max_clause_count`) is 1024. */
export const MAX_SPANS_PER_QUERY = 500;

/**
 * The query of a table over some windows: documents whose `@timestamp` lies in any of the spans
 * (every document of each window, not only the new ones: a window is always recomputed whole), and
 * that match the table's filter.
 *
 * @example
 * ```ts
 * windowQuery(TABLES[0], [{ startMs: 0, endMs: 60_000 }]).bool.filter[0]; // { bool: { should: [{ range: { '@timestamp': … } }], minimum_should_match: 1 } }
 * ```
 */
export const windowQuery = (spec: TableSpec, spans: readonly Span[]) => ({
  bool: {
    filter: [
      {
        bool: {
          should: spans.map((span) => ({
            range: { '@timestamp': { gte: span.startMs, lt: span.endMs, format: 'epoch_millis' } },
          })),
          minimum_should_match: 1,
        },
      },
      ...(spec.filter === undefined ? [] : [spec.filter]),
    ],
  },
});

/**
 * The sub-aggregations that give a table's metrics per composite bucket: a filter per filtered count,
 * sum/min/max per field, and the fixed-bucket range histogram. A plain count is the bucket's doc_count.
 *
 * @example
 * ```ts
 * metricAggregations(lambdaMinute).errors; // { filter: { bool: { … } } }
 * ```
 */
export const metricAggregations = (spec: TableSpec): Record<string, unknown> => ({
  ...Object.fromEntries(
    spec.metrics.flatMap((metric): [string, unknown][] => {
      switch (metric.kind) {
        case 'count':
          return [];
        case 'count_where':
          return [[metric.column, { filter: metric.where }]];
        default:
          return [[metric.column, { [metric.kind]: { field: metric.field } }]];
      }
    }),
  ),
  ...(spec.histogram && { histogram: durationRangeAggregation(spec.histogram.field) }),
});

/** Each bucket of a histogram table carries ~100 range buckets: smaller pages keep responses small. */
export const pageSizeOf = (spec: TableSpec): number => (spec.histogram ? 200 : 2000);

/**
 * The whole `_search` body of one page: no hits, a composite aggregation `rows` over the event minute
 * and every dimension (absent values as their own null bucket, so nothing is left out), with the metrics
 * below it. Composite aggregations page through every key exactly; nothing here is sampled or top-N.
 *
 * @example
 * ```ts
 * tableSearchBody(TABLES[0], spans, undefined).aggs.rows.composite.sources[0]; // { minute: { date_histogram: { field: '@timestamp', fixed_interval: '1m' } } }
 * ```
 */
export const tableSearchBody = (
  spec: TableSpec,
  spans: readonly Span[],
  after: Record<string, unknown> | undefined,
) => ({
  size: 0,
  track_total_hits: false,
  query: windowQuery(spec, spans),
  aggs: {
    rows: {
      composite: {
        size: pageSizeOf(spec),
        sources: [
          { minute: { date_histogram: { field: '@timestamp', fixed_interval: '1m' } } },
          ...spec.dimensions.map((dimension) => ({
            [dimension.column]: { terms: { field: dimension.field, missing_bucket: true } },
          })),
        ],
        ...(after && { after }),
      },
      aggs: metricAggregations(spec),
    },
  },
});
