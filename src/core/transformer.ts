import type { TransformError } from './errors';
import type { DocBody, LogEvent, LogSource, LogType } from './records';

/** Limits that keep one hostile event from exploding memory or the index mapping. */
export interface TransformLimits {
  /** `@message` is cut to this many UTF-16 code units (a marker says so). */
  readonly maxMessageChars: number;
  /** JSON nesting deeper than this is kept as a JSON string. */
  readonly maxJsonDepth: number;
  /** At most this many JSON leaf fields per document; the rest is kept as a JSON string. */
  readonly maxJsonFields: number;
  /**
   * A time read from the message (VPC `start`, CloudTrail `eventTime`, a runtime line's time) more than this
   * many days before the CloudWatch Logs event timestamp is not used for `@timestamp` (default 30, the
   * default retention).
   */
  readonly maxEventAgeDays?: number;
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
  /**
   * Keep `@message` even where every part of the line became a field (VPC records, CloudTrail records,
   * Lambda platform lines); the log group's `preserveOriginal`. Where the line is the content, or was not
   * read whole, `@message` is kept whatever this says.
   */
  readonly preserveOriginal?: boolean;
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
   * Its documents may leave `@message` out: where a line is read whole (every part became a field) the raw
   * line is dropped unless the log group sets `preserveOriginal`. Leave it unset where the line is the
   * content (`json`, `text`): `@message` is then always kept, and the contract test holds the type to it.
   */
  readonly mayOmitMessage?: boolean;
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
  /**
   * A keyword whose values a person or a program writes freely (a user agent, an S3 object key, the text
   * before a JSON payload): the privacy stage reads it as it reads `text` and `object` fields. Other
   * keywords are identifiers and enumerations, which it leaves alone with addresses, numbers, times and flags.
   */
  readonly freeText?: true;
}

/** One row of the field table, with the log type that writes it (`common` for every type). */
export interface FieldRow extends FieldSpec {
  readonly logType: LogType | 'common';
}

/**
 * The field table with the list of log types: what connectors need to build index templates, dashboards
 * and warehouse schemas, handed to them so they never import the transformers.
 *
 * @example
 * ```ts
 * const catalog: FieldCatalog = { logTypes: ['vpcflow', 'text'], rows: [{ name: 'vpc.srcaddr', type: 'ip', description: '…', logType: 'vpcflow' }] };
 * ```
 */
export interface FieldCatalog {
  /** Every registered log type, in registry order. */
  readonly logTypes: readonly LogType[];
  readonly rows: readonly FieldRow[];
}

/**
 * The rows a document of one type can carry: the common fields plus its own.
 *
 * @example
 * ```ts
 * fieldsOfType(catalog, 'vpcflow').map((row) => row.name); // ['@timestamp', …, 'vpc.srcaddr', …]
 * ```
 */
export const fieldsOfType = (catalog: FieldCatalog, type: LogType): FieldRow[] =>
  catalog.rows.filter((row) => row.logType === 'common' || row.logType === type);
