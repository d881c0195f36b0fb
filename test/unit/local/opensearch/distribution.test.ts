import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  artifactPath,
  cacheRoot,
  ensureOpenSearchDistribution,
} from '../../../../src/local/opensearch/distribution';
import { withDirLock } from '../../../../src/local/opensearch/lock';

/** A local Maven repository holding a tiny stand-in for the distribution zip (no network in unit tests). */
const fakeMavenRepo = (root: string, version: string): string => {
  const repo = join(root, 'm2');
  const staging = join(root, 'staging', `opensearch-${version}`, 'bin');
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, 'opensearch'), '#!/bin/sh\necho fake\n', { mode: 0o644 });
  const zip = join(repo, artifactPath(version));
  mkdirSync(join(zip, '..'), { recursive: true });
  execFileSync('python3', ['-m', 'zipfile', '-c', zip, `opensearch-${version}`], {
    cwd: join(root, 'staging'),
  });
  return repo;
};

describe('Local OpenSearch: distribution cache', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'cwlpipe-dist-test-'));
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('puts the cache under XDG_CACHE_HOME when set', () => {
    // Act
    const dir = cacheRoot({ XDG_CACHE_HOME: '/var/cache/ana' });

    // Assess
    expect(dir).toBe('/var/cache/ana/cwlpipe');
  });

  it('unpacks the zip from the local Maven repository once, with runnable scripts', async () => {
    // Prepare
    const env = { MAVEN_REPO_LOCAL: fakeMavenRepo(root, '9.9.9'), PATH: '' };
    const cacheDir = join(root, 'cache');

    // Act
    const home = await ensureOpenSearchDistribution({ version: '9.9.9', cacheDir, env });
    const again = await ensureOpenSearchDistribution({ version: '9.9.9', cacheDir, env });

    // Assess
    expect(home).toBe(join(cacheDir, 'opensearch', '9.9.9', 'opensearch-9.9.9'));
    expect(again).toBe(home);
    expect(statSync(join(home, 'bin', 'opensearch')).mode & 0o111).not.toBe(0);
    expect(readdirSync(join(cacheDir, 'opensearch'))).toEqual(['9.9.9']);
  });

  it('clears what a killed run left half-done and installs cleanly', async () => {
    // Prepare
    const env = { MAVEN_REPO_LOCAL: fakeMavenRepo(root, '9.9.9'), PATH: '' };
    const cacheDir = join(root, 'cache');
    mkdirSync(join(cacheDir, 'opensearch', '.9.9.9.tmp-999999-dead', 'unpacked'), { recursive: true });

    // Act
    const home = await ensureOpenSearchDistribution({ version: '9.9.9', cacheDir, env });

    // Assess
    expect(existsSync(join(home, 'bin', 'opensearch'))).toBe(true);
    expect(readdirSync(join(cacheDir, 'opensearch'))).toEqual(['9.9.9']);
  });

  it('refuses a version that is not x.y.z', async () => {
    // Act
    const failure = ensureOpenSearchDistribution({ version: '2.19', cacheDir: join(root, 'cache') });

    // Assess
    await expect(failure).rejects.toThrow('OpenSearch version "2.19" is not x.y.z.');
  });
});

describe('Local OpenSearch: cache lock', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'cwlpipe-lock-test-'));
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('runs one holder at a time', async () => {
    // Prepare
    const lock = join(root, 'x.lock');
    const events: string[] = [];
    const hold = (name: string) =>
      withDirLock(lock, async () => {
        events.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        events.push(`${name} out`);
      });

    // Act
    await Promise.all([hold('a'), hold('b')]);

    // Assess
    expect(events).toEqual([
      `${events[0]?.[0]} in`,
      `${events[0]?.[0]} out`,
      `${events[2]?.[0]} in`,
      `${events[2]?.[0]} out`,
    ]);
    expect(new Set([events[0]?.[0], events[2]?.[0]])).toEqual(new Set(['a', 'b']));
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a lock whose owner process is gone', async () => {
    // Prepare
    const lock = join(root, 'x.lock');
    mkdirSync(lock);
    writeFileSync(join(lock, 'owner'), '2147483646'); // no such process

    // Act
    const result = await withDirLock(lock, async () => 'ran', { timeoutMs: 2_000 });

    // Assess
    expect(result).toBe('ran');
  });

  it('gives up on a lock a live process holds', async () => {
    // Prepare
    const lock = join(root, 'x.lock');
    mkdirSync(lock);
    writeFileSync(join(lock, 'owner'), String(process.pid));

    // Act
    const attempt = withDirLock(lock, async () => 'ran', { timeoutMs: 300 });

    // Assess
    await expect(attempt).rejects.toThrow('held by another cwlpipe process');
  });
});
