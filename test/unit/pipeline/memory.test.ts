import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../helpers/cli';

describe('Batch engine under a heap limit', () => {
  it('runs a hostile batch within 256 MiB of heap: oversized records dead-lettered, the rest delivered in slices', () => {
    // Prepare: 4 records of 357,081 events each (what took 3.4 GiB), 6 records of 20,000 JSON events
    const script = join(ROOT, 'test', 'helpers', 'hostile-batch.js');

    // Act
    const run = spawnSync(process.execPath, ['--max-old-space-size=256', script, '4', '6'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 110_000,
    });

    // Assess: no crash, and every record accounted for
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({
      delivered: 120_000,
      letters: { events_too_many: 4 },
      failed: 0,
      events: 120_000,
    });
    expect(result.peakHeapMiB).toBeLessThan(256);
  });
});
