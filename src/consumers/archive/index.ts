export { ArchiveAddressError, ArchiveError, ArchiveRangeError } from './errors';
export { type ArchiveLocation, archiveKey, hourPrefix, hourPrefixes, parseArchiveUri } from './layout';
