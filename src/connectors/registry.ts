import { ConfigError, type Connector, type DeadLetterSink, type DeadLetterStore } from '../core';
import { OpenSearchDeadLetterSink } from './deadletter/opensearch-sink';
import { OpenSearchLetterStore } from './deadletter/opensearch-store';
import { openSearchRegistration } from './opensearch';
import { createOpenSearchClient } from './opensearch/client';
import { openSearchConfigFromEnv } from './opensearch/config';
import type { ConnectorRegistration } from './registration';

/** Every destination, one line each. Adding a connector is its folder and one line here. */
export const CONNECTORS: readonly ConnectorRegistration[] = [openSearchRegistration];

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
 * The dead-letter sink: the `cwl-deadletter-<yyyy.MM.dd>` indices of the configured OpenSearch.
 *
 * @example
 * ```ts
 * const sink = buildDeadLetterSink();
 * ```
 */
export const buildDeadLetterSink = (env: NodeJS.ProcessEnv = process.env): DeadLetterSink => {
  const config = openSearchConfigFromEnv(env);
  return new OpenSearchDeadLetterSink(createOpenSearchClient(config), {
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
  const config = openSearchConfigFromEnv(env);
  const client = createOpenSearchClient(config);
  return { store: new OpenSearchLetterStore(client, config.indexPrefix), close: () => client.close() };
};
