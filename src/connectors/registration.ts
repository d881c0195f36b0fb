import type { Connector } from '../core';

/**
 * How a connector joins the registry: its name, how it is built from the environment, which variable points
 * it at its destination and which scopes what it writes, and how to read back what it delivered. The contract
 * tests need nothing else: `test/contract/connectors.test.ts` points the endpoint variable at a closed port,
 * `test/integration/contract/connectors.test.ts` runs against the destination that variable names, in a scope
 * of its own, and counts what arrived with `readBack`.
 *
 * @example
 * ```ts
 * export const openSearchRegistration: ConnectorRegistration = {
 *   id: 'opensearch',
 *   create: (env) => OpenSearchConnector.fromConfig(openSearchConfigFromEnv(env)),
 *   endpointVariable: 'OPENSEARCH_URL',
 *   scopeVariable: 'OPENSEARCH_INDEX_PREFIX',
 *   readBack: (env) => searchReadBack(openSearchConfigFromEnv(env)),
 * };
 * ```
 */
export interface ConnectorRegistration {
  /** The name users pass (`CWLPIPE_CONNECTORS=opensearch`); also the connector's `id`. */
  readonly id: string;
  /** Builds the connector; it reads its own settings and names what is missing or wrong. */
  create(env: NodeJS.ProcessEnv): Connector;
  /**
   * The variable that points it at its destination (a URL). A deployment that sets it names this connector
   * (see `connectorsPointedBy`); the integration setup sets it to the local server it starts.
   */
  readonly endpointVariable: string;
  /** The variable that scopes what it writes (an index prefix, a dataset), so tests write only their own. */
  readonly scopeVariable: string;
  /**
   * Reads the destination the same environment points at, in the scope `scopeVariable` names there: how
   * many documents it holds, and removing what was written. For tests and checks in a scope of their own:
   * `remove` deletes the whole scope.
   */
  readBack(env: NodeJS.ProcessEnv): DestinationReadBack;
}

/**
 * What a destination holds in one scope, read from the destination itself (never from the connector's own
 * report). Call `close` when done.
 *
 * @example
 * ```ts
 * const readBack = openSearchRegistration.readBack({ ...process.env, OPENSEARCH_INDEX_PREFIX: 'tcontract1' });
 * await readBack.stored(); // 13
 * await readBack.remove();
 * await readBack.close();
 * ```
 */
export interface DestinationReadBack {
  /** How many documents the scope holds, once everything delivered is visible to a search. */
  stored(): Promise<number>;
  /** Removes everything the connector wrote in the scope: its documents and what its setup created. */
  remove(): Promise<void>;
  close(): Promise<void>;
}
