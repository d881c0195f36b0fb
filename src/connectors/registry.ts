import { ConfigError, type Connector, type DeadLetterSink } from '../core';
import { OpenSearchDeadLetterSink } from './deadletter/opensearch-sink';
import { createOpenSearchClient } from './opensearch/client';
import { openSearchConfigFromEnv } from './opensearch/config';
import { OpenSearchConnector } from './opensearch/connector';

/** Builds one connector from the environment (each reads its own settings and names what is missing). */
export type ConnectorFactory = (env: NodeJS.ProcessEnv) => Connector;

/** Every destination, one line each, by the name users pass (`--connectors opensearch`). */
export const CONNECTORS: Readonly<Record<string, ConnectorFactory>> = {
  opensearch: (env) => OpenSearchConnector.fromConfig(openSearchConfigFromEnv(env)),
};

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
    const factory = CONNECTORS[name];
    if (factory === undefined) {
      throw new ConfigError(
        'connector_unknown',
        `There is no connector named "${name}"; known: ${Object.keys(CONNECTORS).join(', ')}.`,
      );
    }
    return factory(env);
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
