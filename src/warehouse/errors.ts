import { PipelineError } from '../core';

/**
 * The warehouse area's one error base: every failure of a sync, a query or a backup, with a short code.
 * A sync that throws one has not moved its watermark, so the next sync redoes the same windows.
 *
 * @example
 * ```ts
 * throw new WarehouseError('warehouse_config_invalid', 'WAREHOUSE is "oracle"; it must be duckdb or bigquery.');
 * ```
 */
export class WarehouseError extends PipelineError {
  public constructor(code: string, message: string, options?: { cause?: unknown }) {
    super('deliver', code, message, options);
    this.name = 'WarehouseError';
  }
}

/** The warehouse (or the search engine it reads) could not be reached or timed out: try again later. */
export class WarehouseUnavailableError extends WarehouseError {
  public constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'WarehouseUnavailableError';
  }
}

/**
 * The warehouse refused rows. `retryable` rows (a quota, a backend error) may succeed on the next sync;
 * `rejected` ones will not until the schema or the data is fixed. Either way the window stays as it was.
 */
export class WarehouseRejectedError extends WarehouseError {
  public readonly retryable: number;
  public readonly rejected: number;
  public constructor(
    message: string,
    counts: { retryable: number; rejected: number },
    options?: { cause?: unknown },
  ) {
    super(counts.rejected > 0 ? 'warehouse_rows_rejected' : 'warehouse_rows_retryable', message, options);
    this.name = 'WarehouseRejectedError';
    this.retryable = counts.retryable;
    this.rejected = counts.rejected;
  }
}
