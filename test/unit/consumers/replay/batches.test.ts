import { gunzipSync } from 'node:zlib';
import {
  envelopesWithin,
  type PutLimits,
  putBatches,
  RecordsRefusedError,
  type StreamRecord,
} from '../../../../src/consumers/replay';

const recordOf = (dataBytes: number, partitionKey = 'k'): StreamRecord => ({
  data: Buffer.alloc(dataBytes, 1),
  partitionKey,
});

const LIMITS: PutLimits = { maxRecords: 3, maxCallBytes: 100, maxRecordBytes: 60, countsPartitionKey: true };

describe('putBatches', () => {
  it('fills a call to exactly the record limit, and starts another at one more', () => {
    // Prepare
    const records = Array.from({ length: LIMITS.maxRecords + 1 }, () => recordOf(1));
    // Act
    const calls = putBatches(records, LIMITS);
    // Assess
    expect(calls.map((call) => call.length)).toEqual([LIMITS.maxRecords, 1]);
  });

  it('fills a call to exactly the byte limit (data plus partition keys), and starts another past it', () => {
    // Prepare: 49 + 1 bytes twice is exactly 100; one byte more goes to a second call
    const exact = [recordOf(49), recordOf(49)];
    const over = [recordOf(49), recordOf(50)];
    // Act
    const exactCalls = putBatches(exact, LIMITS);
    const overCalls = putBatches(over, LIMITS);
    // Assess
    expect(exactCalls.map((call) => call.length)).toEqual([2]);
    expect(overCalls.map((call) => call.length)).toEqual([1, 1]);
  });

  it('accepts a record of exactly the record limit and refuses one byte more, naming its key', () => {
    // Prepare
    const exact = recordOf(LIMITS.maxRecordBytes - 1);
    const over = recordOf(LIMITS.maxRecordBytes, 'stream-a');
    // Act
    const calls = putBatches([exact], LIMITS);
    // Assess
    expect(calls).toEqual([[exact]]);
    expect(() => putBatches([over], LIMITS)).toThrow(RecordsRefusedError);
    expect(() => putBatches([over], LIMITS)).toThrow(/stream-a/);
  });
});

describe('envelopesWithin', () => {
  const header = {
    messageType: 'DATA_MESSAGE' as const,
    owner: '111122223333',
    logGroup: 'group',
    logStream: 'stream',
    subscriptionFilters: ['filter'],
  };
  // Random-looking messages so that gzip cannot shrink them much.
  const events = Array.from({ length: 40 }, (_, i) => ({
    id: String(i),
    timestamp: 1_700_000_000_000 + i,
    message: Buffer.from(Array.from({ length: 300 }, (_, j) => (i * 7919 + j * 104729) % 251)).toString(
      'base64',
    ),
  }));

  it('keeps one envelope when it fits, and splits by events into envelopes that each fit', () => {
    // Prepare
    const whole = envelopesWithin(header, events, Number.MAX_SAFE_INTEGER)[0] as Buffer;
    const limit = Math.ceil(whole.length / 3);
    // Act
    const fitting = envelopesWithin(header, events, whole.length);
    const split = envelopesWithin(header, events, limit);
    // Assess
    expect(fitting).toHaveLength(1);
    expect(split.length).toBeGreaterThan(2);
    for (const data of split) expect(data.length).toBeLessThanOrEqual(limit);
    const decoded = split.map((data) => JSON.parse(gunzipSync(data).toString('utf8')));
    expect(decoded.flatMap((envelope) => envelope.logEvents)).toEqual(events);
    for (const envelope of decoded) expect(envelope.logStream).toBe('stream');
  });

  it('names the event that cannot fit on its own', () => {
    // Prepare
    const limit = 50;
    // Act
    const act = () => envelopesWithin(header, events.slice(3, 4), limit);
    // Assess
    expect(act).toThrow(/log event 3 of group\/stream/);
  });
});
