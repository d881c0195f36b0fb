import { type Row, TABLES, type TableRows, type TableSpec } from '../tables';
import { chunksOf, type Span, spansOf } from '../windows';
import { indicesOf } from './indices';
import { MAX_SPANS_PER_QUERY, pageSizeOf, tableSearchBody } from './request';
import { type CompositeBucket, rowsOfBucket, topPerMinute } from './rows';
import { allBuckets, type SearchSource } from './search';

export { changedMinutes, changedSince, INDEXED_AT_FIELD } from './changed';
export type { SearchSource } from './search';

/**
 * One table's rows for some windows, computed exactly from every document whose `@timestamp` falls in
 * them (composite aggregation pages until the last key; sums, mins, maxes and filter counts per key).
 *
 * @example
 * ```ts
 * const rows = await aggregateTable(source, TABLES[0], spansOf([Date.parse('2024-05-01T12:00:00Z')]));
 * ```
 */
export const aggregateTable = async (
  source: SearchSource,
  spec: TableSpec,
  spans: readonly Span[],
): Promise<Row[]> => {
  const rows: Row[] = [];
  const indices = indicesOf(spec.source, source.prefix);
  for (const part of chunksOf(spans, MAX_SPANS_PER_QUERY)) {
    for await (const bucket of allBuckets<CompositeBucket>(source, indices, pageSizeOf(spec), (after) =>
      tableSearchBody(spec, part, after),
    )) {
      rows.push(...rowsOfBucket(spec, bucket));
    }
  }
  return spec.topPerMinute === undefined
    ? rows
    : topPerMinute(
        rows,
        spec.topPerMinute,
        spec.dimensions.map((dimension) => dimension.column),
      );
};

/**
 * Every table's rows for the given minutes: what one write replaces.
 *
 * @example
 * ```ts
 * const rows = await aggregateWindows(source, [Date.parse('2024-05-01T12:00:00Z')]);
 * rows.get('lambda_minute'); // [{ minute: …, function_name: 'orders-api', invocations: 42, … }]
 * ```
 */
export const aggregateWindows = async (
  source: SearchSource,
  minutes: readonly number[],
  tables: readonly TableSpec[] = TABLES,
): Promise<TableRows> => {
  const spans = spansOf(minutes);
  const result = new Map<string, Row[]>();
  for (const spec of tables)
    result.set(spec.name, spans.length === 0 ? [] : await aggregateTable(source, spec, spans));
  return result;
};
