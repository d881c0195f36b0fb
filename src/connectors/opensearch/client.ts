import { Client, type ClientOptions } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws-v3';
import type { OpenSearchConfig } from './config';

/**
 * The official OpenSearch client for one cluster. Request bodies are gzip-compressed (a `_bulk` body of
 * log lines shrinks several-fold) and responses may be too. The client's own retries are off: the bulk
 * connector retries per item, with backoff, inside the caller's deadline, and must see every failure.
 * With an AWS region configured, every request is signed with SigV4 using the default AWS credential
 * chain (environment, profile, container or instance role).
 *
 * @example
 * ```ts
 * const client = createOpenSearchClient(openSearchConfigFromEnv());
 * const health = await client.cluster.health();
 * ```
 */
export const createOpenSearchClient = (
  config: OpenSearchConfig,
  options: { compression?: boolean } = {},
): Client => {
  const base: ClientOptions = {
    node: config.url,
    maxRetries: 0,
    requestTimeout: config.requestTimeoutMs,
    suggestCompression: true,
    ...(options.compression !== false && { compression: 'gzip' as const }),
    ...(config.tls && { ssl: { ca: config.tls.ca } }),
  };
  switch (config.auth.kind) {
    case 'none':
      return new Client(base);
    case 'apiKey':
      // Elasticsearch API keys: the encoded form Kibana and `POST _security/api_key` hand out.
      return new Client({ ...base, headers: { authorization: `ApiKey ${config.auth.apiKey}` } });
    case 'basic':
      return new Client({
        ...base,
        auth: { username: config.auth.username, password: config.auth.password },
      });
    case 'sigv4':
      return new Client({
        ...base,
        ...AwsSigv4Signer({ region: config.auth.region, service: config.auth.service }),
      });
  }
};

export type { Client as OpenSearchClient } from '@opensearch-project/opensearch';
