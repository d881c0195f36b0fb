import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  backoffMs,
  FileCheckpointStore,
  lastBeforeFirstFailure,
  type PolledRecord,
} from '../../../../src/consumers/poller';
import { ConfigError } from '../../../../src/core';

const records = (count: number): PolledRecord[] =>
  Array.from({ length: count }, (_, i) => ({
    shardId: 'shardId-000000000000',
    sequenceNumber: `4968${String(i).padStart(52, '0')}`,
    partitionKey: 'eni-0a1b2c3d4e5f60718-all',
    data: new Uint8Array(),
  }));

describe('Poller: lastBeforeFirstFailure', () => {
  it('stops at the record before the first failure, whatever fails after it', () => {
    // Prepare
    const batch = records(6);
    const failed = new Set([batch[2]?.sequenceNumber ?? '', batch[4]?.sequenceNumber ?? '']);

    // Act
    const checkpoint = lastBeforeFirstFailure(batch, failed);

    // Assess
    expect(checkpoint).toBe(batch[1]?.sequenceNumber);
  });

  it('gives nothing when the first record failed, and the last record when none did', () => {
    // Prepare
    const batch = records(3);

    // Act
    const whenFirstFailed = lastBeforeFirstFailure(batch, new Set([batch[0]?.sequenceNumber ?? '']));
    const whenNoneFailed = lastBeforeFirstFailure(batch, new Set());

    // Assess
    expect(whenFirstFailed).toBeUndefined();
    expect(whenNoneFailed).toBe(batch[2]?.sequenceNumber);
  });

  it('never checkpoints at or past a failed record (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 50 }), (failures) => {
        const batch = records(failures.length);
        const failed = new Set(batch.filter((_, i) => failures[i]).map((record) => record.sequenceNumber));
        const checkpoint = lastBeforeFirstFailure(batch, failed);
        const upTo = checkpoint === undefined ? -1 : batch.findIndex((r) => r.sequenceNumber === checkpoint);
        const firstFailure = failures.indexOf(true);
        expect(upTo).toBe((firstFailure === -1 ? failures.length : firstFailure) - 1);
      }),
    );
  });
});

describe('Poller: FileCheckpointStore', () => {
  it('keeps checkpoints across instances, per stream, leaving no temporary file behind', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'cwlpipe-store-'));
    const path = join(dir, 'nested', 'checkpoints.json');
    const writer = new FileCheckpointStore(path);

    // Act
    await Promise.all([
      writer.save('logs', 'shardId-000000000000', { sequenceNumber: '49680001' }),
      writer.save('logs', 'shardId-000000000001', { sequenceNumber: '49680002', finished: true }),
      writer.save('other', 'shardId-000000000000', { sequenceNumber: '49680003' }),
    ]);
    const loaded = await new FileCheckpointStore(path).load('logs');

    // Assess
    expect(Object.fromEntries(loaded)).toEqual({
      'shardId-000000000000': { sequenceNumber: '49680001' },
      'shardId-000000000001': { sequenceNumber: '49680002', finished: true },
    });
    expect(JSON.parse(readFileSync(path, 'utf8')).other).toEqual({
      'shardId-000000000000': { sequenceNumber: '49680003' },
    });
    expect(readdirSync(join(dir, 'nested'))).toEqual(['checkpoints.json']);
  });

  it('refuses a corrupt file with a ConfigError naming it, rather than starting over silently', async () => {
    // Prepare
    const path = join(mkdtempSync(join(tmpdir(), 'cwlpipe-store-')), 'checkpoints.json');
    writeFileSync(path, '{"logs": {');

    // Act
    const loading = new FileCheckpointStore(path).load('logs');

    // Assess
    await expect(loading).rejects.toThrow(ConfigError);
    await expect(new FileCheckpointStore(path).load('logs')).rejects.toThrow(path);
  });
});

describe('Poller: backoffMs', () => {
  it('waits between half and all of the doubled base, capped at the maximum', () => {
    // Prepare
    const options = { baseMs: 100, maxMs: 1_000 };

    // Act
    const shortest = [1, 2, 3, 6].map((attempt) => backoffMs(attempt, options, () => 0));
    const longest = [1, 2, 3, 6].map((attempt) => backoffMs(attempt, options, () => 1));

    // Assess
    expect(shortest).toEqual([50, 100, 200, 500]);
    expect(longest).toEqual([100, 200, 400, 1_000]);
  });
});
