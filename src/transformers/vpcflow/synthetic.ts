import type { SyntheticSource } from '../../core';

const ACCOUNT = '123456789012';

/** Synthetic data: VPC flow log v2 records, for benchmarks and load runs (development code only). */
export const synthetic: SyntheticSource = {
  logGroup: '/aws/vpc/flowlogs/prod',
  messages: (random, timeMs) => {
    const start = Math.floor(timeMs / 1000) - random.int(0, 60);
    const protocol = random.pick([6, 6, 6, 17, 17, 1]);
    const action = random.next() < 0.9 ? 'ACCEPT' : 'REJECT';
    return [
      `2 ${ACCOUNT} eni-0${random.hex(16)} ${random.ipv4('10.0')} ${random.ipv4('172.31')} ${random.int(1024, 65535)} ${random.pick([443, 80, 22, 5432, 53])} ${protocol} ${random.int(1, 500)} ${random.int(40, 900000)} ${start} ${start + 60} ${action} OK`,
    ];
  },
};
