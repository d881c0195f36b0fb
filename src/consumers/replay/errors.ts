/** The replay area's error base: what was wrong with the files or the stream, named for the user. */
export class ReplayError extends Error {
  public override readonly name: string = 'ReplayError';
}

/** The stream named does not exist (or is not visible with these credentials and region). */
export class StreamMissingError extends ReplayError {
  public override readonly name = 'StreamMissingError';
}

/** Kinesis kept refusing some records after every retry. */
export class RecordsRefusedError extends ReplayError {
  public override readonly name = 'RecordsRefusedError';
}
