import type { DocBody, PipelineDoc } from '../../core';
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

export interface ChunkLimits {
  /** At most this many documents per request. */
  readonly maxDocs: number;
  /** At most this many body bytes (before compression) per request; a larger document goes alone. */
  readonly maxBytes: number;
}

/**
 * Encodes one document with the `create` action: a replayed or retried document answers 409 instead
 * of being written twice. The index is the event's UTC day; the `_id` is the CloudWatch Logs event id.
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
): BulkItem => {
  const body = options.body ?? doc.body;
  const index =
    options.index ?? indexNameFor(doc.type, body['@timestamp'], { prefix: options.prefix ?? 'cwl' });
  const id = body['@id'];
  const lines = `${JSON.stringify({ create: { _index: index, _id: id } })}\n${JSON.stringify(body)}\n`;
  return { doc, index, id, body, lines, bytes: Buffer.byteLength(lines, 'utf8') };
};

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
