import { PipelineError } from '../../core';

/** The replay area's error base: what was wrong with the files or the stream, named for the user. */
export class ReplayError extends PipelineError {
  public constructor(code: string, message: string) {
    super('deliver', code, message);
    this.name = 'ReplayError';
  }
}

/** The stream named does not exist (or is not visible with these credentials and region). */
export class StreamMissingError extends ReplayError {
  public constructor(message: string) {
    super('stream_missing', message);
    this.name = 'StreamMissingError';
  }
}

/** The service kept refusing some records after every retry, or a record is above its limit. */
export class RecordsRefusedError extends ReplayError {
  public constructor(message: string) {
    super('records_refused', message);
    this.name = 'RecordsRefusedError';
  }
}
