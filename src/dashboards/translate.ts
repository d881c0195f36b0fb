import { type IndexPatternSpec, requireField } from './fields';
import type { BucketAgg, MetricAgg, Panel, PanelFilter, SavedSearch } from './model';
import { autoInterval, type TimeRange } from './time-range';

/** A search request as OpenSearch Dashboards sends it for one panel: the indices and the body. */
export interface SearchRequest {
  readonly index: string;
  readonly body: Record<string, unknown>;
}

type Json = Record<string, unknown>;

/**
 * The query part every request shares: the panel's Lucene query, its filters (negated ones under
 * `must_not`) and the time range on `@timestamp`, as OpenSearch Dashboards builds it.
 *
 * @example
 * ```ts
 * boolQuery('vpc.action:REJECT', [], { from: '2024-05-01T00:00:00Z', to: '2024-05-02T00:00:00Z' });
 * // { bool: { must: [{ query_string: … }], filter: [{ range: { '@timestamp': … } }], must_not: [] } }
 * ```
 */
export const boolQuery = (query: string, filters: readonly PanelFilter[], range: TimeRange): Json => ({
  bool: {
    must: query.trim() === '' ? [] : [luceneQuery(query)],
    filter: [
      ...filters.filter((filter) => filter.negate !== true).map(filterQuery),
      {
        range: { '@timestamp': { gte: range.from, lte: range.to, format: 'strict_date_optional_time' } },
      },
    ],
    must_not: filters.filter((filter) => filter.negate === true).map(filterQuery),
  },
});

/** An exact Lucene query, read the way OpenSearch Dashboards' Lucene mode sends it. */
export const luceneQuery = (query: string): Json => ({
  query_string: { query, analyze_wildcard: true, time_zone: 'UTC' },
});

/** A structured filter as the query clause OpenSearch Dashboards derives from it. */
export const filterQuery = (filter: PanelFilter): Json => {
  switch (filter.kind) {
    case 'phrase':
      return { match_phrase: { [filter.field]: filter.value } };
    case 'phrases':
      return {
        bool: {
          should: filter.values.map((value) => ({ match_phrase: { [filter.field]: value } })),
          minimum_should_match: 1,
        },
      };
    case 'exists':
      return { exists: { field: filter.field } };
  }
};

/** The ids OpenSearch Dashboards gives a panel's aggregations: metrics first ("1"…), then buckets. */
export const metricId = (index: number): string => String(index + 1);
export const bucketId = (panel: Panel, index: number): string => String(panel.metrics.length + index + 1);

/**
 * The request OpenSearch Dashboards sends for a panel: no hits, its query, filters and time range, and
 * its bucket aggregations nested in order with the metrics as leaves (count is each bucket's doc_count).
 * A terms bucket ordered by a metric carries that metric too, as the order needs it at that level.
 *
 * @example
 * ```ts
 * const request = translatePanel(panel, vpcPattern, { from: '2024-05-01T00:00:00Z', to: '2024-05-02T00:00:00Z' });
 * await client.search({ index: request.index, body: request.body });
 * ```
 */
export const translatePanel = (panel: Panel, pattern: IndexPatternSpec, range: TimeRange): SearchRequest => {
  const leaves = metricAggs(
    panel,
    pattern,
    panel.metrics.map((_, index) => index),
  );
  let aggs: Json = leaves;
  for (let index = panel.buckets.length - 1; index >= 0; index--) {
    const bucket = panel.buckets[index] as BucketAgg;
    aggs = {
      [bucketId(panel, index)]: { ...bucketAgg(panel, bucket, pattern, range), ...withSubAggs(aggs) },
    };
    // An outer terms ordered by a metric needs that metric beside its inner buckets.
    if (bucket.agg === 'terms' && bucket.orderByMetric !== undefined && index < panel.buckets.length - 1) {
      const own = aggs[bucketId(panel, index)] as Json;
      own.aggs = { ...(own.aggs as Json | undefined), ...metricAggs(panel, pattern, [bucket.orderByMetric]) };
    }
  }
  return {
    index: pattern.title,
    body: {
      size: 0,
      track_total_hits: true,
      query: boolQuery(panel.query, panel.filters ?? [], range),
      aggs,
    },
  };
};

const withSubAggs = (aggs: Json): Json => (Object.keys(aggs).length === 0 ? {} : { aggs });

const bucketAgg = (panel: Panel, bucket: BucketAgg, pattern: IndexPatternSpec, range: TimeRange): Json => {
  switch (bucket.agg) {
    case 'date_histogram':
      return {
        date_histogram: {
          field: bucket.field,
          fixed_interval: autoInterval(range),
          time_zone: 'UTC',
          min_doc_count: 1,
        },
      };
    case 'terms': {
      const order =
        bucket.orderByMetric === undefined || panel.metrics[bucket.orderByMetric]?.agg === 'count'
          ? { _count: 'desc' }
          : { [metricId(bucket.orderByMetric)]: 'desc' };
      return { terms: { ...aggregatedField(pattern, bucket.field), size: bucket.size, order } };
    }
    case 'filters':
      return {
        filters: {
          filters: Object.fromEntries(
            bucket.filters.map((filter) => [filter.label, { bool: { must: [luceneQuery(filter.query)] } }]),
          ),
        },
      };
  }
};

const metricAggs = (panel: Panel, pattern: IndexPatternSpec, indexes: readonly number[]): Json =>
  Object.fromEntries(
    indexes.flatMap((index) => {
      const metric = panel.metrics[index] as MetricAgg;
      const body = metricAgg(metric, pattern);
      return body === undefined ? [] : [[metricId(index), body]];
    }),
  );

const metricAgg = (metric: MetricAgg, pattern: IndexPatternSpec): Json | undefined => {
  switch (metric.agg) {
    case 'count':
      return undefined; // every bucket's doc_count
    case 'percentiles':
      return { percentiles: { ...aggregatedField(pattern, metric.field), percents: [...metric.percents] } };
    default: {
      const field = aggregatedField(pattern, metric.field);
      // A date's min or max reads back as a time (value_as_string), as the panel shows it.
      const isDate = pattern.fields.find((candidate) => candidate.name === metric.field)?.esType === 'date';
      const format =
        isDate && (metric.agg === 'max' || metric.agg === 'min')
          ? { format: 'strict_date_optional_time' }
          : {};
      return { [metric.agg]: { ...field, ...format } };
    }
  }
};

/** A field as OpenSearch Dashboards sends it, checked to be aggregatable. */
const aggregatedField = (pattern: IndexPatternSpec, name: string): Json => {
  requireField(pattern, name, { aggregated: true, where: `An aggregation on ${pattern.title}` });
  return { field: name };
};

/** How many documents a saved search shows, newest first (Discover's first page). */
export const SEARCH_PAGE_SIZE = 50;

/**
 * The request Discover sends for a saved search: its newest documents in the time range.
 *
 * @example
 * ```ts
 * translateSearch(search, vpcPattern, range).body.size; // 50
 * ```
 */
export const translateSearch = (
  search: SavedSearch,
  pattern: IndexPatternSpec,
  range: TimeRange,
): SearchRequest => ({
  index: pattern.title,
  body: {
    size: SEARCH_PAGE_SIZE,
    track_total_hits: true,
    sort: [{ '@timestamp': { order: 'desc', unmapped_type: 'date' } }],
    query: boolQuery(search.query, search.filters ?? [], range),
    _source: ['@timestamp', ...search.columns],
  },
});
