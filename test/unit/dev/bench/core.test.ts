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
