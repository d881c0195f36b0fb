import { readFile } from 'node:fs/promises';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { writeFileAtomically } from '../atomic-file';
import { BackfillError } from './errors';
import type { SliceCounts } from './types';

/** The default checkpoint file of `cwlpipe backfill`, relative to the working directory. */
export const DEFAULT_BACKFILL_CHECKPOINTS = '.cwlpipe/backfill-checkpoints.json';

/**
 * Where a backfill remembers the slices it finished, with what each did, so an interrupted run continues
 * where it stopped and its final report still counts the slices done before.
 */
export interface BackfillCheckpoints {
  readonly address: string;
  /** The slices already done, by id. */
  load(): Promise<Map<string, SliceCounts>>;
  /** Records one slice as done; resolves once it is durably stored. */
  markDone(sliceId: string, counts: SliceCounts): Promise<void>;
}

interface StoredCheckpoints {
  readonly version: 1;
  readonly slices: Record<string, SliceCounts>;
}

/** Both stores keep one JSON document and rewrite it whole; saves are serialized. */
abstract class JsonCheckpoints implements BackfillCheckpoints {
  private content: Promise<StoredCheckpoints> | undefined;
  private writing: Promise<void> = Promise.resolve();

  public abstract readonly address: string;

  /** `fresh`: ignore what is stored (start over) and overwrite it as slices finish. */
  protected constructor(private readonly fresh: boolean) {}

  protected abstract readText(): Promise<string | undefined>;
  protected abstract writeText(text: string): Promise<void>;

  public async load(): Promise<Map<string, SliceCounts>> {
    return new Map(Object.entries((await this.read()).slices));
  }

  public async markDone(sliceId: string, counts: SliceCounts): Promise<void> {
    const content = await this.read();
    content.slices[sliceId] = counts;
    const text = `${JSON.stringify(content)}\n`;
    const write = this.writing.then(() => this.writeText(text));
    // A failed write must not wedge every later one; its own caller still sees the error.
    this.writing = write.catch(() => undefined);
    try {
      await write;
    } catch (error) {
      throw new BackfillError(
        'checkpoint_unwritable',
        `The backfill checkpoints ${this.address} could not be written: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  private read(): Promise<StoredCheckpoints> {
    this.content ??= this.parse();
    return this.content;
  }

  private async parse(): Promise<StoredCheckpoints> {
    const text = this.fresh ? undefined : await this.readText();
    if (text === undefined) return { version: 1, slices: {} };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    const slices = (value as Partial<StoredCheckpoints> | undefined)?.slices;
    if (slices === null || typeof slices !== 'object' || Array.isArray(slices)) {
      throw new BackfillError(
        'checkpoint_invalid',
        `The backfill checkpoints ${this.address} are not cwlpipe backfill checkpoints; move them away, or pass --fresh to start over.`,
      );
    }
    return { version: 1, slices: { ...slices } };
  }
}

/**
 * Checkpoints in a local JSON file, written through a temporary file and a rename, so a crash mid-write
 * leaves the previous content, never a torn file.
 *
 * @example
 * ```ts
 * const checkpoints = new FileBackfillCheckpoints('.cwlpipe/backfill-checkpoints.json');
 * ```
 */
export class FileBackfillCheckpoints extends JsonCheckpoints {
  public constructor(
    public readonly address: string,
    options: { fresh?: boolean } = {},
  ) {
    super(options.fresh === true);
  }

  protected async readText(): Promise<string | undefined> {
    try {
      return await readFile(this.address, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new BackfillError(
        'checkpoint_unreadable',
        `The backfill checkpoints ${this.address} could not be read: ${(error as Error).message}`,
      );
    }
  }

  protected writeText(text: string): Promise<void> {
    return writeFileAtomically(this.address, text);
  }
}

/**
 * Checkpoints in one S3 object (`s3://bucket/key`), for a run in AWS whose disk does not outlive it. A
 * PutObject replaces the object whole, so a reader never sees a torn document.
 *
 * @example
 * ```ts
 * const checkpoints = new S3BackfillCheckpoints(s3, 'logs-archive', 'checkpoints/backfill.json');
 * ```
 */
export class S3BackfillCheckpoints extends JsonCheckpoints {
  public readonly address: string;

  public constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly key: string,
    options: { fresh?: boolean } = {},
  ) {
    super(options.fresh === true);
    this.address = `s3://${bucket}/${key}`;
  }

  protected async readText(): Promise<string | undefined> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key }));
      return answer.Body === undefined ? undefined : await answer.Body.transformToString('utf8');
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw new BackfillError(
        'checkpoint_unreadable',
        `The backfill checkpoints ${this.address} could not be read: ${(error as Error).message}`,
      );
    }
  }

  protected async writeText(text: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.key,
        Body: text,
        ContentType: 'application/json',
      }),
    );
  }
}

/** Checkpoints that remember nothing: `--dry-run`, and `--no-checkpoints`. */
export class NoCheckpoints implements BackfillCheckpoints {
  public readonly address = 'none';
  public async load(): Promise<Map<string, SliceCounts>> {
    return new Map();
  }
  public async markDone(): Promise<void> {}
}
