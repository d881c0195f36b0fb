/**
 * The one error family of cwlpipe. Every error names the pipeline stage it came from and a short,
 * low-cardinality `code` that metrics and dead letters group by.
 *
 * @example
 * ```ts
 * throw new DecodeError('gzip_too_large', 'Record 12 (sequence 4960…) was set aside: gzip output exceeded 64 MiB.');
 * ```
 */
export type PipelineStage = 'decode' | 'transform' | 'deliver' | 'config';

export class PipelineError extends Error {
  public readonly stage: PipelineStage;
  public readonly code: string;

  public constructor(stage: PipelineStage, code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PipelineError';
    this.stage = stage;
    this.code = code;
  }
}

/** A record's bytes could not be turned into a subscription envelope. */
export class DecodeError extends PipelineError {
  public constructor(code: string, message: string, options?: { cause?: unknown }) {
    super('decode', code, message, options);
    this.name = 'DecodeError';
  }
}

/** A log event could not be turned into documents (returned, never thrown, by transformers). */
export class TransformError extends PipelineError {
  public constructor(code: string, message: string, options?: { cause?: unknown }) {
    super('transform', code, message, options);
    this.name = 'TransformError';
  }
}

/** A destination refused or failed to take documents. */
export class DeliveryError extends PipelineError {
  public readonly retryable: boolean;

  public constructor(code: string, message: string, retryable: boolean, options?: { cause?: unknown }) {
    super('deliver', code, message, options);
    this.name = 'DeliveryError';
    this.retryable = retryable;
  }
}

/** Configuration (environment, config file, command-line option) is wrong; raised once, at start. */
export class ConfigError extends PipelineError {
  public constructor(code: string, message: string, options?: { cause?: unknown }) {
    super('config', code, message, options);
    this.name = 'ConfigError';
  }
}

/** A short description of anything thrown, for logs and dead letters. */
export const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);
