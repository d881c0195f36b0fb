import type { LogType } from '../core';

/**
 * The dashboards as typed data: what a panel asks (index pattern, query, filters, buckets in order, metric
 * leaves) and how it is drawn. Everything else (saved objects, search requests, the local page) is
 * generated from these definitions, so a panel is written once.
 *
 * @example
 * ```ts
 * const panel: Panel = {
 *   id: 'cwlpipe-vpc-flows-by-action',
 *   title: 'Flows over time by action',
 *   chart: 'line',
 *   indexPattern: 'vpcflow',
 *   query: '',
 *   buckets: [{ agg: 'date_histogram', field: '@timestamp' }, { agg: 'terms', field: 'vpc.action', size: 5 }],
 *   metrics: [{ agg: 'count' }],
 * };
 * ```
 */
export interface Panel {
  /** The saved object id; stable across releases so a re-import overwrites instead of duplicating. */
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly chart: ChartType;
  /** Which index pattern (see {@link IndexPatternKey}) the panel searches. */
  readonly indexPattern: IndexPatternKey;
  /** An exact Lucene query string; empty for everything. */
  readonly query: string;
  readonly filters?: readonly PanelFilter[];
  /** Bucket aggregations, outermost first: each one nests the next. */
  readonly buckets: readonly BucketAgg[];
  /** Metrics computed at the innermost level (the leaves). */
  readonly metrics: readonly MetricAgg[];
}

/** A saved search (Discover): the matching documents with a few columns, newest first. */
export interface SavedSearch {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly indexPattern: IndexPatternKey;
  readonly query: string;
  readonly filters?: readonly PanelFilter[];
  readonly columns: readonly string[];
}

/** A dashboard: panels and saved searches laid out in order, two panels to a row. */
export interface Dashboard {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** How far back the dashboard looks when opened (`now-24h`). */
  readonly timeFrom: string;
  readonly items: readonly DashboardItem[];
}

export type DashboardItem = { readonly kind: 'panel'; readonly panel: Panel } | SavedSearchItem;
export type SavedSearchItem = { readonly kind: 'search'; readonly search: SavedSearch };

/** The chart types of OpenSearch Dashboards' standard visualizations (Kibana 7.10 names). */
export type ChartType = 'line' | 'area' | 'histogram' | 'horizontal_bar' | 'pie' | 'metric' | 'table';

/**
 * The index patterns the dashboards use: one per registered log type (named by its id), every document
 * type together (`documents`), and the dead letters. The log types come from the registry, so the type is
 * a string: a panel naming a pattern that is not generated stops the generation (`checkDashboardFields`).
 */
export type IndexPatternKey = LogType | 'documents' | 'deadletter';

/** A structured filter, as OpenSearch Dashboards stores it in the filter bar. */
export type PanelFilter =
  | {
      readonly kind: 'phrase';
      readonly field: string;
      readonly value: string | number | boolean;
      readonly negate?: boolean;
    }
  | {
      readonly kind: 'phrases';
      readonly field: string;
      readonly values: readonly string[];
      readonly negate?: boolean;
    }
  | { readonly kind: 'exists'; readonly field: string; readonly negate?: boolean };

export type BucketAgg =
  | { readonly agg: 'date_histogram'; readonly field: string }
  | {
      readonly agg: 'terms';
      readonly field: string;
      readonly size: number;
      /** Order by this metric (its index in `metrics`), else by document count. */
      readonly orderByMetric?: number;
    }
  | {
      readonly agg: 'filters';
      readonly filters: readonly { readonly label: string; readonly query: string }[];
    };

export type MetricAgg =
  | { readonly agg: 'count' }
  | { readonly agg: 'sum' | 'avg' | 'max' | 'min' | 'cardinality'; readonly field: string }
  | { readonly agg: 'percentiles'; readonly field: string; readonly percents: readonly number[] };

/** The fields a bucket or metric aggregation reads (none for count and filters). */
export const fieldOfAgg = (agg: BucketAgg | MetricAgg): string | undefined =>
  'field' in agg ? agg.field : undefined;

/** Every panel of a dashboard, in order. */
export const panelsOf = (dashboard: Dashboard): Panel[] =>
  dashboard.items.flatMap((item) => (item.kind === 'panel' ? [item.panel] : []));

/** Every saved search of a dashboard, in order. */
export const searchesOf = (dashboard: Dashboard): SavedSearch[] =>
  dashboard.items.flatMap((item) => (item.kind === 'search' ? [item.search] : []));
