import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The checkout a tool belongs to: the nearest folder above `from` that holds a package.json. A tool runs
 * from its source (tools/…, under jest) or compiled (.cache/tools/tools/…, `npm run chaos`), at different
 * depths, so the root is looked for rather than counted.
 *
 * @example
 * ```ts
 * repoRootFrom('/work/cwlpipe/.cache/tools/tools/chaos'); // '/work/cwlpipe'
 * ```
 */
export const repoRootFrom = (from: string): string => {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json above ${from}: where is the checkout?`);
  }
};

/** The checkout these tools belong to. */
export const REPO_ROOT = repoRootFrom(__dirname);
