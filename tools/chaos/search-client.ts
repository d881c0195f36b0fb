import type { Client } from '@opensearch-project/opensearch';
import { createOpenSearchClient } from '../../src/connectors/opensearch/client';
import { destinationConfigFromEnv } from '../../src/connectors/registry';

/**
 * A client straight to the cluster (never through the fault proxy), for setup checks and the census.
 *
 * @example
 * ```ts
 * const client = openSearchClient('http://127.0.0.1:9200', 'chaos-1-poller');
 * ```
 */
export const openSearchClient = (url: string, prefix: string): Client =>
  createOpenSearchClient(
    destinationConfigFromEnv({
      OPENSEARCH_URL: url,
      OPENSEARCH_INDEX_PREFIX: prefix,
      OPENSEARCH_REQUEST_TIMEOUT_MS: '120000',
    }),
  );
