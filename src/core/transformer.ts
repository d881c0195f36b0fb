import type { TransformError } from './errors';

/** The log types cwlpipe knows; each has one folder under `src/transformers`. */
export const LOG_TYPES = ['vpcflow', 'lambda', 'cloudtrail', 'json', 'text'] as const;
export type LogType = (typeof LOG_TYPES)[number];

/** One CloudWatch Logs event as the subscription envelope carries it. */
export interface LogEvent {
  /** The CloudWatch Logs event id: the same by subscription and by FilterLogEvents. */
  readonly id: string;
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
  readonly message: string;
}

/** Where events came from: the envelope's header. */
export interface LogSource {
  readonly owner: string;
  readonly logGroup: string;
  readonly logStream: string;
  readonly subscriptionFilters: readonly string[];
}

/** A CloudWatch Logs subscription envelope (DATA_MESSAGE or CONTROL_MESSAGE). */
export interface Envelope extends LogSource {
  readonly messageType: 'DATA_MESSAGE' | 'CONTROL_MESSAGE';
  readonly logEvents: readonly LogEvent[];
  /** Present on envelopes delivered through an account-level policy or entity-enabled subscriptions. */
  readonly policyLevel?: string;
}

/** The document body indexed into OpenSearch: the common fields plus one namespace per log type. */
export interface DocBody {
  '@timestamp': string;
  '@ingested': string;
  '@id': string;
  '@type': LogType;
  '@message': string;
  aws: { log_group: string; log_stream: string; owner: string };
  [namespace: string]: unknown;
}

/** Limits that keep one hostile event from exploding memory or the index mapping. */
export interface TransformLimits {
  /** `@message` is cut to this many UTF-16 code units (a marker says so). */
  readonly maxMessageChars: number;
  /** JSON nesting deeper than this is kept as a JSON string. */
  readonly maxJsonDepth: number;
  /** At most this many JSON leaf fields per document; the rest is kept as a JSON string. */
  readonly maxJsonFields: number;
}

/** A VPC flow log format: the field names in the order the format string lists them. */
export interface VpcFormat {
  readonly fields: readonly string[];
}

/** What a transformer may read besides the event: everything it needs to stay pure. */
export interface TransformContext {
  /** ISO-8601 time of processing, the `@ingested` value (fixed in tests so output is reproducible). */
  readonly ingestedAt: string;
  readonly limits: TransformLimits;
  /** The VPC format configured for this log group, if any (the v2 default otherwise). */
  readonly vpcFormat?: VpcFormat;
}

export type SkipReason = 'empty_message' | 'vpc_header_line' | string;

export type TransformResult =
  | { readonly kind: 'ok'; readonly docs: DocBody[] }
  | { readonly kind: 'skip'; readonly reason: SkipReason }
  | { readonly kind: 'invalid'; readonly error: TransformError };

/**
 * A log type plug-in: pure, synchronous and total. It never throws; bad input becomes `invalid`.
 *
 * @example
 * ```ts
 * const result = vpcflowTransformer.transform(event, source, context);
 * if (result.kind === 'ok') index(result.docs);
 * ```
 */
export interface Transformer {
  readonly id: LogType;
  /**
   * Fallback routing: does this event look like this type? Checked in registry order. The context
   * carries what configuration says of the log group (a VPC format), so sniffing can use it.
   */
  matches(event: LogEvent, source: LogSource, context?: TransformContext): boolean;
  transform(event: LogEvent, source: LogSource, context: TransformContext): TransformResult;
  /** The type-specific fields this transformer writes (dotted paths), for the field table. */
  readonly fields: readonly FieldSpec[];
}

export type FieldType =
  | 'date'
  | 'keyword'
  | 'text'
  | 'long'
  | 'integer'
  | 'short'
  | 'double'
  | 'boolean'
  | 'ip'
  | 'object';

/** One row of the field table: the single source for index templates, dashboards and warehouse schemas. */
export interface FieldSpec {
  /** Dotted path, e.g. `vpc.srcaddr`. */
  readonly name: string;
  readonly type: FieldType;
  readonly description: string;
}
