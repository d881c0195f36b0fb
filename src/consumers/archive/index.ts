// The raw archive as the sources see it: the connector floor's layout and writer, and the reader here.
export {
  ArchiveAddressError,
  ArchiveError,
  type ArchiveLocation,
  ArchiveRangeError,
  archiveKey,
  archiveLocationFromEnv,
  archiveS3Client,
  hourPrefix,
  hourPrefixes,
  parseArchiveUri,
  S3PayloadArchive,
} from '../../connectors';
export type { ReceivedPayload } from '../../core';
export { type ArchiveObject, archiveKeys, readArchiveObject } from './reader';
