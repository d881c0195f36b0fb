import { type Deadline, remainingMs } from '../../core';

/**
 * How retryable items are retried: exponential backoff with full jitter (a random wait between 0 and
 * `min(capMs, baseMs · 2^attempt)`), so clients that failed together do not come back together.
 *
 * @example
 * ```ts
 * const policy: RetryPolicy = { baseMs: 100, capMs: 5_000, maxAttempts: 10, minRequestMs: 250 };
 * ```
 */
export interface RetryPolicy {
  readonly baseMs: number;
  readonly capMs: number;
  /** Sends per item, first included; what is still retryable after that is handed back. */
  readonly maxAttempts: number;
  /** No request is started with less than this left before the deadline: it could not finish. */
  readonly minRequestMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseMs: 100,
  capMs: 5_000,
  maxAttempts: 10,
  minRequestMs: 250,
};

/**
 * The wait before retry number `attempt` (0 for the first retry).
 *
 * @example
 * ```ts
 * backoffDelay(3, DEFAULT_RETRY_POLICY, () => 0.5); // 400: half of min(5000, 100 · 2³)
 * ```
 */
export const backoffDelay = (
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number => Math.floor(random() * Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30)));

/** What one send of a set of items did with them. */
export interface SendResult<T> {
  /** Items to send again after a backoff, each with why. */
  readonly retry: readonly { readonly item: T; readonly code: string; readonly reason: string }[];
  /** Items to send again at once (changed, e.g. a conflicting value moved aside; or split apart). */
  readonly resend: readonly T[];
}

/** The items still retryable when the deadline or the attempt budget ran out. */
export interface RetryOutcome<T> {
  readonly retryable: readonly { readonly item: T; readonly code: string; readonly reason: string }[];
  readonly attempts: number;
}

export interface RetryDeps {
  readonly policy: RetryPolicy;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

/**
 * Sends items, then keeps re-sending only the retryable ones, with backoff, until none is left, the
 * attempt budget is spent, or the next try could not finish before the deadline. Items the send
 * function changed (`resend`) go again at once. What is still retryable at the end is returned, never
 * dropped: the source retries its record.
 *
 * @example
 * ```ts
 * const { retryable } = await retryWithin(items, deadline, (batch) => sendBulk(batch), { policy: DEFAULT_RETRY_POLICY });
 * ```
 */
export const retryWithin = async <T>(
  items: readonly T[],
  deadline: Deadline,
  send: (items: readonly T[], attempt: number) => Promise<SendResult<T>>,
  deps: RetryDeps,
): Promise<RetryOutcome<T>> => {
  const { policy } = deps;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? defaultSleep;
  const random = deps.random ?? Math.random;
  const outOfTime = (): boolean => remainingMs(deadline, now()) < policy.minRequestMs;
  const given: Array<SendResult<T>['retry'][number]> = [];
  let pending: readonly T[] = items;
  let waiting: SendResult<T>['retry'] = [];
  let sends = 0;
  let retries = 0;
  while (pending.length > 0 || waiting.length > 0) {
    if (waiting.length > 0) {
      const delay = backoffDelay(retries, policy, random);
      const canRetry =
        retries + 1 < policy.maxAttempts && remainingMs(deadline, now()) - delay >= policy.minRequestMs;
      if (!canRetry) {
        // No time (or budget) left for these: hand them back, never drop them.
        given.push(...waiting);
        waiting = [];
      } else if (pending.length === 0) {
        await sleep(delay);
        retries++;
        pending = waiting.map((entry) => entry.item);
        waiting = [];
      }
      // Otherwise changed items go first, at once; the waiting ones back off on the next turn.
    }
    if (pending.length === 0) continue;
    if (outOfTime()) {
      given.push(...pending.map(asDeadline));
      pending = [];
      continue;
    }
    const { retry, resend } = await send(pending, sends++);
    pending = resend;
    waiting = [...waiting, ...retry];
  }
  return { retryable: given, attempts: sends };
};

const asDeadline = <T>(item: T) => ({
  item,
  code: 'deadline',
  reason: 'The delivery deadline came before this document could be sent.',
});

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
