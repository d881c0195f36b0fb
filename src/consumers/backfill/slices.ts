import { ConfigError } from '../../core';
import type { TimeRange } from './types';

const MINUTE_MS = 60_000;

/**
 * Cuts `[from, to)` into consecutive slices of `sliceMs` aligned on multiples of it (the last one may be
 * shorter, the first may start late), so the same range always gives the same slices and a resumed run
 * recognises the ones already done.
 *
 * @example
 * ```ts
 * timeSlices({ from: Date.parse('2024-05-01T00:30Z'), to: Date.parse('2024-05-01T02:00Z') }, 3_600_000);
 * // [00:30–01:00, 01:00–02:00]
 * ```
 */
export const timeSlices = (range: TimeRange, sliceMs: number): TimeRange[] => {
  if (!Number.isInteger(sliceMs) || sliceMs < MINUTE_MS || sliceMs % MINUTE_MS !== 0) {
    throw new ConfigError(
      'option_invalid',
      `A backfill slice must be a whole number of minutes, not ${sliceMs} ms.`,
    );
  }
  checkRange(range);
  const slices: TimeRange[] = [];
  for (let from = range.from; from < range.to; ) {
    const to = Math.min(range.to, (Math.floor(from / sliceMs) + 1) * sliceMs);
    slices.push({ from, to });
    from = to;
  }
  return slices;
};

/** A range that is empty or reversed is refused, naming both ends. */
export const checkRange = (range: TimeRange): void => {
  if (!Number.isFinite(range.from) || !Number.isFinite(range.to)) {
    throw new ConfigError('option_invalid', 'A backfill needs --from and --to as ISO 8601 times.');
  }
  if (range.to <= range.from) {
    throw new ConfigError(
      'option_invalid',
      `--to (${new Date(range.to).toISOString()}) must be after --from (${new Date(range.from).toISOString()}).`,
    );
  }
};

/** `2024-05-01T00:00Z..01:00Z` style, for labels and ids. */
export const describeRange = (range: TimeRange): string =>
  `${new Date(range.from).toISOString()}..${new Date(range.to).toISOString()}`;
