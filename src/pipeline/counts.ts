/** Counts by a low-cardinality key (a log type, a reason code, a connector). */
export type Counts = Record<string, number>;

/**
 * Adds `by` to one key's count.
 *
 * @example
 * ```ts
 * const byCode: Counts = {};
 * bump(byCode, 'gzip_invalid'); // { gzip_invalid: 1 }
 * ```
 */
export const bump = (counts: Counts, key: string, by = 1): void => {
  counts[key] = (counts[key] ?? 0) + by;
};

/** Adds every count of `from` into `into`. */
export const addCounts = (into: Counts, from: Readonly<Counts>): void => {
  // Per event on the privacy path: a key loop allocates nothing, where `Object.entries` makes arrays.
  for (const key in from) bump(into, key, from[key] as number);
};

export const sumCounts = (counts: Readonly<Counts> | undefined): number =>
  Object.values(counts ?? {}).reduce((a, b) => a + b, 0);

/** ` (a: 1, b: 2)` sorted by key, or nothing when there are no counts: the tail of a summary line. */
export const formatCounts = (counts: Readonly<Counts>): string => {
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? '' : ` (${entries.map(([key, count]) => `${key}: ${count}`).join(', ')})`;
};
