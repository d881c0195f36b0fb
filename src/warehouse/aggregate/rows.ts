import { DURATION_BUCKETS } from '../histogram';
import { columnsOf, MINUTE_COLUMN, type Row, type TableSpec } from '../tables';

/** One composite bucket as OpenSearch and Elasticsearch return it. */
export interface CompositeBucket {
  readonly key: Record<string, string | number | boolean | null>;
  readonly doc_count: number;
  readonly [aggregation: string]: unknown;
}

type ValueAggregation = { value: number | null } | undefined;
type FilterAggregation = { doc_count: number } | undefined;
type RangeAggregation = { buckets: { key: string; doc_count: number }[] } | undefined;

/**
 * The rows one composite bucket becomes: one row for a plain table; one per non-empty histogram bucket
 * for a histogram table. Integer columns are rounded (OpenSearch sums as doubles, exact below 2^53).
 *
 * @example
 * ```ts
 * rowsOfBucket(vpcFlows, { key: { minute: 0, action: 'ACCEPT', … }, doc_count: 3, packets: { value: 12 }, bytes: { value: 840 } });
 * // [{ minute: 0, action: 'ACCEPT', …, flows: 3, packets: 12, bytes: 840 }]
 * ```
 */
export const rowsOfBucket = (spec: TableSpec, bucket: CompositeBucket): Row[] => {
  const integer = new Set(
    columnsOf(spec)
      .filter((column) => column.type === 'INT64')
      .map((column) => column.name),
  );
  const row: Row = { [MINUTE_COLUMN]: Number(bucket.key.minute) };
  for (const dimension of spec.dimensions) {
    const value = bucket.key[dimension.column];
    row[dimension.column] =
      value === null || value === undefined ? null : typeof value === 'boolean' ? String(value) : value;
  }
  for (const metric of spec.metrics) {
    if (metric.kind === 'count') row[metric.column] = bucket.doc_count;
    else if (metric.kind === 'count_where')
      row[metric.column] = (bucket[metric.column] as FilterAggregation)?.doc_count ?? 0;
    else {
      const value = (bucket[metric.column] as ValueAggregation)?.value ?? null;
      row[metric.column] = value === null ? null : integer.has(metric.column) ? Math.round(value) : value;
    }
  }
  if (spec.histogram === undefined) return [row];
  return ((bucket.histogram as RangeAggregation)?.buckets ?? [])
    .filter((range) => range.doc_count > 0)
    .map((range) => {
      const fixed = DURATION_BUCKETS[Number(range.key)];
      return {
        ...row,
        bucket: Number(range.key),
        bucket_lower_ms: fixed?.lowerMs ?? null,
        bucket_upper_ms: fixed?.upperMs ?? null,
        invocations: range.doc_count,
      };
    });
};

/**
 * Keeps the first `limit` rows of each minute by one column, largest first, ties broken by the key
 * columns so the same data always keeps the same rows. Every row was computed, so the cut is exact.
 *
 * @example
 * ```ts
 * topPerMinute(rows, { by: 'bytes', limit: 20 }, ['srcaddr', 'dstaddr']);
 * ```
 */
export const topPerMinute = (
  rows: readonly Row[],
  top: { by: string; limit: number },
  keys: readonly string[],
): Row[] => {
  const byMinute = new Map<number, Row[]>();
  for (const row of rows) {
    const minute = Number(row[MINUTE_COLUMN]);
    const list = byMinute.get(minute) ?? [];
    list.push(row);
    byMinute.set(minute, list);
  }
  const text = (value: Row[string] | undefined) =>
    value === null || value === undefined ? '' : String(value);
  return [...byMinute.values()].flatMap((list) =>
    list
      .sort(
        (a, b) =>
          Number(b[top.by] ?? 0) - Number(a[top.by] ?? 0) ||
          keys.map((key) => text(a[key]).localeCompare(text(b[key]))).find((order) => order !== 0) ||
          0,
      )
      .slice(0, top.limit),
  );
};
