import { readFile } from 'node:fs/promises';
import { ConfigError } from '../../core';
import { writeFileAtomically } from '../atomic-file';
import type { CheckpointStore, ShardCheckpoint } from './checkpoint-store';

type FileContent = Record<string, Record<string, ShardCheckpoint>>;

/** The poller's default checkpoint file, relative to the working directory. */
export const DEFAULT_CHECKPOINT_FILE = '.cwlpipe/checkpoints.json';

/**
 * Checkpoints in one local JSON file (`{ "<stream>": { "<shardId>": { "sequenceNumber": … } } }`).
 * Every save rewrites the file through a temporary file and a rename, so a crash mid-write leaves
 * the previous checkpoints, never a torn file. Saves are serialized.
 *
 * @example
 * ```ts
 * const store = new FileCheckpointStore('.cwlpipe/checkpoints.json');
 * await store.save('cwlpipe-logs', 'shardId-000000000000', { sequenceNumber: '4968…' });
 * ```
 */
export class FileCheckpointStore implements CheckpointStore {
  /** Read once, then changed in memory; shared so concurrent first saves see the same object. */
  private content: Promise<FileContent> | undefined;
  private writing: Promise<void> = Promise.resolve();

  public constructor(public readonly path: string = DEFAULT_CHECKPOINT_FILE) {}

  public async load(stream: string): Promise<Map<string, ShardCheckpoint>> {
    const content = await this.read();
    return new Map(Object.entries(content[stream] ?? {}));
  }

  public async save(stream: string, shardId: string, checkpoint: ShardCheckpoint): Promise<void> {
    const content = await this.read();
    content[stream] = { ...content[stream], [shardId]: checkpoint };
    const text = `${JSON.stringify(content, null, 2)}\n`;
    const write = this.writing.then(() => writeFileAtomically(this.path, text));
    // A failed write must not wedge every later one; its own caller still sees the error.
    this.writing = write.catch(() => undefined);
    await write;
  }

  private read(): Promise<FileContent> {
    this.content ??= this.readFile();
    return this.content;
  }

  private async readFile(): Promise<FileContent> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return {};
    }
    try {
      return JSON.parse(text) as FileContent;
    } catch (error) {
      throw new ConfigError(
        'checkpoint_file_invalid',
        `The checkpoint file ${this.path} is not valid JSON; move it away to start from the stream's beginning.`,
        { cause: error },
      );
    }
  }
}
