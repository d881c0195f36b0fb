/** The time range one backfill run covers, as ISO-8601 instants, `from` inclusive, `to` exclusive. */
export interface BackfillRange {
  readonly from: string;
  readonly to: string;
}

const DAY_MS = 86_400_000;

/** A range given by hand that is not two instants in order. */
export class BackfillRangeError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'BackfillRangeError';
  }
}

/**
 * The range of a run: the one given (a run started by hand, for any range), else the UTC day before the
 * scheduled time (the daily run), so a late or retried daily run still covers the same day.
 *
 * @example
 * ```ts
 * backfillRange({ scheduledTime: '2026-11-28T01:15:00Z' }); // { from: '2026-11-27T00:00:00.000Z', to: '2026-11-28T00:00:00.000Z' }
 * backfillRange({ from: '2026-11-01T00:00:00Z', to: '2026-11-03T00:00:00Z' }); // that range, normalised
 * ```
 */
export const backfillRange = (
  input: { from?: string; to?: string; scheduledTime?: string },
  now = Date.now(),
): BackfillRange => {
  if (input.from !== undefined || input.to !== undefined) {
    const from = Date.parse(input.from ?? '');
    const to = Date.parse(input.to ?? '');
    if (Number.isNaN(from) || Number.isNaN(to))
      throw new BackfillRangeError(
        `A range needs both "from" and "to" as ISO-8601 times (got from=${JSON.stringify(input.from)}, to=${JSON.stringify(input.to)}).`,
      );
    if (from >= to) throw new BackfillRangeError(`"from" (${input.from}) must be before "to" (${input.to}).`);
    return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  }
  const at = input.scheduledTime === undefined ? now : Date.parse(input.scheduledTime);
  if (Number.isNaN(at))
    throw new BackfillRangeError(
      `scheduledTime ${JSON.stringify(input.scheduledTime)} is not an ISO-8601 time.`,
    );
  const today = Math.floor(at / DAY_MS) * DAY_MS;
  return { from: new Date(today - DAY_MS).toISOString(), to: new Date(today).toISOString() };
};

/**
 * The snapshot name of a run: one per range start, so a retried run reuses its name instead of piling up.
 *
 * @example
 * ```ts
 * snapshotName('cwl', { from: '2026-11-27T00:00:00.000Z', to: '…' }); // 'cwl-2026.11.27-000000'
 * ```
 */
export const snapshotName = (indexPrefix: string, range: BackfillRange): string =>
  `${indexPrefix}-${range.from.slice(0, 10).replaceAll('-', '.')}-${range.from.slice(11, 19).replaceAll(':', '')}`;
