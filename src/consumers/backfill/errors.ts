import { PipelineError } from '../../core';

/**
 * A backfill that cannot start or go on: a source that does not exist or cannot be read, a checkpoint
 * store that cannot be written. Raised before or between slices, never for one event's sake.
 */
export class BackfillError extends PipelineError {
  public constructor(code: string, message: string, options?: { cause?: unknown }) {
    super('config', code, message, options);
    this.name = 'BackfillError';
  }
}
