import type { RecordOrigin } from '../pipeline/run';
import type { Deadline } from './connector';
import type { LogEvent, LogSource } from './transformer';

/**
 * Anything that could not become an indexed document, kept whole with the reason: a record that
 * failed to decode (raw base64), an event a transformer called invalid, or a document a destination
 * rejected. Nothing is silently dropped; dead letters can be listed, counted and re-driven.
 *
 * @example
 * ```ts
 * const letter: DeadLetter = { stage: 'decode', code: 'gzip_invalid', reason: 'the gzip data is corrupt', origin, raw: data };
 * ```
 */
export interface DeadLetter {
  readonly stage: 'decode' | 'transform' | 'deliver';
  readonly code: string;
  readonly reason: string;
  readonly origin: RecordOrigin;
  /** The raw record (base64) for decode failures, the raw event otherwise. */
  readonly raw: string | LogEvent;
  readonly source?: LogSource;
  /** For `deliver` failures: the destination that rejected the document. */
  readonly connector?: string;
}

/** Where dead letters are kept (the `cwl-deadletter-<yyyy.MM.dd>` index by default). */
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
