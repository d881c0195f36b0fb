import type { BucketAgg, ChartType, MetricAgg, Panel } from './model';
import { bucketId, metricId } from './translate';

type Json = Record<string, unknown>;

/**
 * A panel as a Kibana 7.10 / OpenSearch Dashboards `visState`: the chart type, its parameters and the
 * aggregations with their schemas (metrics, then buckets: `segment` is the x-axis or slices, `group`
 * splits series, `bucket` splits table rows).
 *
 * @example
 * ```ts
 * JSON.parse(JSON.stringify(visState(panel))).aggs[0]; // { id: '1', enabled: true, type: 'count', schema: 'metric', params: {} }
 * ```
 */
export const visState = (panel: Panel): Json => ({
  title: panel.title,
  type: panel.chart,
  params: chartParams(panel),
  aggs: [
    ...panel.metrics.map((metric, index) => ({
      id: metricId(index),
      enabled: true,
      type: metric.agg,
      schema: 'metric',
      params: metricParams(metric),
    })),
    ...panel.buckets.map((bucket, index) => ({
      id: bucketId(panel, index),
      enabled: true,
      type: bucket.agg,
      schema: bucketSchema(panel.chart, index),
      params: bucketParams(bucket),
    })),
  ],
});

const bucketSchema = (chart: ChartType, index: number): string => {
  if (chart === 'table') return 'bucket';
  if (chart === 'metric') return 'group';
  return index === 0 ? 'segment' : 'group';
};

const metricParams = (metric: MetricAgg): Json => {
  switch (metric.agg) {
    case 'count':
      return {};
    case 'percentiles':
      return { field: metric.field, percents: [...metric.percents] };
    default:
      return { field: metric.field };
  }
};

const bucketParams = (bucket: BucketAgg): Json => {
  switch (bucket.agg) {
    case 'date_histogram':
      return {
        field: bucket.field,
        timeRange: { from: 'now-24h', to: 'now' },
        useNormalizedOpenSearchInterval: true,
        scaleMetricValues: false,
        interval: 'auto',
        drop_partials: false,
        min_doc_count: 1,
        extended_bounds: {},
      };
    case 'terms':
      return {
        field: bucket.field,
        orderBy: bucket.orderByMetric === undefined ? '_count' : metricId(bucket.orderByMetric),
        order: 'desc',
        size: bucket.size,
        otherBucket: false,
        otherBucketLabel: 'Other',
        missingBucket: false,
        missingBucketLabel: 'Missing',
      };
    case 'filters':
      return {
        filters: bucket.filters.map((filter) => ({
          input: { query: filter.query, language: 'lucene' },
          label: filter.label,
        })),
      };
  }
};

const chartParams = (panel: Panel): Json => {
  switch (panel.chart) {
    case 'table':
      return {
        perPage: 10,
        showPartialRows: false,
        showMetricsAtAllLevels: false,
        showTotal: false,
        totalFunc: 'sum',
        percentageCol: '',
        sort: { columnIndex: null, direction: null },
      };
    case 'pie':
      return {
        type: 'pie',
        addTooltip: true,
        addLegend: true,
        legendPosition: 'right',
        isDonut: true,
        labels: { show: false, values: true, last: true, truncate: 100 },
      };
    case 'metric':
      return {
        addTooltip: true,
        addLegend: false,
        type: 'metric',
        metric: {
          percentageMode: false,
          useRanges: false,
          colorSchema: 'Green to Red',
          metricColorMode: 'None',
          colorsRange: [{ from: 0, to: 10000 }],
          labels: { show: true },
          invertColors: false,
          style: { bgFill: '#000', bgColor: false, labelColor: false, subText: '', fontSize: 60 },
        },
      };
    default:
      return pointSeriesParams(panel);
  }
};

/** Line, area and bar charts (vislib): axes, one series per metric, legend and tooltip. */
const pointSeriesParams = (panel: Panel): Json => {
  const horizontal = panel.chart === 'horizontal_bar';
  const seriesType =
    panel.chart === 'horizontal_bar' || panel.chart === 'histogram' ? 'histogram' : panel.chart;
  return {
    type: panel.chart,
    grid: { categoryLines: false },
    categoryAxes: [
      {
        id: 'CategoryAxis-1',
        type: 'category',
        position: horizontal ? 'left' : 'bottom',
        show: true,
        style: {},
        scale: { type: 'linear' },
        labels: { show: true, filter: !horizontal, truncate: horizontal ? 200 : 100 },
        title: {},
      },
    ],
    valueAxes: [
      {
        id: 'ValueAxis-1',
        name: 'LeftAxis-1',
        type: 'value',
        position: horizontal ? 'bottom' : 'left',
        show: true,
        style: {},
        scale: { type: 'linear', mode: 'normal' },
        labels: { show: true, rotate: 0, filter: false, truncate: 100 },
        title: { text: panel.metrics.length === 1 ? 'Value' : '' },
      },
    ],
    seriesParams: panel.metrics.map((_, index) => ({
      show: true,
      type: seriesType,
      mode: panel.chart === 'area' ? 'stacked' : 'normal',
      data: { id: metricId(index) },
      valueAxis: 'ValueAxis-1',
      drawLinesBetweenPoints: true,
      lineWidth: 2,
      showCircles: true,
      interpolate: 'linear',
    })),
    addTooltip: true,
    addLegend: true,
    legendPosition: 'right',
    times: [],
    addTimeMarker: false,
    labels: { show: false },
    thresholdLine: { show: false, value: 10, width: 1, style: 'full', color: '#E7664C' },
  };
};
