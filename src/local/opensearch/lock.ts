import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LocalOpenSearchError } from './errors';

export interface DirLockOptions {
  /** Give up waiting after this long (a first download can take minutes). */
  readonly timeoutMs?: number;
  /** A lock older than this whose owner cannot be checked is taken over. */
  readonly staleMs?: number;
}

/**
 * Runs `fn` holding an exclusive lock shared by every process on the machine: a directory made with
 * `mkdir` (atomic), holding the owner's pid. A lock whose owner process is gone is taken over, so a
 * killed run never blocks the next one.
 *
 * @example
 * ```ts
 * await withDirLock('/home/ana/.cache/cwlpipe/opensearch/2.19.5.lock', () => unpack());
 * ```
 */
export const withDirLock = async <T>(
  lockDir: string,
  fn: () => Promise<T>,
  options: DirLockOptions = {},
): Promise<T> => {
  const deadline = Date.now() + (options.timeoutMs ?? 20 * 60_000);
  const staleMs = options.staleMs ?? 30 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'owner'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (isAbandoned(lockDir, staleMs)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new LocalOpenSearchError(
          'cache_lock_timeout',
          `Waited too long for ${lockDir}, held by another cwlpipe process; remove it if no such process runs.`,
        );
      }
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
};

const isAbandoned = (lockDir: string, staleMs: number): boolean => {
  let owner: number;
  try {
    owner = Number(readFileSync(join(lockDir, 'owner'), 'utf8'));
  } catch {
    // The owner is between mkdir and writing its pid, or crashed there: judge by age.
    return ageMs(lockDir) > 10_000;
  }
  if (!Number.isInteger(owner) || owner <= 0) return ageMs(lockDir) > staleMs;
  try {
    process.kill(owner, 0);
    return ageMs(lockDir) > staleMs;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
};

const ageMs = (path: string): number => {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
};
