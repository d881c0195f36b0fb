import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { ArchiveFailure, PayloadArchive, ReceivedPayload } from '../../core';
import { type ArchiveLocation, archiveKey } from './layout';

const PARALLEL_PUTS = 8;

/**
 * The raw archive in S3: one object per payload as received, named by the shared layout (the hour of
 * receipt and the payload's hash), so writing a retried batch again overwrites the same objects. Each
 * payload's write is judged on its own: one refused PutObject fails only its record. The S3 SDK is loaded
 * on the first write, so a consumer without an archive never pays for it at cold start.
 *
 * @example
 * ```ts
 * const archive = new S3PayloadArchive(parseArchiveUri('s3://logs-archive/raw'));
 * const { failed } = await archive.write([{ data: gzipEnvelope, receivedAt: arrival }]);
 * ```
 */
export class S3PayloadArchive implements PayloadArchive {
  public readonly id = 's3-archive';
  private client: Promise<S3Client> | undefined;

  public constructor(
    public readonly location: ArchiveLocation,
    private readonly makeClient: () => Promise<S3Client> = () => archiveS3Client(process.env),
  ) {}

  public async write(
    payloads: readonly ReceivedPayload[],
  ): Promise<{ readonly failed: readonly ArchiveFailure[] }> {
    this.client ??= this.makeClient();
    const client = await this.client;
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    const failed: ArchiveFailure[] = [];
    for (let start = 0; start < payloads.length; start += PARALLEL_PUTS) {
      const outcomes = await Promise.allSettled(
        payloads.slice(start, start + PARALLEL_PUTS).map((payload) =>
          client.send(
            new PutObjectCommand({
              Bucket: this.location.bucket,
              Key: archiveKey(this.location, payload.data, payload.receivedAt),
              Body: payload.data,
              ContentType: 'application/json',
              ContentEncoding: 'gzip',
            }),
          ),
        ),
      );
      for (const [offset, outcome] of outcomes.entries())
        if (outcome.status === 'rejected')
          failed.push({ index: start + offset, code: codeOf(outcome.reason) });
    }
    return { failed };
  }
}

/**
 * An S3 client for the archive, its writer and its reader: bounded request times (a hung PutObject must not
 * carry an invocation past its end) and, with a custom endpoint (`AWS_ENDPOINT_URL_S3`, e.g. moto or MinIO),
 * path-style addresses. `overrides` adjust it (the backfill retries adaptively, having no deadline).
 *
 * @example
 * ```ts
 * const s3 = await archiveS3Client(process.env, { maxAttempts: 8, retryMode: 'adaptive' });
 * ```
 */
export const archiveS3Client = async (
  env: NodeJS.ProcessEnv,
  overrides: Partial<S3ClientConfig> = {},
): Promise<S3Client> => {
  const [{ S3Client }, { NodeHttpHandler }] = await Promise.all([
    import('@aws-sdk/client-s3'),
    import('@smithy/node-http-handler'),
  ]);
  return new S3Client({
    forcePathStyle: (env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL) !== undefined,
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 20_000 }),
    maxAttempts: 4,
    ...overrides,
  });
};

/** An S3 error's name (`NoSuchBucket`, `AccessDenied`, `TimeoutError`…), or `s3_error`. */
const codeOf = (error: unknown): string => {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name) ? name : 's3_error';
};
