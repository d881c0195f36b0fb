export { ArchiveAddressError, ArchiveError, ArchiveRangeError } from './errors';
export { type ArchiveLocation, archiveKey, hourPrefix, hourPrefixes, parseArchiveUri } from './layout';
export { type ArchiveObject, archiveKeys, readArchiveObject } from './reader';
export { type ArchiveWriteReport, type ReceivedPayload, writeToArchive } from './writer';
