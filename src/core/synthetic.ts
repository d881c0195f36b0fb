/**
 * The randomness a synthetic data maker draws from: seeded, so generated data is the same on every run.
 * Development code provides it (`src/local/synthetic`); the contract lives here so a log type's folder can
 * hold its own maker without importing development code.
 */
export interface SyntheticRandom {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  hex(length: number): string;
  uuid(): string;
  /** An address under a prefix such as `10.0`. */
  ipv4(prefix?: string): string;
}

/**
 * Realistic synthetic data for one log type, for benchmarks, load runs and `npm start --generate` (never
 * for golden tests). A log type provides it as `src/transformers/<type>/synthetic.ts` exporting
 * `synthetic`; only development code loads that file, so it never reaches a Lambda bundle.
 *
 * @example
 * ```ts
 * export const synthetic: SyntheticSource = {
 *   logGroup: '/ecs/batch-worker',
 *   messages: (random) => [`worker ${random.int(1, 16)} finished`],
 * };
 * ```
 */
export interface SyntheticSource {
  /** The log group the generated envelopes claim to come from. */
  readonly logGroup: string;
  /** One or more messages for one moment (a Lambda invocation is several lines). */
  messages(random: SyntheticRandom, timeMs: number): string[];
}
