import type { DocBody, PipelineDoc } from '../../core';
import { OPENSEARCH_DEFAULTS } from './config';
import { indexNameFor } from './index-name';

/**
 * One document ready for `_bulk`: where it goes, under which `_id`, and its two NDJSON lines.
 * `body` may differ from `doc.body` once conflicting values were moved aside (see conflicts.ts);
 * `doc` is always the document the connector was handed, so failures map back to their record.
 *
 * @example
 * ```ts
 * const item = encodeBulkItem(doc); // { index: 'cwl-vpcflow-2024.05.01', id: doc.body['@id'], lines: '{"create":…}\n{…}\n', … }
 * ```
 */
export interface BulkItem {
  readonly doc: PipelineDoc;
  readonly index: string;
  readonly id: string;
  readonly body: DocBody;
  /** The action line and the source line, each ending in `\n`. */
  readonly lines: string;
  /** UTF-8 length of `lines`. */
  readonly bytes: number;
}

/** The items of one `_bulk` request, in the order OpenSearch answers them; {@link bulkBody} builds its body. */
export interface BulkChunk<T extends BulkItem = BulkItem> {
  readonly items: readonly T[];
  /** UTF-8 length of the body before compression. */
  readonly bytes: number;
}

/**
 * The NDJSON body of a chunk, built only when it is sent.
 *
 * @example
 * ```ts
 * await client.bulk({ body: bulkBody(chunk) }, { compression: 'gzip' });
 * ```
 */
export const bulkBody = (chunk: BulkChunk): string => chunk.items.map((item) => item.lines).join('');

/**
 * The body of a chunk as the UTF-8 bytes sent (what gzip reads), written straight into one buffer of the
 * length the items already counted: no joined string in between.
 *
 * @example
 * ```ts
 * const body = bulkBodyBytes(chunk); // body.length === chunk.bytes
 * ```
 */
export const bulkBodyBytes = (chunk: BulkChunk): Buffer => {
  const body = Buffer.allocUnsafe(chunk.bytes);
  let offset = 0;
  for (const item of chunk.items) offset += body.write(item.lines, offset, 'utf8');
  return offset === body.length ? body : body.subarray(0, offset);
};

export interface ChunkLimits {
  /** At most this many documents per request. */
  readonly maxDocs: number;
  /** At most this many body bytes (before compression) per request; a larger document goes alone. */
  readonly maxBytes: number;
}

/**
 * Encodes one document with the `create` action: a replayed or retried document answers 409 instead
 * of being written twice. The index is the event's UTC day; the `_id` is the CloudWatch Logs event id.
 * A connector encodes with one {@link BulkEncoder}, which keeps the index names it has built; this is
 * the same encoding for one document.
 *
 * @example
 * ```ts
 * encodeBulkItem(doc, { prefix: 'cwl' }).lines;
 * // '{"create":{"_index":"cwl-json-2024.05.01","_id":"3791…"}}\n{"@timestamp":"2024-05-01T12:00:00.000Z",…}\n'
 * ```
 */
export const encodeBulkItem = (
  doc: PipelineDoc,
  options: { prefix?: string; body?: DocBody; index?: string } = {},
): BulkItem => new BulkEncoder(options.prefix).encode(doc, options.body, options.index);

