import type { Connector } from '../core';

/**
 * How a connector joins the registry: its name, how it is built from the environment, and which variable
 * points it at its destination (the connector contract test points that variable at a closed port).
 *
 * @example
 * ```ts
 * export const openSearchRegistration: ConnectorRegistration = {
 *   id: 'opensearch',
 *   create: (env) => OpenSearchConnector.fromConfig(openSearchConfigFromEnv(env)),
 *   endpointVariable: 'OPENSEARCH_URL',
 *   scopeVariable: 'OPENSEARCH_INDEX_PREFIX',
 * };
 * ```
 */
export interface ConnectorRegistration {
  /** The name users pass (`CWLPIPE_CONNECTORS=opensearch`); also the connector's `id`. */
  readonly id: string;
  /** Builds the connector; it reads its own settings and names what is missing or wrong. */
  create(env: NodeJS.ProcessEnv): Connector;
  readonly endpointVariable: string;
  /** The variable that scopes what it writes (an index prefix, a dataset), so tests write only their own. */
  readonly scopeVariable?: string;
}
