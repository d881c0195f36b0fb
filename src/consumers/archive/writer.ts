import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type ArchiveLocation, archiveKey } from './layout';

/** One subscription payload as received: CloudWatch Logs' gzip envelope and when it arrived. */
export interface ReceivedPayload {
  readonly data: Uint8Array;
  /** A Kinesis record's ApproximateArrivalTimestamp (kept by a retried batch), else the time of receipt. */
  readonly receivedAt: Date;
}

/** What one archive write did. */
export interface ArchiveWriteReport {
  readonly written: number;
  readonly keys: readonly string[];
}

const PARALLEL_PUTS = 8;

/**
 * Writes every payload as received to the raw archive, one object each, named by the shared layout
 * (so writing a retried batch again overwrites the same objects). Throws on the first refused write:
 * the caller must then fail the batch so that it is retried, since an archive with holes cannot
 * rebuild history.
 *
 * @example
 * ```ts
 * await writeToArchive(new S3Client({}), parseArchiveUri('s3://logs-archive/raw'), [{ data, receivedAt }]);
 * ```
 */
export const writeToArchive = async (
  client: S3Client,
  location: ArchiveLocation,
  payloads: readonly ReceivedPayload[],
): Promise<ArchiveWriteReport> => {
  const keys = payloads.map((payload) => archiveKey(location, payload.data, payload.receivedAt));
  for (let start = 0; start < payloads.length; start += PARALLEL_PUTS) {
    await Promise.all(
      payloads.slice(start, start + PARALLEL_PUTS).map((payload, offset) =>
        client.send(
          new PutObjectCommand({
            Bucket: location.bucket,
            Key: keys[start + offset],
            Body: payload.data,
            ContentType: 'application/json',
            ContentEncoding: 'gzip',
          }),
        ),
      ),
    );
  }
  return { written: payloads.length, keys };
};
