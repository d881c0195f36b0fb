import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  ResourceInUseException,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ConfigError } from '../../core';

export interface KinesisClientOptions {
  /** A local Kinesis (kinesalite, moto); absent means the real AWS endpoint for the region. */
  readonly endpoint?: string;
  readonly region?: string;
}

/**
 * A Kinesis client. Against a local endpoint it speaks HTTP/1.1 (SDK v3's default handler for
 * Kinesis is HTTP/2, which kinesalite and moto do not serve) with dummy credentials.
 *
 * @example
 * ```ts
 * const client = kinesisClient({ endpoint: 'http://127.0.0.1:4567' });
 * ```
 */
export const kinesisClient = (options: KinesisClientOptions = {}): KinesisClient => {
  const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  if (options.endpoint === undefined) return new KinesisClient({ region });
  return new KinesisClient({
    region,
    endpoint: options.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 30_000 }),
    // The SDK retries resets and 5xx; throttling is left to the poller's own backoff as well.
    maxAttempts: 3,
  });
};

/**
 * Creates a stream (an existing one is fine) and waits until it is ACTIVE.
 *
 * @example
 * ```ts
 * await ensureStream(client, 'cwlpipe-local', 2);
 * ```
 */
export const ensureStream = async (
  client: KinesisClient,
  streamName: string,
  shardCount: number,
  timeoutMs = 30_000,
): Promise<void> => {
  try {
    await client.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: shardCount }));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitForStreamActive(client, streamName, timeoutMs);
};

/** Polls until the stream is ACTIVE (after creation or resharding). */
export const waitForStreamActive = async (
  client: KinesisClient,
  streamName: string,
  timeoutMs = 30_000,
): Promise<void> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { StreamDescriptionSummary } = await client.send(
      new DescribeStreamSummaryCommand({ StreamName: streamName }),
    );
    if (StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
    if (Date.now() > until) {
      throw new ConfigError(
        'stream_not_active',
        `The Kinesis stream ${streamName} did not become ACTIVE within ${timeoutMs} ms.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
