/** The raw archive's error base: what was wrong with an archive address or range, named for the user. */
export class ArchiveError extends Error {
  public override readonly name: string = 'ArchiveError';
}

/** An archive address that is not `s3://bucket[/prefix]`. */
export class ArchiveAddressError extends ArchiveError {
  public override readonly name = 'ArchiveAddressError';
}

/** A time range that is empty, reversed or not a date. */
export class ArchiveRangeError extends ArchiveError {
  public override readonly name = 'ArchiveRangeError';
}
