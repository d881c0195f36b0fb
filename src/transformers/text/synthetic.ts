import type { SyntheticSource } from '../../core';

/** Synthetic data: a plain worker log line, for benchmarks and load runs (development code only). */
export const synthetic: SyntheticSource = {
  logGroup: '/ecs/batch-worker',
  messages: (random) => [
    `worker ${random.int(1, 16)} finished batch ${random.hex(8)} in ${random.int(1, 5000)} ms (${random.int(0, 1000)} rows)`,
  ],
};
