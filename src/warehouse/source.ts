import { createOpenSearchClient } from '../connectors/opensearch/client';
import { destinationConfigFromEnv } from '../connectors/registry';
import type { SearchSource } from './aggregate';

/**
 * The search engine the warehouse reads, from the same variables the connectors use (`OPENSEARCH_*`, or
 * `ELASTICSEARCH_*` when that is the destination). Call `close` when done.
 *
 * @example
 * ```ts
 * const { source, close } = searchSourceFromEnv({ OPENSEARCH_URL: 'http://127.0.0.1:9200' });
 * ```
 */
export const searchSourceFromEnv = (
  env: NodeJS.ProcessEnv = process.env,
): { source: SearchSource; close: () => Promise<void> } => {
  const config = destinationConfigFromEnv(env);
  const client = createOpenSearchClient(config);
  return {
    source: { client, prefix: config.indexPrefix, label: config.engine.label },
    close: () => client.close(),
  };
};
