import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The files of a fixtures tree, sorted: the payloads to replay, and their `.config.json` companions. */
export interface FixtureFiles {
  readonly payloads: readonly string[];
  readonly configs: readonly string[];
}

/**
 * The fixtures tree as payloads and configs. Left out: `.expected.json` goldens, and `.txt` fixtures, which
 * hold bare messages (Firehose's message extraction) and are read only with their source named
 * (`transform --bare-log-group … --bare-type …`), never replayed.
 *
 * @example
 * ```ts
 * const { payloads, configs } = fixtureFiles('fixtures');
 * ```
 */
export const fixtureFiles = (dir: string): FixtureFiles => {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(
      (entry) => entry.isFile() && !entry.name.endsWith('.expected.json') && !entry.name.endsWith('.txt'),
    )
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  return {
    payloads: files.filter((file) => !file.endsWith('.config.json')),
    configs: files.filter((file) => file.endsWith('.config.json')),
  };
};
