import { gunzipSync } from 'node:zlib';
import { isGzip } from './decode';

/**
 * Splits text holding JSON objects back to back (`{…}{…}`, or one a line) into the text of each, as
 * Firehose writes records to S3 without a delimiter. Linear in the text; only the nesting and strings are
 * followed, so each piece is parsed once, later, by whoever reads it. Returns `undefined` when the text is
 * not objects back to back (a single other value, or something between objects). An object left open at the
 * end comes back as the last piece, so that the reader sets it aside with its reason instead of losing it.
 *
 * @example
 * ```ts
 * splitJsonObjects('{"a":1}{"b":"}"}\n{"c":[2]}'); // ['{"a":1}', '{"b":"}"}', '{"c":[2]}']
 * ```
 */
export const splitJsonObjects = (text: string): string[] | undefined => {
  const pieces: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (depth === 0) {
      if (c === OPEN_BRACE) {
        start = i;
        depth = 1;
      } else if (!isWhitespace(c)) return undefined;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) pieces.push(text.slice(start, i + 1));
    }
  }
  if (depth > 0) pieces.push(text.slice(start));
  return pieces;
};

/**
 * The envelopes an archive object or file holds, each as its own JSON text: several gzip members back to
 * back (Firehose's S3 objects, concatenated records), or several envelopes in one member or in plain text.
 * `undefined` when it holds one envelope or is not readable this way: the caller then reads it as one
 * record, and decoding reports what is wrong with it (corrupt gzip, a bomb, invalid JSON) as for any record.
 *
 * @example
 * ```ts
 * const pieces = envelopesOf(readFileSync('firehose-object'), 64 * 1024 * 1024); // ['{"messageType":…}', …]
 * ```
 */
export const envelopesOf = (bytes: Uint8Array, maxGunzipBytes: number): string[] | undefined => {
  let text: string;
  try {
    // Node's gunzip reads every member of a multi-member stream, not only the first.
    text = (
      isGzip(bytes) ? gunzipSync(bytes, { maxOutputLength: maxGunzipBytes }) : Buffer.from(bytes)
    ).toString('utf8');
  } catch {
    return undefined;
  }
  const pieces = splitJsonObjects(text);
  // Events (Kinesis, Firehose) back to back are not an archive object: the caller names what the file is.
  return pieces !== undefined && pieces.length > 1 && pieces[0]?.includes('"messageType"')
    ? pieces
    : undefined;
};

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

const isWhitespace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
