import { benchCore } from '../../../tools/bench/core';

describe('benchCore', () => {
  it('measures every figure of a row from the same events', () => {
    // Prepare
    const options = { envelopes: 2, eventsPerEnvelope: 5, rounds: 2, types: ['vpcflow' as const] };

    // Act
    const [row] = benchCore(options);

    // Assess
    expect(row?.events).toBe(10);
    expect(row?.docs).toBe(10);
    expect(row?.inflateMBps.nodeZlib).toBeGreaterThan(0);
    expect(row?.bulkBytesPerEvent).toBeGreaterThan(100);
    expect(row?.ratio).toBeGreaterThan(0);
    expect(row?.wireRatio).toBeGreaterThan(0);
  });

  it('gives the floor a JSON.stringify design cannot pass: above the measured ratio to the wire, below 1', () => {
    // Prepare: enough events per round that the paired timings are not dominated by the clock.
    const options = { envelopes: 10, eventsPerEnvelope: 50, rounds: 3 };

    // Act
    const rows = benchCore({ ...options, types: ['vpcflow', 'cloudtrail'] });

    // Assess: the floor leaves out most of what the wire path does, so it is well above it.
    for (const row of rows) {
      expect(row.stringifyFloorRatio).toBeGreaterThan(row.wireRatio);
      expect(row.stringifyFloorRatio).toBeLessThan(1);
    }
  });
});
