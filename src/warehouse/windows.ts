/** One minute in milliseconds: the width of every warehouse window. */
export const MINUTE_MS = 60_000;

/** A run of whole minutes, [startMs, endMs). */
export interface Span {
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * The start of the minute a time falls in.
 *
 * @example
 * ```ts
 * minuteOf(Date.parse('2024-05-01T12:00:59.999Z')); // Date.parse('2024-05-01T12:00:00Z')
 * ```
 */
export const minuteOf = (ms: number): number => Math.floor(ms / MINUTE_MS) * MINUTE_MS;

/**
 * Every minute that starts in [fromMs, toMs): what `warehouse sync --from --to` recomputes.
 *
 * @example
 * ```ts
 * minutesBetween(Date.parse('2024-05-01T12:00:30Z'), Date.parse('2024-05-01T12:02:00Z')).length; // 2 (12:00, 12:01)
 * ```
 */
export const minutesBetween = (fromMs: number, toMs: number): number[] => {
  const minutes: number[] = [];
  for (let minute = minuteOf(fromMs); minute < toMs; minute += MINUTE_MS) minutes.push(minute);
  return minutes;
};

/**
 * Sorted minutes joined into runs, so one range query covers many adjacent windows.
 *
 * @example
 * ```ts
 * spansOf([0, 60_000, 180_000]); // [{ startMs: 0, endMs: 120_000 }, { startMs: 180_000, endMs: 240_000 }]
 * ```
 */
export const spansOf = (minutes: readonly number[]): Span[] => {
  const spans: { startMs: number; endMs: number }[] = [];
  for (const minute of [...new Set(minutes)].sort((a, b) => a - b)) {
    const last = spans[spans.length - 1];
    if (last !== undefined && last.endMs === minute) last.endMs = minute + MINUTE_MS;
    else spans.push({ startMs: minute, endMs: minute + MINUTE_MS });
  }
  return spans;
};

/**
 * Splits a list into pieces of at most `size`, so one write or one query stays bounded.
 *
 * @example
 * ```ts
 * chunksOf([1, 2, 3], 2); // [[1, 2], [3]]
 * ```
 */
export const chunksOf = <T>(items: readonly T[], size: number): T[][] => {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
};
