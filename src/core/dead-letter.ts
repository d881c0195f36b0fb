import type { Deadline } from './connector';
import { type PipelineStage, STAGES } from './errors';
import type { EngineInput, LogEvent, LogSource, RecordOrigin } from './records';

/** The stages that can set something aside: every stage a record passes through. */
export type DeadLetterStage = Exclude<PipelineStage, 'config'>;
export const DEAD_LETTER_STAGES: readonly DeadLetterStage[] = STAGES.filter(
  (stage): stage is DeadLetterStage => stage !== 'config',
);

/**
 * Anything that could not become an indexed document, kept whole with the reason: a record that
 * failed to decode (raw base64), an event a transformer called invalid, or a document a destination
 * rejected. Nothing is silently dropped; dead letters can be listed, counted and re-driven.
 * The engine collects decode and transform set-asides and delivery rejections in this one shape.
 *
 * @example
 * ```ts
 * const letter: DeadLetter = { stage: 'decode', code: 'gzip_invalid', reason: 'the gzip data is corrupt', origin, raw: data };
 * ```
 */
export interface DeadLetter {
  readonly stage: DeadLetterStage;
  readonly code: string;
  readonly reason: string;
  readonly origin: RecordOrigin;
  /** The raw record (base64) for decode failures, the raw event otherwise. */
  readonly raw: string | LogEvent;
  readonly source?: LogSource;
  /** For `deliver` failures: the destination that rejected the document. */
  readonly connector?: string;
}

/**
 * Where dead letters are kept (the `cwl-deadletter-<yyyy.MM.dd>` index by default).
 *
 * @example
 * ```ts
 * const { failed } = await sink.write(letters, deadlineIn(10_000)); // failed: letters whose records are retried
 * ```
 */
export interface DeadLetterSink {
  readonly id: string;
  /** Writes every letter it can; the ones it could not write are returned so their records are retried. */
  write(
    letters: readonly DeadLetter[],
    deadline: Deadline,
  ): Promise<{ written: number; failed: DeadLetter[] }>;
  /** Releases connections, so a finished process can exit. */
  close?(): Promise<void>;
}

/** Which stored letters to look at; every filter is optional. */
export interface LetterFilter {
  readonly code?: string;
  readonly stage?: string;
  /** `yyyy.MM.dd` or `yyyy-MM-dd`: the UTC day of the letters' events (the day written, for records that never decoded). */
  readonly day?: string;
}

/** A stored letter, turned back into the input it came from. */
export interface StoredLetterInput {
  /** The letter's id, as people and logs name it. */
  readonly id: string;
  /** Whatever the store needs to find it again (opaque here), handed back to {@link DeadLetterStore.remove}. */
  readonly ref: unknown;
  readonly input: EngineInput;
}

/**
 * Where letters can be read back from for a redrive: pages of letters as engine input, and removal of
 * those that now succeed. The cursor is the store's own business.
 *
 * @example
 * ```ts
 * let page = await store.page(filter, 500);
 * while (page.letters.length > 0) page = await store.page(filter, 500, page.cursor);
 * ```
 */
export interface DeadLetterStore {
  page(
    filter: LetterFilter,
    size: number,
    cursor?: unknown,
  ): Promise<{ letters: StoredLetterInput[]; cursor?: unknown }>;
  remove(letters: readonly StoredLetterInput[]): Promise<void>;
}
