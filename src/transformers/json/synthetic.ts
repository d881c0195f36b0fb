import type { SyntheticSource } from '../../core';

/** Synthetic data: a JSON application log line behind a timestamp and level, for benchmarks and load runs (development code only). */
export const synthetic: SyntheticSource = {
  logGroup: '/ecs/checkout-service',
  messages: (random, timeMs) => [
    `${new Date(timeMs).toISOString()} INFO ${JSON.stringify({ level: 'info', msg: 'request served', method: random.pick(['GET', 'POST']), path: `/api/v1/items/${random.int(1, 9999)}`, status: random.pick([200, 200, 201, 404, 500]), duration_ms: random.int(1, 900), user: { id: random.hex(8), plan: random.pick(['free', 'pro']) } })}`,
  ],
};
