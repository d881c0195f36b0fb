import { createHash } from 'node:crypto';
import { ArchiveAddressError, ArchiveRangeError } from './errors';

/**
 * The raw archive's layout, defined once for the writer and the reader:
 * `PREFIX/YYYY/MM/DD/HH/<sha256 of the payload>.gz`, the hour being the UTC hour the payload was
 * received (a Kinesis record's arrival time, which a retried batch keeps). The name is the payload's
 * content hash, so a retried batch writes the same keys again and overwrites rather than duplicates.
 * Payloads are stored as received: CloudWatch Logs' gzip envelope, never re-encoded.
 */

/** Where an archive lives: a bucket and a key prefix without leading or trailing slash ('' for the root). */
export interface ArchiveLocation {
  readonly bucket: string;
  readonly prefix: string;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const HOUR_MS = 3_600_000;

/**
 * Reads `s3://bucket[/prefix]`.
 *
 * @example
 * ```ts
 * parseArchiveUri('s3://logs-archive/cwlpipe/'); // { bucket: 'logs-archive', prefix: 'cwlpipe' }
 * ```
 */
export const parseArchiveUri = (uri: string): ArchiveLocation => {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri.trim());
  if (!match) {
    throw new ArchiveAddressError(`archive address "${uri}" is not of the form s3://bucket[/prefix]`);
  }
  const bucket = match[1] ?? '';
  if (!BUCKET_NAME.test(bucket)) {
    throw new ArchiveAddressError(`archive address "${uri}": "${bucket}" is not a valid S3 bucket name`);
  }
  return { bucket, prefix: (match[2] ?? '').replace(/^\/+|\/+$/g, '') };
};

const pad = (value: number): string => String(value).padStart(2, '0');

/** The key prefix of one UTC hour, ending in `/`: `cwlpipe/2024/05/01/13/`. */
export const hourPrefix = (location: ArchiveLocation, hour: Date): string => {
  const path = `${hour.getUTCFullYear()}/${pad(hour.getUTCMonth() + 1)}/${pad(hour.getUTCDate())}/${pad(hour.getUTCHours())}/`;
  return location.prefix ? `${location.prefix}/${path}` : path;
};

/**
 * The object key of one payload: its hour of receipt and its content hash.
 *
 * @example
 * ```ts
 * archiveKey({ bucket: 'b', prefix: 'raw' }, gzipEnvelope, new Date('2024-05-01T13:20:00Z'));
 * // 'raw/2024/05/01/13/9f86d0…15.gz'
 * ```
 */
export const archiveKey = (location: ArchiveLocation, payload: Uint8Array, receivedAt: Date): string => {
  const digest = createHash('sha256').update(payload).digest('hex');
  return `${hourPrefix(location, receivedAt)}${digest}.gz`;
};

/**
 * The hour prefixes a reader lists for `[from, to)`: every UTC hour that overlaps the range.
 *
 * @example
 * ```ts
 * hourPrefixes(location, new Date('2024-05-01T00:30Z'), new Date('2024-05-01T02:00Z')); // …/00/, …/01/
 * ```
 */
export const hourPrefixes = (location: ArchiveLocation, from: Date, to: Date): string[] => {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
    throw new ArchiveRangeError('archive range: --from and --to must be dates (ISO 8601)');
  }
  if (to.getTime() <= from.getTime()) {
    throw new ArchiveRangeError(
      `archive range: --to (${to.toISOString()}) must be after --from (${from.toISOString()})`,
    );
  }
  const prefixes: string[] = [];
  for (let at = Math.floor(from.getTime() / HOUR_MS) * HOUR_MS; at < to.getTime(); at += HOUR_MS) {
    prefixes.push(hourPrefix(location, new Date(at)));
  }
  return prefixes;
};
