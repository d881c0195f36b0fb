import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackfillError, emptyCounts, FileBackfillCheckpoints } from '../../../../src/consumers/backfill';

describe('FileBackfillCheckpoints', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cwlpipe-bf-'));

  it('remembers finished slices with their counts across instances (an interrupted run and its restart)', async () => {
    // Prepare
    const path = join(dir, 'nested', 'checkpoints.json');
    const first = new FileBackfillCheckpoints(path);
    // Act
    await first.markDone('logs:/a:1', { ...emptyCounts(), events: 5, indexed: 5 });
    await first.markDone('logs:/a:2', { ...emptyCounts(), events: 7, indexed: 6, alreadyPresent: 1 });
    const loaded = await new FileBackfillCheckpoints(path).load();
    // Assess
    expect([...loaded.keys()]).toEqual(['logs:/a:1', 'logs:/a:2']);
    expect(loaded.get('logs:/a:2')).toMatchObject({ events: 7, alreadyPresent: 1 });
  });

  it('starts over with --fresh, overwriting what was stored', async () => {
    // Prepare
    const path = join(dir, 'fresh.json');
    await new FileBackfillCheckpoints(path).markDone('old', emptyCounts());
    const fresh = new FileBackfillCheckpoints(path, { fresh: true });
    // Act
    const before = await fresh.load();
    await fresh.markDone('new', emptyCounts());
    // Assess
    expect(before.size).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')).slices)).toEqual(['new']);
  });

  it('refuses a file that is not backfill checkpoints, saying what to do', async () => {
    // Prepare
    const path = join(dir, 'other.json');
    writeFileSync(path, '{"stream": {"shardId-0": {}}}');
    // Act
    const load = () => new FileBackfillCheckpoints(path).load();
    // Assess
    await expect(load()).rejects.toThrow(BackfillError);
    await expect(new FileBackfillCheckpoints(path).load()).rejects.toThrow('pass --fresh to start over');
  });
});
