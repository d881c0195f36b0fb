import { PipelineError } from '../../core';

/**
 * The local OpenSearch could not be obtained or started: Java missing or too old, the download failed,
 * the node exited or never became healthy. The message says what to do; startup failures carry the tail
 * of the node's log.
 *
 * @example
 * ```ts
 * throw new LocalOpenSearchError('java_missing', 'Java was not found: install a JDK 17 or set JAVA_HOME.');
 * ```
 */
export class LocalOpenSearchError extends PipelineError {
  public constructor(code: string, message: string, options?: { cause?: unknown }) {
    super('config', code, message, options);
    this.name = 'LocalOpenSearchError';
  }
}
