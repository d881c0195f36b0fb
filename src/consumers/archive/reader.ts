import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { type ArchiveLocation, hourPrefixes } from '../../connectors';

/** One archive object: its key and its bytes as stored (one or more gzip envelopes). */
export interface ArchiveObject {
  readonly key: string;
  readonly bytes: Uint8Array;
}

/**
 * Every object key of the archive under the hours overlapping `[from, to)`, in key order, hour by hour.
 *
 * @example
 * ```ts
 * for await (const key of archiveKeys(s3, location, from, to)) console.log(key);
 * ```
 */
export async function* archiveKeys(
  client: S3Client,
  location: ArchiveLocation,
  from: Date,
  to: Date,
): AsyncGenerator<string> {
  for (const prefix of hourPrefixes(location, from, to)) {
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: location.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key !== undefined) yield object.Key;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }
}

/**
 * Reads one archive object's bytes as stored (S3 is not asked to decode them).
 *
 * @example
 * ```ts
 * const { bytes } = await readArchiveObject(s3, location, key);
 * ```
 */
export const readArchiveObject = async (
  client: S3Client,
  location: ArchiveLocation,
  key: string,
): Promise<ArchiveObject> => {
  const answer = await client.send(new GetObjectCommand({ Bucket: location.bucket, Key: key }));
  const bytes = answer.Body === undefined ? new Uint8Array() : await answer.Body.transformToByteArray();
  return { key, bytes };
};
