/** A time range of the time picker: absolute ISO instants (what a relative `now-24h` resolves to). */
export interface TimeRange {
  readonly from: string;
  readonly to: string;
}

/** The bucket sizes OpenSearch Dashboards' automatic interval rounds to, smallest first. */
const INTERVALS: readonly { readonly ms: number; readonly name: string }[] = [
  { ms: 1_000, name: '1s' },
  { ms: 5_000, name: '5s' },
  { ms: 10_000, name: '10s' },
  { ms: 30_000, name: '30s' },
  { ms: 60_000, name: '1m' },
  { ms: 300_000, name: '5m' },
  { ms: 600_000, name: '10m' },
  { ms: 1_800_000, name: '30m' },
  { ms: 3_600_000, name: '1h' },
  { ms: 10_800_000, name: '3h' },
  { ms: 43_200_000, name: '12h' },
  { ms: 86_400_000, name: '1d' },
  { ms: 604_800_000, name: '7d' },
  { ms: 2_592_000_000, name: '30d' },
  { ms: 31_536_000_000, name: '365d' },
];

/** About how many buckets an automatic date histogram aims for (OpenSearch Dashboards' histogram:barTarget). */
const BAR_TARGET = 50;

/**
 * The automatic date-histogram interval for a time range: the smallest round size that gives at most about
 * 50 buckets, as OpenSearch Dashboards' `auto` interval does.
 *
 * @example
 * ```ts
 * autoInterval({ from: '2024-05-01T00:00:00Z', to: '2024-05-02T00:00:00Z' }); // '30m'
 * ```
 */
export const autoInterval = (range: TimeRange): string => {
  const span = Math.max(0, Date.parse(range.to) - Date.parse(range.from));
  const fit = INTERVALS.find((interval) => span / interval.ms <= BAR_TARGET);
  return (fit ?? INTERVALS[INTERVALS.length - 1])?.name ?? '365d';
};

/**
 * A relative range such as `now-24h` up to now, resolved to instants.
 *
 * @example
 * ```ts
 * relativeRange('now-15m', new Date('2024-05-01T12:00:00Z')); // { from: '2024-05-01T11:45:00.000Z', to: '2024-05-01T12:00:00.000Z' }
 * ```
 */
export const relativeRange = (expression: string, now: Date = new Date()): TimeRange => {
  const match = /^now-(\d+)([smhdwy])$/.exec(expression);
  if (match === null) throw new Error(`"${expression}" is not a relative time such as now-24h.`);
  const unitMs = { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8, y: 3.1536e10 }[match[2] as 's'];
  return { from: new Date(now.getTime() - Number(match[1]) * unitMs).toISOString(), to: now.toISOString() };
};
