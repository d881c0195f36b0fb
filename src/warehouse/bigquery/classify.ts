import { WarehouseError, WarehouseRejectedError, WarehouseUnavailableError } from '../errors';

/** One row's errors as `insertAll` reports them (the client's PartialFailureError). */
export interface RowFailure {
  readonly row?: unknown;
  readonly errors?: readonly { readonly reason?: string; readonly message?: string }[];
}

// Reasons a later attempt can succeed with the same row: the service or a quota, not the row.
// `stopped` means the row was fine but another row of its request was invalid.
const RETRYABLE_REASONS = new Set([
  'backendError',
  'internalError',
  'rateLimitExceeded',
  'quotaExceeded',
  'timeout',
  'stopped',
]);

/**
 * Whether one failed row may succeed as it is on a later sync.
 *
 * @example
 * ```ts
 * rowVerdict({ errors: [{ reason: 'invalid', message: 'no such field: x' }] }); // 'rejected'
 * rowVerdict({ errors: [{ reason: 'stopped' }] }); // 'retryable'
 * ```
 */
export const rowVerdict = (failure: RowFailure): 'retryable' | 'rejected' => {
  const reasons = (failure.errors ?? []).map((error) => error.reason ?? '');
  return reasons.length > 0 && reasons.every((reason) => RETRYABLE_REASONS.has(reason))
    ? 'retryable'
    : 'rejected';
};

/**
 * The error a failed `insertAll` becomes: per-row failures counted as retryable or rejected (the window
 * is not marked, so it keeps its previous computation, and the watermark stays); a failure of the whole
 * request as unavailable (network, 5xx, 429) or refused (other 4xx: permissions, a missing table).
 *
 * @example
 * ```ts
 * insertError(error, 'vpc_flows_minute__versions').code; // 'warehouse_rows_rejected'
 * ```
 */
export const insertError = (error: unknown, table: string): WarehouseError => {
  const failures = (error as { name?: string; errors?: RowFailure[] }).errors;
  if ((error as { name?: string }).name === 'PartialFailureError' && Array.isArray(failures)) {
    const rejected = failures.filter((failure) => rowVerdict(failure) === 'rejected');
    const first = rejected[0]?.errors?.[0] ?? failures[0]?.errors?.[0];
    return new WarehouseRejectedError(
      `BigQuery refused ${failures.length} row(s) of ${table} (${rejected.length} rejected, ${failures.length - rejected.length} retryable; first: ${first?.reason ?? 'unknown'}: ${first?.message ?? 'no message'}). The minutes keep their previous values and the watermark stays.`,
      { retryable: failures.length - rejected.length, rejected: rejected.length },
      { cause: error },
    );
  }
  return requestError(error, `inserting into ${table}`);
};

/**
 * The error a failed BigQuery request becomes.
 *
 * @example
 * ```ts
 * requestError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'reading the watermark').code; // 'bigquery_unavailable'
 * ```
 */
export const requestError = (error: unknown, doing: string): WarehouseError => {
  const status = (error as { code?: unknown }).code;
  const message = (error as Error).message ?? String(error);
  if (typeof status !== 'number' || status >= 500 || status === 429 || status === 408) {
    return new WarehouseUnavailableError(
      'bigquery_unavailable',
      `BigQuery did not answer ${doing} (${message}); the next sync tries again.`,
      { cause: error },
    );
  }
  return new WarehouseError(
    status === 401 || status === 403 ? 'bigquery_auth_rejected' : 'bigquery_request_refused',
    `BigQuery refused ${doing} (HTTP ${status}: ${message})${status === 401 || status === 403 ? ': check the credentials (application default credentials or CWLPIPE_BIGQUERY_CREDENTIALS_SECRET) and their roles on the dataset' : ''}.`,
    { cause: error },
  );
};
