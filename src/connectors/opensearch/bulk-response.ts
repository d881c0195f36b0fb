/**
 * What became of one `_bulk` item. `conflict` is set on rejections caused by a field whose value does
 * not fit the index mapping: those can be re-sent with the value moved aside (conflicts.ts).
 *
 * @example
 * ```ts
 * const outcome: ItemOutcome = { kind: 'rejected', code: 'mapper_parsing_exception', reason: '…', conflict: { field: 'json.status', mappedAs: 'long' } };
 * ```
 */
export type ItemOutcome =
  | { readonly kind: 'delivered'; readonly created: boolean }
  | {
      readonly kind: 'retryable';
      readonly code: string;
      readonly reason: string;
      readonly throttled: boolean;
    }
  | {
      readonly kind: 'rejected';
      readonly code: string;
      readonly reason: string;
      readonly conflict?: MappingConflict;
    };

/**
 * A document refused because of the mapping: the field that did not fit (dotted path) and what the
 * index maps it as; `field` is undefined when the whole dynamic part is to blame (a field-count limit).
 */
export interface MappingConflict {
  readonly field?: string;
  readonly mappedAs?: string;
}

/** What to do with a whole request that failed before any item was answered. */
export type RequestOutcome =
  | {
      readonly kind: 'retryable';
      readonly code: string;
      readonly reason: string;
      readonly throttled: boolean;
    }
  /** Too large or malformed as a whole: halve it until the one guilty document stands alone. */
  | { readonly kind: 'split'; readonly code: string; readonly reason: string };

interface BulkItemError {
  type?: unknown;
  reason?: unknown;
  caused_by?: unknown;
}

interface BulkItemResult {
  status?: unknown;
  error?: BulkItemError;
  result?: unknown;
}

// Error types that say the cluster is busy or a shard is briefly away, whatever the status says.
const RETRYABLE_TYPES =
  /(^|_)(rejected_execution_exception|circuit_breaking_exception|unavailable_shards_exception|no_shard_available_action_exception|node_not_connected_exception|node_closed_exception|process_cluster_event_timeout_exception|primary_missing_action_exception|shard_not_in_primary_mode_exception|receive_timeout_transport_exception|connect_transport_exception|node_disconnected_exception|index_not_found_exception|cluster_block_exception)$/;

/**
 * Classifies every item of a `_bulk` response, in request order. A 201 is delivered; a 409 on
 * `create` means the document is already there (a replay or a retry) and is delivered too; 429, 5xx
 * and busy-cluster errors are retryable; other 4xx are rejected, with mapping conflicts recognised.
 * A response that does not answer every item makes the unanswered ones retryable.
 *
 * @example
 * ```ts
 * classifyBulkResponse({ errors: false, items: [{ create: { status: 201 } }] }, 1); // [{ kind: 'delivered', created: true }]
 * ```
 */
export const classifyBulkResponse = (response: unknown, count: number): ItemOutcome[] => {
  const items = (response as { items?: unknown } | null)?.items;
  const list = Array.isArray(items) ? items : [];
  const outcomes: ItemOutcome[] = [];
  for (let i = 0; i < count; i++) {
    const entry = list[i] as Record<string, BulkItemResult> | undefined;
    const result = entry === undefined ? undefined : (entry.create ?? Object.values(entry)[0]);
    outcomes.push(
      result === undefined
        ? {
            kind: 'retryable',
            code: 'bulk_response_incomplete',
            reason: `The _bulk response answered ${list.length} of ${count} items.`,
            throttled: false,
          }
        : classifyBulkItem(result),
    );
  }
  return outcomes;
};

/**
 * Classifies one item of a `_bulk` response (the object under its `create` key).
 *
 * @example
 * ```ts
 * classifyBulkItem({ status: 429, error: { type: 'rejected_execution_exception', reason: 'queue full' } });
 * // { kind: 'retryable', code: 'rejected_execution_exception', reason: 'rejected_execution_exception: queue full', throttled: true }
 * ```
 */
export const classifyBulkItem = (item: BulkItemResult): ItemOutcome => {
  const status = typeof item.status === 'number' ? item.status : 0;
  const type = typeof item.error?.type === 'string' ? item.error.type : undefined;
  const reason = describeItemError(item.error, status);
  if (status >= 200 && status < 300) return { kind: 'delivered', created: status === 201 };
  if (status === 409 && (type === undefined || type === 'version_conflict_engine_exception'))
    return { kind: 'delivered', created: false };
  const code = type ?? `http_${status}`;
  if (status === 429 || status >= 500 || status === 408 || status === 0 || RETRYABLE_TYPES.test(code))
    return { kind: 'retryable', code, reason, throttled: status === 429 || /rejected_execution/.test(code) };
  const conflict = item.error === undefined ? undefined : mappingConflictOf(item.error);
  return conflict === undefined
    ? { kind: 'rejected', code, reason }
    : { kind: 'rejected', code, reason, conflict };
};

const SOURCE_POSITION = /^\[\d+:\d+\] /;
const FIELD_OF_TYPE = /^failed to parse field \[([^\]]+)\] of type \[([^\]]+)\]/;
const OBJECT_GOT_VALUE =
  /^object mapping for \[([^\]]+)\] tried to parse field \[[^\]]*\] as object, but found a concrete value/;
const MAPPER_CHANGED = /^mapper \[([^\]]+)\] cannot be changed from type \[([^\]]+)\] to \[[^\]]+\]/;
const NEEDS_OBJECT =
  /^Could not dynamically add mapping for field \[([^\]]+)\]\. Existing mapping for \[[^\]]+\] must be of type object but found \[([^\]]+)\]/;
