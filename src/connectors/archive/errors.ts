import { ConfigError } from '../../core';

/** The raw archive's error base: what was wrong with an archive address or range, named for the user. */
export class ArchiveError extends ConfigError {
  public constructor(code: string, message: string) {
    super(code, message);
    this.name = 'ArchiveError';
  }
}

/** An archive address that is not `s3://bucket[/prefix]`. */
export class ArchiveAddressError extends ArchiveError {
  public constructor(message: string) {
    super('archive_address_invalid', message);
    this.name = 'ArchiveAddressError';
  }
}

/** A time range that is empty, reversed or not a date. */
export class ArchiveRangeError extends ArchiveError {
  public constructor(message: string) {
    super('archive_range_invalid', message);
    this.name = 'ArchiveRangeError';
  }
}
