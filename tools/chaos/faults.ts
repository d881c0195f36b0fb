/** What the fault proxy can do to one request. */
export type FaultKind = 'none' | 'status429' | 'status5xx' | 'reset' | 'stall' | 'slowBody' | 'cutBody';

/** The faults that harm a request, in the order their shares are laid end to end on [0, 1). */
export const FAULT_KINDS: readonly Exclude<FaultKind, 'none'>[] = [
  'status429',
  'status5xx',
  'reset',
  'stall',
  'slowBody',
  'cutBody',
];

/**
 * Shares (0–1) of the faultable requests that get each fault; the rest are forwarded untouched.
 *
 * - `status429`, `status5xx`: answered by the proxy itself (the request never reaches OpenSearch).
 * - `reset`: the connection is destroyed before anything is forwarded.
 * - `stall`: held `stallMs` with no answer, then forwarded (a node that stops answering for a while).
 * - `slowBody`: forwarded; the answer trickles back in small pieces over about `slowBodyMs`.
 * - `cutBody`: forwarded, so OpenSearch does the work, but the connection is cut halfway through the
 *   answer: the client cannot know what happened and must send it again.
 */
export type FaultShares = Readonly<Partial<Record<Exclude<FaultKind, 'none'>, number>>>;

/** No faults at all. */
export const NO_FAULTS: FaultShares = {};

/**
 * The fault for one request, from one uniform roll in [0, 1): each fault owns a slice of the interval as
 * wide as its share, in {@link FAULT_KINDS} order; a roll past every slice is `none`. Shares that add up
 * to more than 1 are refused, so a typo cannot silently starve the last faults.
 *
 * @example
 * ```ts
 * pickFault(0.05, { status429: 0.1, reset: 0.1 }); // 'status429'
 * pickFault(0.15, { status429: 0.1, reset: 0.1 }); // 'reset'
 * pickFault(0.25, { status429: 0.1, reset: 0.1 }); // 'none'
 * ```
 */
export const pickFault = (roll: number, shares: FaultShares): FaultKind => {
  let edge = 0;
  for (const kind of FAULT_KINDS) {
    edge += shares[kind] ?? 0;
    if (roll < edge) return kind;
  }
  return 'none';
};

/**
 * Checks a set of shares: each in [0, 1], together at most 1.
 *
 * @example
 * ```ts
 * checkShares({ status429: 0.6, reset: 0.6 }); // throws RangeError: … add up to 1.2 …
 * ```
 */
export const checkShares = (shares: FaultShares): FaultShares => {
  let total = 0;
  for (const [kind, share] of Object.entries(shares)) {
    if (!(FAULT_KINDS as readonly string[]).includes(kind)) throw new RangeError(`Unknown fault "${kind}".`);
    if (typeof share !== 'number' || !(share >= 0 && share <= 1)) {
      throw new RangeError(`The share of ${kind} must be a number from 0 to 1, not ${String(share)}.`);
    }
    total += share;
  }
  if (total > 1 + 1e-9) throw new RangeError(`The fault shares add up to ${total}, more than 1.`);
  return shares;
};

/**
 * Every share multiplied by `factor` (a "fault rate" knob over a fixed mix).
 *
 * @example
 * ```ts
 * scaleShares({ status429: 0.1, reset: 0.02 }, 0.5); // { status429: 0.05, reset: 0.01 }
 * ```
 */
export const scaleShares = (shares: FaultShares, factor: number): FaultShares =>
  Object.fromEntries(Object.entries(shares).map(([kind, share]) => [kind, (share ?? 0) * factor]));

/** The mix `npm run chaos` uses by default: about a fifth of the requests to OpenSearch go wrong. */
export const DEFAULT_FAULT_MIX: FaultShares = {
  status429: 0.06,
  status5xx: 0.04,
  reset: 0.03,
  stall: 0.02,
  slowBody: 0.03,
  cutBody: 0.02,
};
