/** One subscription payload as received: CloudWatch Logs' gzip envelope and when it arrived. */
export interface ReceivedPayload {
  readonly data: Uint8Array;
  /** A Kinesis record's ApproximateArrivalTimestamp (kept by a retried batch), else the time of receipt. */
  readonly receivedAt: Date;
}

/** A payload the archive did not write: its position in the call and a short, low-cardinality reason. */
export interface ArchiveFailure {
  readonly index: number;
  readonly code: string;
}

/**
 * Where every payload is kept as received, before anything is decoded (the raw archive), so history can be
 * rebuilt long after the search cluster's retention. The engine writes a batch's payloads first; a payload
 * not written fails its record, which is retried, because an archive with holes cannot rebuild history.
 *
 * @example
 * ```ts
 * const { failed } = await archive.write([{ data: gzipEnvelope, receivedAt: new Date() }]); // [] or [{ index: 0, code: 'NoSuchBucket' }]
 * ```
 */
export interface PayloadArchive {
  readonly id: string;
  /**
   * Writes every payload; resolves with the positions of those not written and why (`NoSuchBucket`,
   * `AccessDenied`…). Never throws for a payload's sake.
   */
  write(payloads: readonly ReceivedPayload[]): Promise<{ readonly failed: readonly ArchiveFailure[] }>;
}