// `@timestamp` as the transformers write it (`Date#toISOString` of a four-digit year): with a valid time
// of day, every such time of one date goes to the same index, so the index is kept per date. Anything
// else (an offset, an hour 24 or 99, a leap second) is read by `utcDay` the long way.
const CANONICAL_ISO = /^\d{4}-\d\d-\d\dT(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
/** Index names kept per encoder: a batch spans a few days of a few types; a hostile one cannot grow it past this. */
const MAX_CACHED_INDICES = 1024;

/**
 * Encodes documents into `_bulk` items for one index prefix, doing per (type, day) what does not
 * change per document: the sanitised index name and the action line's head are built once and kept.
 * Both the OpenSearch and the Elasticsearch connector (the same code) encode through this, and so does
 * the bench, so what is measured is what is sent.
 *
 * @example
 * ```ts
 * const encoder = new BulkEncoder('cwl');
 * const item = encoder.encode(doc); // item.index === 'cwl-vpcflow-2024.05.01'
 * ```
 */
export class BulkEncoder {
  private readonly prefix: string;
  /** `<type>\u0000<yyyy-MM-dd>` → the action line up to the `_id` value. */
  private readonly heads = new Map<string, CachedHead>();
  private last: CachedHead | undefined;

  public constructor(prefix: string = OPENSEARCH_DEFAULTS.indexPrefix) {
    this.prefix = prefix;
  }

  /**
   * One document's item; `body` (a body with conflicting values moved aside) and `index` (the index it
   * was first sent to) are given when a document is re-sent.
   */
  public encode(doc: PipelineDoc, body: DocBody = doc.body, index?: string): BulkItem {
    const target = index === undefined ? this.headOf(doc.type, body['@timestamp']) : headFor(index);
    const id = body['@id'];
    const lines = `${target.head}${JSON.stringify(id)}}}\n${JSON.stringify(body)}\n`;
    return { doc, index: target.index, id, body, lines, bytes: utf8Length(lines) };
  }

  private headOf(type: string, timestamp: unknown): { readonly index: string; readonly head: string } {
    if (typeof timestamp !== 'string' || !CANONICAL_ISO.test(timestamp))
      return headFor(indexNameFor(type, timestamp as string, { prefix: this.prefix }));
    // Documents come in runs of one type and day: the last one answers without building a key.
    const last = this.last;
    if (last !== undefined && type === last.type && timestamp.startsWith(last.day)) return last;
    const day = timestamp.slice(0, 10);
    const key = `${type}\u0000${day}`;
    let found = this.heads.get(key);
    if (found === undefined) {
      found = { type, day, ...headFor(indexNameFor(type, timestamp, { prefix: this.prefix })) };
      if (this.heads.size >= MAX_CACHED_INDICES) this.heads.clear();
      this.heads.set(key, found);
    }
    this.last = found;
    return found;
  }
}

interface CachedHead {
  readonly type: string;
  /** `yyyy-MM-dd`, the first ten characters of the `@timestamp` values that go to this index. */
  readonly day: string;
  readonly index: string;
  readonly head: string;
}

const headFor = (index: string): { readonly index: string; readonly head: string } => ({
  index,
  head: `{"create":{"_index":${JSON.stringify(index)},"_id":`,
});

/** UTF-8 length of a string: its length when every character is ASCII (log lines almost always are). */
const utf8Length = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * Cuts items into `_bulk` requests of at most `maxDocs` documents and `maxBytes` bytes, keeping their
 * order. A single document larger than `maxBytes` is sent alone rather than refused here: only the
 * cluster knows its real limit (`http.max_content_length`), and a 413 on one document is a rejection.
 *
 * @example
 * ```ts
 * chunkBulkItems(items, { maxDocs: 1000, maxBytes: 5 * 1024 * 1024 }).map((chunk) => chunk.items.length); // [1000, 1000, 417]
 * ```
 */
export const chunkBulkItems = <T extends BulkItem>(
  items: readonly T[],
  limits: ChunkLimits,
): BulkChunk<T>[] => [...streamChunks(items, limits)];

/**
 * {@link chunkBulkItems} one chunk at a time, pulling items only as each chunk is formed: the first
 * request can leave while the rest is still being encoded.
 *
 * @example
 * ```ts
 * for (const chunk of streamChunks(encodeLazily(docs), limits)) await send(chunk);
 * ```
 */
export function* streamChunks<T extends BulkItem>(
  items: Iterable<T>,
  limits: ChunkLimits,
): Generator<BulkChunk<T>> {
  const maxDocs = Math.max(1, Math.floor(limits.maxDocs));
  const maxBytes = Math.max(1, Math.floor(limits.maxBytes));
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    if (current.length >= maxDocs || (current.length > 0 && bytes + item.bytes > maxBytes)) {
      yield { items: current, bytes };
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.bytes;
  }
  if (current.length > 0) yield { items: current, bytes };
}

/**
 * Halves a chunk, for a request the cluster refused as too large or malformed: each half is retried
 * on its own until the one guilty document stands alone.
 *
 * @example
 * ```ts
 * splitChunk(chunk).map((half) => half.items.length); // [500, 500]
 * ```
 */
export const splitChunk = <T extends BulkItem>(chunk: BulkChunk<T>): BulkChunk<T>[] => {
  if (chunk.items.length <= 1) return [chunk];
  const middle = Math.ceil(chunk.items.length / 2);
  return [chunk.items.slice(0, middle), chunk.items.slice(middle)].flatMap((items) =>
    chunkBulkItems(items, { maxDocs: items.length, maxBytes: Number.MAX_SAFE_INTEGER }),
  );
};
