import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../core';

/** A kinesalite server running inside this process. */
export interface LocalKinesis {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  close(): Promise<void>;
}

export interface LocalKinesisOptions {
  /** Most shards the whole server may hold (kinesalite's default is 10). */
  readonly shardLimit?: number;
  /** 0 picks a free port. */
  readonly port?: number;
}

/**
 * Starts kinesalite in-process on 127.0.0.1 (in memory; streams become ACTIVE at once).
 *
 * @example
 * ```ts
 * const kinesis = await startLocalKinesis();
 * const client = kinesisClient({ endpoint: kinesis.endpoint }); // from consumers/poller
 * await kinesis.close();
 * ```
 */
export const startLocalKinesis = async (options: LocalKinesisOptions = {}): Promise<LocalKinesis> => {
  const kinesalite = loadKinesalite();
  const server = kinesalite({
    createStreamMs: 0,
    deleteStreamMs: 0,
    updateStreamMs: 0,
    shardLimit: options.shardLimit ?? 50,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  // Idle client sockets outlive Node's 5 s default; a socket closed under a request would be a reset.
  server.keepAliveTimeout = 65_000;
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
};

/**
 * Fails early, with one clear line, where kinesalite is not installed (a package installed without its
 * development dependencies), before anything slower is started.
 *
 * @example
 * ```ts
 * ensureKinesaliteInstalled(); // throws a ConfigError naming the fix, or returns
 * ```
 */
export const ensureKinesaliteInstalled = (): void => {
  loadKinesalite();
};

/** kinesalite is a development dependency: a clear line, not a stack trace, where it is not installed. */
const loadKinesalite = (): ((options: Record<string, unknown>) => Server) => {
  try {
    // kinesalite has no types; its factory returns a plain node:http server.
    return require('kinesalite') as (options: Record<string, unknown>) => Server;
  } catch (error) {
    throw new ConfigError(
      'kinesalite_missing',
      'The embedded Kinesis needs kinesalite, a development dependency: run `npm install` in the cwlpipe checkout, or pass --kinesis-endpoint or --stream.',
      { cause: error },
    );
  }
};
