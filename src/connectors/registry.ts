import { ConfigError, type Connector, type DeadLetterSink, type DeadLetterStore } from '../core';
import { OpenSearchDeadLetterSink } from './deadletter/opensearch-sink';
import { OpenSearchLetterStore } from './deadletter/opensearch-store';
import { elasticsearchRegistration } from './elasticsearch';
import { ELASTICSEARCH_CLOUD_ID, elasticsearchConfigFromEnv } from './elasticsearch/config';
import { openSearchRegistration } from './opensearch';
import { createOpenSearchClient } from './opensearch/client';
import { type OpenSearchConfig, openSearchConfigFromEnv } from './opensearch/config';
import { createTransportClient } from './opensearch/transport-client';
import type { ConnectorRegistration } from './registration';

/** Every destination, one line each. Adding a connector is its folder and one line here. */
export const CONNECTORS: readonly ConnectorRegistration[] = [
  openSearchRegistration,
  elasticsearchRegistration,
];

/**
 * The registered connectors that write where these variables point (each one's `endpointVariable`), as
 * `CWLPIPE_CONNECTORS` lists them: how a deployment that provides those endpoints names its connectors.
 *
 * @example
 * ```ts
 * connectorsPointedBy(['OPENSEARCH_URL', 'OPENSEARCH_INDEX_PREFIX']); // 'opensearch'
 * ```
 */
export const connectorsPointedBy = (variables: readonly string[]): string =>
  CONNECTORS.filter((registration) => variables.includes(registration.endpointVariable))
    .map((registration) => registration.id)
    .join(',');

/** The engines that hold the documents and the dead letters; `CWLPIPE_DESTINATION` picks one. */
export const DESTINATIONS = ['opensearch', 'elasticsearch'] as const;
export type Destination = (typeof DESTINATIONS)[number];

/**
 * The search engine that holds the documents and the dead letters: `CWLPIPE_DESTINATION` when set (what
 * `--destination` sets), else Elasticsearch when only it is configured (`ELASTICSEARCH_URL` or
 * `ELASTICSEARCH_CLOUD_ID` without `OPENSEARCH_URL`), else OpenSearch.
 *
 * @example
 * ```ts
 * destinationFromEnv({ ELASTICSEARCH_URL: 'http://127.0.0.1:9200' }); // 'elasticsearch'
 * ```
 */
export const destinationFromEnv = (env: NodeJS.ProcessEnv = process.env): Destination => {
  const named = env.CWLPIPE_DESTINATION?.trim();
  if (named !== undefined && named !== '') {
    if (!(DESTINATIONS as readonly string[]).includes(named)) {
      throw new ConfigError(
        'destination_unknown',
        `CWLPIPE_DESTINATION is "${named}"; it must be one of ${DESTINATIONS.join(', ')}.`,
      );
    }
    return named as Destination;
  }
  const set = (name: string): boolean => (env[name]?.trim() ?? '') !== '';
  return (set('ELASTICSEARCH_URL') || set(ELASTICSEARCH_CLOUD_ID)) && !set('OPENSEARCH_URL')
    ? 'elasticsearch'
    : 'opensearch';
};

/**
 * The settings of the destination's cluster, from its own variables.
 *
 * @example
 * ```ts
 * destinationConfigFromEnv({ CWLPIPE_DESTINATION: 'elasticsearch', ELASTICSEARCH_URL: 'http://127.0.0.1:9200' }).engine.label; // 'Elasticsearch'
 * ```
 */
export const destinationConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): OpenSearchConfig =>
  destinationFromEnv(env) === 'elasticsearch'
    ? elasticsearchConfigFromEnv(env)
    : openSearchConfigFromEnv(env);

/**
 * The connectors named, built from the environment; an unknown name is a configuration error.
 *
 * @example
 * ```ts
 * const connectors = buildConnectors(['opensearch']); // reads OPENSEARCH_URL and friends
 * ```
 */
export const buildConnectors = (
  names: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Connector[] =>
  names.map((name) => {
    const registration = CONNECTORS.find((candidate) => candidate.id === name);
    if (registration === undefined) {
      throw new ConfigError(
        'connector_unknown',
        `There is no connector named "${name}"; known: ${CONNECTORS.map((c) => c.id).join(', ')}.`,
      );
    }
    return registration.create(env);
  });

/**
 * The dead-letter sink: the `cwl-deadletter-<yyyy.MM.dd>` indices of the destination (OpenSearch or
 * Elasticsearch, {@link destinationFromEnv}).
 *
 * @example
 * ```ts
 * const sink = buildDeadLetterSink();
 * ```
 */
export const buildDeadLetterSink = (env: NodeJS.ProcessEnv = process.env): DeadLetterSink => {
  const config = destinationConfigFromEnv(env);
  return new OpenSearchDeadLetterSink(createTransportClient(config), {
    id: `${config.engine.id}-deadletter`,
    prefix: config.indexPrefix,
    requestTimeoutMs: config.requestTimeoutMs,
  });
};

/**
 * Where dead letters are read back for a redrive: the same indices the sink writes. Call `close` when done.
 *
 * @example
 * ```ts
 * const { store, close } = buildLetterStore();
 * ```
 */
export const buildLetterStore = (
  env: NodeJS.ProcessEnv = process.env,
): { store: DeadLetterStore; close: () => Promise<void> } => {
  const config = destinationConfigFromEnv(env);
  const client = createOpenSearchClient(config);
  return { store: new OpenSearchLetterStore(client, config.indexPrefix), close: () => client.close() };
};
