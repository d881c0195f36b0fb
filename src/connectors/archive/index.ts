export {
  ARCHIVE_ENV,
  archiveLocationFromEnv,
  DEFAULT_ARCHIVE_PREFIX,
  payloadArchiveFromEnv,
} from './config';
export { ArchiveAddressError, ArchiveError, ArchiveRangeError } from './errors';
export { type ArchiveLocation, archiveKey, hourPrefix, hourPrefixes, parseArchiveUri } from './layout';
export { archiveS3Client, S3PayloadArchive } from './s3-archive';
