import { gunzipSync } from 'node:zlib';
import { benchCore } from '../../../../src/dev/bench/core';

describe('benchCore', () => {
  it('measures a second inflater beside node:zlib and checks that both inflate alike', () => {
    // Prepare: node:zlib stands in for zlib-sync, so both inflate the same bytes.
    const options = { envelopes: 2, eventsPerEnvelope: 5, rounds: 2, types: ['vpcflow' as const] };

    // Act
    const [row] = benchCore({ ...options, zlibSync: (gzipped) => gunzipSync(gzipped) });

    // Assess
    expect(row?.events).toBe(10);
    expect(row?.docs).toBe(10);
    expect(row?.inflateMBps.nodeZlib).toBeGreaterThan(0);
    expect(row?.inflateMBps.zlibSync).toBeGreaterThan(0);
    expect(row?.bulkBytesPerEvent).toBeGreaterThan(100);
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

  it('refuses an inflater that gives other bytes than node:zlib', () => {
    // Prepare
    const options = { envelopes: 1, eventsPerEnvelope: 3, rounds: 1, types: ['vpcflow' as const] };
    const truncating = (gzipped: Uint8Array) => gunzipSync(gzipped).subarray(1);

    // Act + Assess
    expect(() => benchCore({ ...options, zlibSync: truncating })).toThrow(
      'inflated the same payloads differently',
    );
  });

  it('measures node:zlib alone when no second inflater is given', () => {
    // Act
    const [row] = benchCore({ envelopes: 1, eventsPerEnvelope: 3, rounds: 1, types: ['lambda'] });

    // Assess
    expect(row?.inflateMBps.zlibSync).toBeUndefined();
    expect(row?.inflateMBps.nodeZlib).toBeGreaterThan(0);
  });
});
