import { EventEmitter } from 'node:events';
import type { Client, ClientOptions } from '@opensearch-project/opensearch';
import { onFirstUse } from '../../core';
import { clientOptionsOf } from './client';
import type { OpenSearchConfig } from './config';

/**
 * What delivering documents uses of an OpenSearch client: `_bulk`, the transport (setup's and the health
 * check's requests) and `close`. The full client (client.ts) is one of these too.
 */
export type OpenSearchTransportClient = Pick<Client, 'bulk' | 'transport' | 'close'>;

/**
 * The official client's transport, connection pool, connection and serializer, with its own `bulk`
 * function, built as its `Client` builds them (same defaults, same options, SigV4 the same way) but
 * without the client's API surface: its 530 API modules are 200 kB of a handler bundle that only sends
 * `_bulk` and a few plain requests, and were most of its cold import (`npm run footprint`). Built on first
 * use, as the full client is.
 *
 * @example
 * ```ts
 * const client = createTransportClient(openSearchConfigFromEnv());
 * await client.bulk({ body: ndjson }, { compression: 'gzip' });
 * ```
 */
export const createTransportClient = (
  config: OpenSearchConfig,
  options: { compression?: boolean } = {},
): OpenSearchTransportClient => onFirstUse(() => buildTransportClient(clientOptionsOf(config, options)));

/** The library's modules this client is made of, required on first use only (see client.ts). */
const library = () => ({
  Transport: require('@opensearch-project/opensearch/lib/Transport.js') as OpenSearchLibrary['Transport'],
  Connection: require('@opensearch-project/opensearch/lib/Connection.js') as OpenSearchLibrary['Connection'],
  ConnectionPool: (
    require('@opensearch-project/opensearch/lib/pool/index.js') as Pick<OpenSearchLibrary, 'ConnectionPool'>
  ).ConnectionPool,
  Serializer: require('@opensearch-project/opensearch/lib/Serializer.js') as OpenSearchLibrary['Serializer'],
  ConfigurationError: (require('@opensearch-project/opensearch/lib/errors.js') as OpenSearchLibrary['errors'])
    .ConfigurationError,
  bulk: require('@opensearch-project/opensearch/api/_core/bulk.js') as BulkFunction,
  kConfigErr: (require('@opensearch-project/opensearch/api/utils.js') as { kConfigErr: symbol }).kConfigErr,
});

/** The types of the modules the library's index re-exports (a type only: nothing is loaded for it). */
type OpenSearchLibrary = typeof import('@opensearch-project/opensearch');

type BulkFunction = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Mirrors the official `Client` constructor (lib/Client.js, 3.x) for one node and no cloud id: its
 * defaults under the options, the node URL's credentials as `auth`, the API-versioning header, then the
 * serializer, connection pool and transport from the same options. `bulk` is the library's own API
 * function, bound to this object as the client binds it.
 */
export const buildTransportClient = (opts: ClientOptions): OpenSearchTransportClient => {
  const lib = library();
  const options = withClientDefaults(lib, opts);
  if (typeof options.node !== 'string')
    throw new lib.ConfigurationError('The transport client takes exactly one node URL.');
  if (process.env.OPENSEARCH_CLIENT_APIVERSIONING === 'true')
    (options as { headers: unknown }).headers = {
      accept: 'application/vnd.opensearch+json; compatible-with=7',
      ...options.headers,
    };
  const events = new EventEmitter();
  const emit = events.emit.bind(events);
  const serializer = new (options.Serializer as typeof lib.Serializer)({
    disablePrototypePoisoningProtection: options.disablePrototypePoisoningProtection,
    enableLongNumeralSupport: options.enableLongNumeralSupport,
  } as never);
  const connectionPool = connectionPoolOf(lib, options, emit);
  connectionPool.addConnection(options.node);
  const transport = transportOf(lib, options, { emit, connectionPool, serializer });
  const client = {
    [lib.kConfigErr]: lib.ConfigurationError,
    transport,
    close: (): Promise<void> => new Promise((resolve) => connectionPool.empty(() => resolve())),
  } as unknown as OpenSearchTransportClient & { bulk: unknown };
  client.bulk = lib.bulk.bind(client) as never;
  return client;
};

type Library = ReturnType<typeof library>;
type Options = Record<string, never> & ClientOptions;
type Emit = (event: string | symbol, ...args: unknown[]) => boolean;

/** The client's defaults (lib/Client.js) under the options, then the node URL's credentials. */
const withClientDefaults = (lib: Library, opts: ClientOptions): Options =>
  ({
    Connection: lib.Connection,
    Transport: lib.Transport,
    Serializer: lib.Serializer,
    ConnectionPool: lib.ConnectionPool,
    maxRetries: 3,
    requestTimeout: 30000,
    pingTimeout: 3000,
    sniffInterval: false,
    sniffOnStart: false,
    sniffEndpoint: '_nodes/_all/http',
    sniffOnConnectionFault: false,
    resurrectStrategy: 'ping',
    suggestCompression: false,
    compression: false,
    ssl: null,
    agent: null,
    headers: {},
    nodeFilter: null,
    nodeSelector: 'round-robin',
    generateRequestId: null,
    name: 'opensearch-js',
    auth: null,
    opaqueIdPrefix: null,
    context: null,
    proxy: null,
    enableMetaHeader: true,
    disablePrototypePoisoningProtection: false,
    enableLongNumeralSupport: false,
    ...opts,
    ...credentialsOf(opts),
  }) as Options;

/** The connection pool, from the options as the client hands them over. */
const connectionPoolOf = (lib: Library, options: Options, emit: Emit) =>
  new (options.ConnectionPool as typeof lib.ConnectionPool)({
    pingTimeout: options.pingTimeout,
    resurrectStrategy: options.resurrectStrategy,
    ssl: options.ssl,
    agent: options.agent,
    proxy: options.proxy,
    Connection: options.Connection,
    auth: options.auth,
    emit,
    sniffEnabled:
      options.sniffInterval !== false ||
      options.sniffOnStart !== false ||
      options.sniffOnConnectionFault !== false,
  } as never);

/** The transport, from the options as the client hands them over. */
const transportOf = (
  lib: Library,
  options: Options,
  parts: { emit: Emit; connectionPool: unknown; serializer: unknown },
) =>
  new (options.Transport as typeof lib.Transport)({
    ...parts,
    maxRetries: options.maxRetries,
    requestTimeout: options.requestTimeout,
    sniffInterval: options.sniffInterval,
    sniffOnStart: options.sniffOnStart,
    sniffOnConnectionFault: options.sniffOnConnectionFault,
    sniffEndpoint: options.sniffEndpoint,
    suggestCompression: options.suggestCompression,
    compression: options.compression,
    headers: options.headers,
    nodeFilter: options.nodeFilter,
    nodeSelector: options.nodeSelector,
    generateRequestId: options.generateRequestId,
    name: options.name,
    opaqueIdPrefix: options.opaqueIdPrefix,
    context: options.context,
    memoryCircuitBreaker: options.memoryCircuitBreaker,
    auth: options.auth,
  } as never);

/** The user name and password of a node URL, as the client reads them into `auth`. */
const credentialsOf = (opts: ClientOptions): { auth?: { username: string; password: string } } => {
  if (typeof opts.node !== 'string') return {};
  const { username, password } = new URL(opts.node);
  if (username === '' || password === '') return {};
  return {
    auth: {
      ...(opts.auth as object | undefined),
      username: decodeURIComponent(username),
      password: decodeURIComponent(password),
    },
  };
};
