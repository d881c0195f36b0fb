import { DashboardFieldError } from './errors';
import { type IndexPatternSpec, requireField } from './fields';
import { type Dashboard, fieldOfAgg, type PanelFilter, panelsOf, searchesOf } from './model';

/**
 * Checks every field the dashboards use against their index patterns (built from the field table): each
 * field exists, and is aggregatable where a bucket or metric aggregates it. Field names in Lucene queries
 * (`field:value`, `_exists_:field`) are checked too. Throws the first DashboardFieldError, which names the
 * dashboard, the panel and the field.
 *
 * @example
 * ```ts
 * checkDashboardFields(DASHBOARDS, indexPatterns(FIELD_CATALOG, deadLetterFields, 'cwl')); // or throws
 * ```
 */
export const checkDashboardFields = (
  dashboards: readonly Dashboard[],
  patterns: readonly IndexPatternSpec[],
): void => {
  for (const dashboard of dashboards) {
    for (const panel of panelsOf(dashboard)) {
      const where = `Panel "${panel.title}" (${panel.id}) of dashboard "${dashboard.title}"`;
      const pattern = patternOf(patterns, panel.indexPattern, where);
      for (const agg of [...panel.buckets, ...panel.metrics]) {
        const field = fieldOfAgg(agg);
        if (field !== undefined) requireField(pattern, field, { aggregated: true, where });
      }
      if (panel.metrics.length === 0) throw new DashboardFieldError(`${where} has no metric.`);
      const filterQueries = panel.buckets.flatMap((bucket) =>
        bucket.agg === 'filters' ? bucket.filters.map((filter) => filter.query) : [],
      );
      checkQueryAndFilters(pattern, [panel.query, ...filterQueries], panel.filters ?? [], where);
    }
    for (const search of searchesOf(dashboard)) {
      const where = `Saved search "${search.title}" (${search.id}) of dashboard "${dashboard.title}"`;
      const pattern = patternOf(patterns, search.indexPattern, where);
      for (const column of search.columns) requireField(pattern, column, { aggregated: false, where });
      checkQueryAndFilters(pattern, [search.query], search.filters ?? [], where);
    }
  }
};

const patternOf = (patterns: readonly IndexPatternSpec[], key: string, where: string): IndexPatternSpec => {
  const pattern = patterns.find((candidate) => candidate.key === key);
  if (pattern === undefined)
    throw new DashboardFieldError(`${where} searches the index pattern "${key}", which is not generated.`);
  return pattern;
};

const checkQueryAndFilters = (
  pattern: IndexPatternSpec,
  queries: readonly string[],
  filters: readonly PanelFilter[],
  where: string,
): void => {
  for (const query of queries)
    for (const field of queryFields(query)) requireField(pattern, field, { aggregated: false, where });
  for (const filter of filters) requireField(pattern, filter.field, { aggregated: false, where });
};

/**
 * The field names a Lucene query names: `field:` terms and `_exists_:field`. Quoted phrases are skipped.
 *
 * @example
 * ```ts
 * queryFields('vpc.action:REJECT AND _exists_:vpc.vpc_id'); // ['vpc.action', 'vpc.vpc_id']
 * ```
 */
export const queryFields = (query: string): string[] => {
  const unquoted = query.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const fields: string[] = [];
  for (const match of unquoted.matchAll(/(?:^|[\s(])(_exists_:)?([A-Za-z@_][\w.@]*):/g)) {
    if (match[1] !== undefined) continue; // `_exists_:` is caught below with its field
    if (match[2] !== undefined && match[2] !== '_exists_') fields.push(match[2]);
  }
  for (const match of unquoted.matchAll(/_exists_:([A-Za-z@_][\w.@]*)/g)) if (match[1]) fields.push(match[1]);
  return fields;
};
