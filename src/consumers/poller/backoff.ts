/** Exponential backoff bounds. */
export interface BackoffOptions {
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 200, maxMs: 30_000 };

/**
 * The wait before retry number `attempt` (1, 2, …): "equal jitter", half fixed and half random, so
 * shards throttled together spread out but never retry at once.
 *
 * @example
 * ```ts
 * await sleep(backoffMs(3, DEFAULT_BACKOFF), signal); // 400–800 ms
 * ```
 */
export const backoffMs = (
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number => {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
};

/**
 * Waits `ms`, or less when the signal aborts (graceful shutdown must not sit out a long backoff).
 *
 * @example
 * ```ts
 * await sleep(1_000, controller.signal);
 * ```
 */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
