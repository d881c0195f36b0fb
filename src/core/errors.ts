/** The stages of the pipeline, in the order a record meets them; `config` is before any record. */
export const STAGES = ['config', 'decode', 'transform', 'deliver'] as const;
export type PipelineStage = (typeof STAGES)[number];

/**
 * The one error family of cwlpipe. Every error names the pipeline stage it came from and a short,
 * low-cardinality `code` that metrics and dead letters group by.
 *
 * @example
 * ```ts
 * throw new ConfigError('config_invalid', 'The config file cwlpipe.config.json is invalid: logGroups.0.pattern: …');
 * ```
 */
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

/** A log event could not be turned into documents (returned, never thrown, by transformers). */
export class TransformError extends PipelineError {
  public constructor(code: string, message: string, options?: { cause?: unknown }) {
    super('transform', code, message, options);
    this.name = 'TransformError';
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
