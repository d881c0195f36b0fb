import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes a file through a temporary file and a rename, creating its folder, so a crash mid-write leaves the
 * previous content, never a torn file (the checkpoint files of the poller and of the backfill).
 *
 * @example
 * ```ts
 * await writeFileAtomically('.cwlpipe/checkpoints.json', `${JSON.stringify(content)}\n`);
 * ```
 */
export const writeFileAtomically = async (path: string, text: string): Promise<void> => {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, 'utf8');
  await rename(temporary, path);
};
