import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadZlibSync, ZLIB_SYNC_VERSION } from '../../../../src/dev/bench/zlib-sync';

describe('loadZlibSync', () => {
  let cacheDir: string;

  beforeEach(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'cwlpipe-zlib-sync-'));
  });

  afterEach(() => {
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('says why zlib-sync is not measured when npm cannot run, and builds nothing', () => {
    // Prepare: a cache without zlib-sync, and no npm on the PATH.
    const env = { CWLPIPE_CACHE_DIR: cacheDir, PATH: join(cacheDir, 'no-such-bin') };

    // Act
    const load = loadZlibSync(env);

    // Assess
    // (A machine without Node's headers stops one step earlier, and says that instead.)
    expect(load).toEqual({
      available: false,
      reason: expect.stringMatching(/^(npm could not run: .*ENOENT|Node's headers are not in )/),
    });
    expect(ZLIB_SYNC_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
