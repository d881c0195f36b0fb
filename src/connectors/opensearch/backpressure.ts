/**
 * How hard the connector pushes: requests in flight and the share of the configured chunk size, both
 * adjusted AIMD-style (as TCP does). Each throttled answer (429, a rejected-execution item) halves
 * them, at most once per `cooldownMs` so one burst of concurrent 429s counts once; each answer
 * without throttling adds back a little, so a cluster that recovers gets the full rate back slowly.
 *
 * @example
 * ```ts
 * const limiter = new AimdLimiter({ maxConcurrency: 4 });
 * await limiter.acquire();
 * try { report(await send(chunk)); } finally { limiter.release(); }
 * ```
 */
export class AimdLimiter {
  private readonly maxConcurrency: number;
  private readonly minScale: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;
  private window: number;
  private scale = 1;
  private inFlight = 0;
  private lastDecrease = Number.NEGATIVE_INFINITY;
  private readonly waiters: Array<() => void> = [];

  public constructor(options: {
    maxConcurrency: number;
    /** The smallest share of the configured chunk size (default 1/16). */
    minScale?: number;
    cooldownMs?: number;
    now?: () => number;
  }) {
    this.maxConcurrency = Math.max(1, Math.floor(options.maxConcurrency));
    this.window = this.maxConcurrency;
    this.minScale = options.minScale ?? 1 / 16;
    this.cooldownMs = options.cooldownMs ?? 1_000;
    this.now = options.now ?? Date.now;
  }

  /** Requests allowed in flight now. */
  public get concurrency(): number {
    return Math.max(1, Math.floor(this.window));
  }

  /** The share (0–1] of the configured chunk limits to use now. */
  public get chunkScale(): number {
    return this.scale;
  }

  /** Waits for a free slot. */
  public acquire(): Promise<void> {
    if (this.inFlight < this.concurrency) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  public release(): void {
    this.inFlight--;
    this.wake();
  }

  /** The cluster said "too many requests": back off multiplicatively. */
  public throttled(): void {
    const now = this.now();
    if (now - this.lastDecrease < this.cooldownMs) return;
    this.lastDecrease = now;
    this.window = Math.max(1, this.window / 2);
    this.scale = Math.max(this.minScale, this.scale / 2);
  }

  /** A request went through without throttling: recover additively (one slot per window of answers). */
  public succeeded(): void {
    this.window = Math.min(this.maxConcurrency, this.window + 1 / this.window);
    this.scale = Math.min(1, this.scale + this.minScale / 4);
    this.wake();
  }

  private wake(): void {
    while (this.waiters.length > 0 && this.inFlight < this.concurrency) {
      this.inFlight++;
      this.waiters.shift()?.();
    }
  }
}
