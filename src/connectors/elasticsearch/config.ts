import { ConfigError } from '../../core';
import {
  type OpenSearchConfig,
  type OpenSearchSettingsInput,
  type SearchEngine,
  searchConfigFromEnv,
} from '../opensearch/config';

/** The environment variable behind each Elasticsearch setting (see docs/elasticsearch.md). */
export const ELASTICSEARCH_ENV = {
  url: 'ELASTICSEARCH_URL',
  apiKey: 'ELASTICSEARCH_API_KEY',
  username: 'ELASTICSEARCH_USERNAME',
  password: 'ELASTICSEARCH_PASSWORD',
  caCert: 'ELASTICSEARCH_CA_CERT',
  indexPrefix: 'ELASTICSEARCH_INDEX_PREFIX',
  retentionDays: 'ELASTICSEARCH_RETENTION_DAYS',
  bulkMaxDocs: 'ELASTICSEARCH_BULK_MAX_DOCS',
  bulkMaxBytes: 'ELASTICSEARCH_BULK_MAX_BYTES',
  concurrency: 'ELASTICSEARCH_CONCURRENCY',
  requestTimeoutMs: 'ELASTICSEARCH_REQUEST_TIMEOUT_MS',
  compression: 'ELASTICSEARCH_COMPRESSION',
} as const;

/** The Elastic Cloud id, read instead of `ELASTICSEARCH_URL` (it is turned into the URL first). */
export const ELASTICSEARCH_CLOUD_ID = 'ELASTICSEARCH_CLOUD_ID';

/** Elasticsearch as the shared search code sees it: its connector id, its name and its variables. */
export const ELASTICSEARCH_ENGINE: SearchEngine = {
  id: 'elasticsearch',
  label: 'Elasticsearch',
  variables: ELASTICSEARCH_ENV,
};

/**
 * The Elasticsearch endpoint an Elastic Cloud id names. A cloud id is `<name>:<base64 of
 * "<host>[:port]$<es uuid>$<kibana uuid>">`; the cluster answers at `https://<es uuid>.<host>[:port]`.
 *
 * @example
 * ```ts
 * cloudIdToUrl('logs:ZXUtd2VzdC0xLmF3cy5mb3VuZC5pbyRhYmMxMjMkZGVmNDU2'); // 'https://abc123.eu-west-1.aws.found.io'
 * ```
 */
export const cloudIdToUrl = (cloudId: string): string => {
  const encoded = cloudId.includes(':') ? cloudId.slice(cloudId.lastIndexOf(':') + 1) : cloudId;
  const [hostPort, esId] = Buffer.from(encoded, 'base64').toString('utf8').split('$');
  const [host, port] = (hostPort ?? '').split(':');
  if (
    host === undefined ||
    !/^[a-z0-9.-]+$/i.test(host) ||
    esId === undefined ||
    !/^[a-z0-9]+$/i.test(esId)
  ) {
    throw new ConfigError(
      'elasticsearch_config_invalid',
      `The Elasticsearch settings are invalid: ${ELASTICSEARCH_CLOUD_ID} is not an Elastic Cloud id (copy it from the deployment's page: "<name>:<base64>").`,
    );
  }
  return `https://${esId}.${host}${port !== undefined && port !== '443' ? `:${port}` : ''}`;
};

/**
 * Reads the Elasticsearch settings from the environment: the cluster by `ELASTICSEARCH_URL` or an Elastic
 * Cloud id, an API key or basic credentials, a CA bundle, and the same limits as OpenSearch's.
 *
 * @example
 * ```ts
 * const config = elasticsearchConfigFromEnv({ ELASTICSEARCH_CLOUD_ID: 'logs:ZXUt…', ELASTICSEARCH_API_KEY: 'VnVhQ2ZH…' });
 * config.auth; // { kind: 'apiKey', apiKey: 'VnVhQ2ZH…' }
 * ```
 */
export const elasticsearchConfigFromEnv = (
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<OpenSearchSettingsInput> = {},
): OpenSearchConfig => {
  const cloudId = env[ELASTICSEARCH_CLOUD_ID]?.trim();
  const url = env[ELASTICSEARCH_ENV.url]?.trim();
  if (cloudId !== undefined && cloudId !== '' && overrides.url === undefined) {
    if (url !== undefined && url !== '') {
      throw new ConfigError(
        'elasticsearch_config_invalid',
        `The Elasticsearch settings are invalid: set either ${ELASTICSEARCH_ENV.url} or ${ELASTICSEARCH_CLOUD_ID}, not both.`,
      );
    }
    return searchConfigFromEnv(ELASTICSEARCH_ENGINE, env, { ...overrides, url: cloudIdToUrl(cloudId) });
  }
  return searchConfigFromEnv(ELASTICSEARCH_ENGINE, env, overrides);
};
