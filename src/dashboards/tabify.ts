import type { MetricAgg, Panel, SavedSearch } from './model';
import { bucketId, metricId } from './translate';

/** A panel's answer as a table: bucket keys first (outermost first), then one column per metric value. */
export interface PanelTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  /** Documents that matched the query, filters and time range. */
  readonly total: number;
}

export type Cell = string | number | boolean | null;

type Json = Record<string, unknown>;

/**
 * Turns a panel's search response into rows, one per innermost bucket, as OpenSearch Dashboards' tabify
 * does: the path of bucket keys, then each metric (a percentiles metric gives one column per percent).
 *
 * @example
 * ```ts
 * tabifyPanel(topSources, response.body).rows[0]; // ['10.0.1.5', 123456]
 * ```
 */
export const tabifyPanel = (panel: Panel, response: Json): PanelTable => {
  const columns = [...panel.buckets.map(bucketLabel), ...panel.metrics.flatMap(metricLabels)];
  const rows: Cell[][] = [];
  const walk = (level: Json, depth: number, keys: readonly Cell[]): void => {
    if (depth === panel.buckets.length) {
      rows.push([...keys, ...panel.metrics.flatMap((metric, index) => metricValues(metric, index, level))]);
      return;
    }
    const agg = level[bucketId(panel, depth)] as { buckets?: Json[] | Record<string, Json> } | undefined;
    const buckets = agg?.buckets ?? [];
    const entries: [Cell, Json][] = Array.isArray(buckets)
      ? buckets.map((bucket) => [bucketKey(bucket), bucket])
      : Object.entries(buckets);
    for (const [key, bucket] of entries) {
      if ((bucket.doc_count as number) > 0) walk(bucket, depth + 1, [...keys, key]);
    }
  };
  const aggregations = (response.aggregations ?? {}) as Json;
  const total = totalOf(response);
  walk({ ...aggregations, doc_count: total }, 0, []);
  return { columns, rows, total };
};

/**
 * A saved search's response as rows: the time, then each column, read from `_source` by dotted path.
 *
 * @example
 * ```ts
 * tabifySearch(rejectedFlows, response.body).columns; // ['@timestamp', 'vpc.srcaddr', …]
 * ```
 */
export const tabifySearch = (search: SavedSearch, response: Json): PanelTable => {
  const columns = ['@timestamp', ...search.columns];
  const hits = ((response.hits as Json | undefined)?.hits ?? []) as { _source?: Json }[];
  const rows = hits.map((hit) => columns.map((column) => cellOf(valueAt(hit._source ?? {}, column))));
  return { columns, rows, total: totalOf(response) };
};

const totalOf = (response: Json): number => {
  const total = (response.hits as Json | undefined)?.total;
  return typeof total === 'number' ? total : Number((total as Json | undefined)?.value ?? 0);
};

const bucketKey = (bucket: Json): Cell => cellOf(bucket.key_as_string ?? bucket.key);

const cellOf = (value: unknown): Cell => {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
};

/** A value by dotted path, through nested objects or flat dotted keys alike. */
const valueAt = (source: Json, path: string): unknown => {
  if (path in source) return source[path];
  for (let cut = path.indexOf('.'); cut > 0; cut = path.indexOf('.', cut + 1)) {
    const head = source[path.slice(0, cut)];
    if (head !== null && typeof head === 'object' && !Array.isArray(head)) {
      const found = valueAt(head as Json, path.slice(cut + 1));
      if (found !== undefined) return found;
    }
  }
  return undefined;
};

const metricValues = (metric: MetricAgg, index: number, level: Json): Cell[] => {
  if (metric.agg === 'count') return [Number(level.doc_count ?? 0)];
  const result = level[metricId(index)] as
    | { value?: number | null; values?: Record<string, number | null> }
    | undefined;
  if (metric.agg === 'percentiles')
    return metric.percents.map((percent) => roundCell(result?.values?.[percentKey(percent)] ?? null));
  return [roundCell(result?.value ?? null)];
};

/** OpenSearch names percentiles `50.0`, `95.0`. */
const percentKey = (percent: number): string =>
  Number.isInteger(percent) ? `${percent}.0` : String(percent);

const roundCell = (value: number | null): Cell =>
  value === null || !Number.isFinite(value) ? null : Math.round(value * 1000) / 1000;

/** A bucket's column title. */
export const bucketLabel = (bucket: Panel['buckets'][number]): string =>
  bucket.agg === 'filters' ? 'filter' : bucket.field;

/** A metric's column titles, as OpenSearch Dashboards labels them. */
export const metricLabels = (metric: MetricAgg): string[] => {
  switch (metric.agg) {
    case 'count':
      return ['Count'];
    case 'percentiles':
      return metric.percents.map((percent) => `p${percent} ${metric.field}`);
    case 'cardinality':
      return [`Unique count of ${metric.field}`];
    default:
      return [`${metric.agg[0]?.toUpperCase()}${metric.agg.slice(1)} ${metric.field}`];
  }
};
