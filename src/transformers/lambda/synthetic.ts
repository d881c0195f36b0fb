import type { SyntheticSource } from '../../core';

/** Synthetic data: one Lambda invocation: START, two application lines (one JSON), END and REPORT, a cold start one time in ten, for benchmarks and load runs (development code only). */
export const synthetic: SyntheticSource = {
  logGroup: '/aws/lambda/orders-api',
  messages: (random, timeMs) => {
    const requestId = random.uuid();
    const iso = new Date(timeMs).toISOString();
    const duration = (random.int(100, 300000) / 100).toFixed(2);
    const cold = random.next() < 0.1;
    return [
      `START RequestId: ${requestId} Version: $LATEST\n`,
      `${iso}\t${requestId}\tINFO\tprocessing order ${random.int(1, 999999)} for customer ${random.hex(8)}\n`,
      `${iso}\t${requestId}\tINFO\t{"event":"order_processed","orderId":${random.int(1, 999999)},"items":${random.int(1, 9)},"total":${random.int(100, 99999) / 100}}\n`,
      `END RequestId: ${requestId}\n`,
      `REPORT RequestId: ${requestId}\tDuration: ${duration} ms\tBilled Duration: ${Math.ceil(Number(duration))} ms\tMemory Size: 512 MB\tMax Memory Used: ${random.int(60, 400)} MB${cold ? `\tInit Duration: ${(random.int(10000, 90000) / 100).toFixed(2)} ms` : ''}\t\n`,
    ];
  },
};
