import type { PayloadArchive } from '../../core';
import { ArchiveAddressError } from './errors';
import { type ArchiveLocation, parseArchiveUri } from './layout';
import { archiveS3Client, S3PayloadArchive } from './s3-archive';

/** The variables that turn the raw archive on. */
export const ARCHIVE_ENV = { bucket: 'CWLPIPE_ARCHIVE_BUCKET', prefix: 'CWLPIPE_ARCHIVE_PREFIX' } as const;

/** Where payloads go under the bucket unless `CWLPIPE_ARCHIVE_PREFIX` or an `s3://` address says otherwise. */
export const DEFAULT_ARCHIVE_PREFIX = 'raw';

/**
 * The archive's location from the environment: `CWLPIPE_ARCHIVE_BUCKET` (a bucket name, or a whole
 * `s3://bucket/prefix` address) and `CWLPIPE_ARCHIVE_PREFIX` (default `raw`); undefined when unset. A
 * mistake throws an {@link ArchiveAddressError} naming the variable.
 *
 * @example
 * ```ts
 * archiveLocationFromEnv({ CWLPIPE_ARCHIVE_BUCKET: 'logs-archive' }); // { bucket: 'logs-archive', prefix: 'raw' }
 * ```
 */
export const archiveLocationFromEnv = (env: NodeJS.ProcessEnv): ArchiveLocation | undefined => {
  const bucket = env[ARCHIVE_ENV.bucket]?.trim() ?? '';
  const prefix = env[ARCHIVE_ENV.prefix]?.trim();
  if (bucket === '') {
    if (prefix !== undefined && prefix !== '')
      throw new ArchiveAddressError(
        `${ARCHIVE_ENV.prefix} is set but ${ARCHIVE_ENV.bucket} is not: name the bucket.`,
      );
    return undefined;
  }
  const address = bucket.startsWith('s3://') ? bucket : `s3://${bucket}/${prefix ?? DEFAULT_ARCHIVE_PREFIX}`;
  if (bucket.startsWith('s3://') && prefix !== undefined && prefix !== '') {
    throw new ArchiveAddressError(
      `${ARCHIVE_ENV.bucket} is a whole address (${bucket}); leave ${ARCHIVE_ENV.prefix} unset or give the bucket's name alone.`,
    );
  }
  try {
    return parseArchiveUri(address);
  } catch (error) {
    throw new ArchiveAddressError(`${ARCHIVE_ENV.bucket}: ${(error as Error).message}`);
  }
};

/**
 * The raw archive the consumers write to, or undefined when `CWLPIPE_ARCHIVE_BUCKET` is unset.
 *
 * @example
 * ```ts
 * const archive = payloadArchiveFromEnv(process.env); // S3PayloadArchive for s3://logs-archive/raw
 * ```
 */
export const payloadArchiveFromEnv = (env: NodeJS.ProcessEnv): PayloadArchive | undefined => {
  const location = archiveLocationFromEnv(env);
  return location === undefined ? undefined : new S3PayloadArchive(location, () => archiveS3Client(env));
};
