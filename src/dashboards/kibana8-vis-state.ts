type Json = Record<string, unknown>;

/** The chart types whose `params.type` names the series kind (Kibana's vis_type_xy). */
const XY_CHARTS: ReadonlySet<string> = new Set(['line', 'area', 'histogram', 'horizontal_bar']);

/**
 * A 7.10 visState (what {@link visState} writes for OpenSearch Dashboards) as Kibana 8.5.0 stores it: the
 * changes Kibana's visualization migrations 7.11.0 to 8.5.0 make to these chart types, made here because the
 * Kibana 8-format file is stamped 8.5.0 and so none of them runs on import. Read in
 * src/platform/plugins/shared/visualizations/server/migrations/visualization_saved_object_migrations.ts
 * (@328b3b5e) and visualization_common_migrations.ts (@91016ea1) of elastic/kibana:
 * - 7.11.0 `enableDataTableVisToolbar`: a table gets `showToolbar: true`;
 * - 7.12.0 `migrateVislibAreaLineBarTypes` (line, area, bar): a palette, `isVislibVis`, `detailedTooltip`,
 *   `circlesRadius: 1` per series, `fittingFunction: 'linear'` for line and area;
 * - 7.14.0 `migrateVislibPie`: a palette and `distinctColors: true`;
 * - 8.1.0 `updatePieVisApi`: `addLegend` becomes `legendDisplay` ('show' | 'hide');
 * - 8.3.0 `preserveOldLegendSizeDefault`: `legendSize: 'auto'` on charts with a legend.
 * Two names differ between OpenSearch Dashboards and Kibana whatever the version: the date histogram's
 * `useNormalizedOpenSearchInterval` is Kibana's `useNormalizedEsInterval` (data plugin's date_histogram), and
 * a horizontal bar's `params.type` is 'histogram' in Kibana (vis_type_xy's horizontal_bar defaults), which is
 * also what the 7.12.0 migration keys on. A pie's last-level label switch is `labels.last_level` (vis_types/pie).
 *
 * @example
 * ```ts
 * kibana8VisState({ type: 'table', params: { perPage: 10 }, aggs: [] }).params; // { perPage: 10, showToolbar: true }
 * ```
 */
export const kibana8VisState = (state: Json): Json => {
  const type = String(state.type);
  const params = (state.params ?? {}) as Json;
  const aggs = ((state.aggs ?? []) as Json[]).map(kibanaAgg);
  if (type === 'table') return { ...state, params: { ...params, showToolbar: true }, aggs };
  if (type === 'pie') return { ...state, params: pieParams(params), aggs };
  if (XY_CHARTS.has(type)) return { ...state, params: xyParams(type, params), aggs };
  return { ...state, aggs };
};

const KIBANA_PALETTE = { type: 'palette', name: 'kibana_palette' };

const pieParams = (params: Json): Json => {
  const { addLegend, labels, ...rest } = params;
  const { last, ...otherLabels } = (labels ?? {}) as Json;
  return {
    ...rest,
    labels: { ...otherLabels, last_level: last ?? true },
    palette: params.palette ?? KIBANA_PALETTE,
    distinctColors: true,
    legendDisplay: addLegend === false ? 'hide' : 'show',
    legendSize: 'auto',
  };
};

const xyParams = (type: string, params: Json): Json => {
  const horizontal = type === 'horizontal_bar';
  const seriesKind = horizontal ? 'histogram' : String(params.type ?? type);
  const withFilter = (axes: unknown, fallback: boolean) =>
    Array.isArray(axes)
      ? axes.map((axis: Json) => ({
          ...axis,
          labels: { ...(axis.labels as Json), filter: (axis.labels as Json)?.filter ?? fallback },
        }))
      : axes;
  return {
    ...params,
    type: seriesKind,
    palette: params.palette ?? KIBANA_PALETTE,
    categoryAxes: withFilter(params.categoryAxes, !horizontal),
    valueAxes: withFilter(params.valueAxes, horizontal),
    seriesParams: Array.isArray(params.seriesParams)
      ? params.seriesParams.map((series: Json) => ({ circlesRadius: 1, ...series }))
      : params.seriesParams,
    isVislibVis: true,
    detailedTooltip: true,
    ...((seriesKind === 'line' || seriesKind === 'area') && { fittingFunction: 'linear' }),
    legendSize: 'auto',
  };
};

/** An aggregation with Kibana's parameter names (OpenSearch Dashboards renamed one). */
const kibanaAgg = (agg: Json): Json => {
  const params = (agg.params ?? {}) as Json;
  if (!('useNormalizedOpenSearchInterval' in params)) return agg;
  const { useNormalizedOpenSearchInterval, ...rest } = params;
  return { ...agg, params: { ...rest, useNormalizedEsInterval: useNormalizedOpenSearchInterval } };
};