const FIELD_LIMIT = /^Limit of (total fields|mapping depth|nested fields) \[\d+\] has been exceeded/;

/**
 * Recognises the rejections caused by a value that does not fit the mapping, and names the field
 * from the error's reason (OpenSearch names only the first such field of a document).
 *
 * @example
 * ```ts
 * mappingConflictOf({ type: 'mapper_parsing_exception', reason: "failed to parse field [json.status] of type [long] in document with id '2'. Preview of field's value: 'ok'" });
 * // { field: 'json.status', mappedAs: 'long' }
 * mappingConflictOf({ type: 'document_parsing_exception', reason: "[1:29] failed to parse field [json.status] of type [long] in document with id 'a'." });
 * // the same, from Elasticsearch 8
 * ```
 */
export const mappingConflictOf = (error: BulkItemError): MappingConflict | undefined => {
  // Elasticsearch 8+ says `document_parsing_exception` and starts the same sentence with where in the
  // document it failed (`[1:42] failed to parse field …`): the position goes, the sentence is the same.
  const reason = typeof error.reason === 'string' ? error.reason.replace(SOURCE_POSITION, '') : '';
  const byType = FIELD_OF_TYPE.exec(reason);
  if (byType?.[1] !== undefined) return { field: byType[1], mappedAs: byType[2] ?? 'unknown' };
  const objectGotValue = OBJECT_GOT_VALUE.exec(reason);
  if (objectGotValue?.[1] !== undefined) return { field: objectGotValue[1], mappedAs: 'object' };
  const changed = MAPPER_CHANGED.exec(reason);
  if (changed?.[1] !== undefined) return { field: changed[1], mappedAs: changed[2] ?? 'unknown' };
  const needsObject = NEEDS_OBJECT.exec(reason);
  if (needsObject?.[1] !== undefined) return { field: needsObject[1], mappedAs: needsObject[2] ?? 'unknown' };
  if (FIELD_LIMIT.test(reason)) return {};
  return undefined;
};

/**
 * Classifies a request that failed as a whole. Timeouts, resets, 429 and 5xx leave every item
 * retryable (the cluster may have indexed some: `create` makes the resend harmless); 413 and 400 are
 * split to isolate the document at fault; 401/403/404 stay retryable, because a credential or cluster
 * problem is no reason to dead-letter data.
 *
 * @example
 * ```ts
 * classifyRequestFailure(Object.assign(new Error('Request timed out'), { name: 'TimeoutError' }));
 * // { kind: 'retryable', code: 'timeout', reason: 'TimeoutError: Request timed out', throttled: false }
 * ```
 */
export const classifyRequestFailure = (error: unknown): RequestOutcome => {
  const { name, message, statusCode, body } = errorParts(error);
  const reason = `${name}: ${message}`.slice(0, 1000);
  if (statusCode !== undefined) {
    const bodyReason = describeBody(body);
    const full = bodyReason === undefined ? reason : `HTTP ${statusCode}: ${bodyReason}`;
    if (statusCode === 413 || statusCode === 400)
      return { kind: 'split', code: `http_${statusCode}`, reason: full };
    return { kind: 'retryable', code: `http_${statusCode}`, reason: full, throttled: statusCode === 429 };
  }
  if (name === 'TimeoutError' || /timed? ?out/i.test(message))
    return { kind: 'retryable', code: 'timeout', reason, throttled: false };
  if (/ECONNRESET|socket hang up|EPIPE/i.test(message))
    return { kind: 'retryable', code: 'connection_reset', reason, throttled: false };
  if (/ECONNREFUSED/i.test(message))
    return { kind: 'retryable', code: 'connection_refused', reason, throttled: false };
  if (name === 'ConnectionError' || name === 'NoLivingConnectionsError')
    return { kind: 'retryable', code: 'connection_error', reason, throttled: false };
  if (name === 'DeserializationError')
    return { kind: 'retryable', code: 'bulk_response_invalid', reason, throttled: false };
  return { kind: 'retryable', code: 'request_failed', reason, throttled: false };
};

const errorParts = (
  error: unknown,
): { name: string; message: string; statusCode?: number; body?: unknown } => {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const meta = (error as { meta?: { statusCode?: unknown; body?: unknown } }).meta;
  const statusCode = typeof meta?.statusCode === 'number' ? meta.statusCode : undefined;
  return {
    name: error.name,
    message: error.message,
    ...(statusCode !== undefined && error.name === 'ResponseError' && { statusCode, body: meta?.body }),
  };
};

const describeBody = (body: unknown): string | undefined => {
  if (body === undefined || body === null || body === '') return undefined;
  if (typeof body === 'string') return body.slice(0, 500);
  const error = (body as { error?: unknown }).error;
  if (error !== null && typeof error === 'object') return describeItemError(error as BulkItemError, 0);
  return JSON.stringify(body).slice(0, 500);
};

const describeItemError = (error: BulkItemError | undefined, status: number): string => {
  if (error === undefined) return `status ${status}`;
  const parts: string[] = [];
  let current: unknown = error;
  // The causes often say what the top reason does not ("For input string: \"ok\"").
  for (let depth = 0; depth < 3 && current !== null && typeof current === 'object'; depth++) {
    const { type, reason, caused_by } = current as BulkItemError;
    parts.push(`${String(type ?? 'error')}: ${String(reason ?? '')}`);
    current = caused_by;
  }
  return parts.join(' / caused by ').slice(0, 2000);
};
