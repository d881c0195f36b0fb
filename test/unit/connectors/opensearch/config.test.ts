import {
  buildOpenSearchConfig,
  OPENSEARCH_DEFAULTS,
  OPENSEARCH_ENGINE,
  openSearchConfigFromEnv,
} from '../../../../src/connectors/opensearch/config';
import { ConfigError } from '../../../../src/core';

const errorOf = (run: () => unknown): ConfigError => {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('OpenSearch config', () => {
  it('reads a plain local cluster with every default', () => {
    // Act
    const config = openSearchConfigFromEnv({ OPENSEARCH_URL: 'http://127.0.0.1:9200/' });

    // Assess
    expect(config).toEqual({
      engine: OPENSEARCH_ENGINE,
      url: 'http://127.0.0.1:9200',
      auth: { kind: 'none' },
      indexPrefix: 'cwl',
      retentionDays: 30,
      bulk: { maxDocs: 1000, maxBytes: 5 * 1024 * 1024, concurrency: 4 },
      requestTimeoutMs: 30_000,
      compression: 'gzip',
    });
  });

  it('sends bodies uncompressed when OPENSEARCH_COMPRESSION is none, and names the variable when it is wrong', () => {
    // Act
    const plain = openSearchConfigFromEnv({
      OPENSEARCH_URL: 'http://127.0.0.1:9200',
      OPENSEARCH_COMPRESSION: 'none',
    });
    const wrong = () =>
      openSearchConfigFromEnv({ OPENSEARCH_URL: 'http://127.0.0.1:9200', OPENSEARCH_COMPRESSION: 'brotli' });

    // Assess
    expect(plain.compression).toBe('none');
    expect(wrong).toThrow(/OPENSEARCH_COMPRESSION/);
  });

  it('switches on SigV4 when a region is set, for es by default', () => {
    // Act
    const config = openSearchConfigFromEnv({
      OPENSEARCH_URL: 'https://search-logs-abc123.eu-west-1.es.amazonaws.com',
      OPENSEARCH_AWS_REGION: 'eu-west-1',
    });

    // Assess
    expect(config.auth).toEqual({ kind: 'sigv4', region: 'eu-west-1', service: 'es' });
  });

  it('signs for OpenSearch Serverless with OPENSEARCH_AWS_SERVICE=aoss', () => {
    // Act
    const config = openSearchConfigFromEnv({
      OPENSEARCH_URL: 'https://abc123.us-east-1.aoss.amazonaws.com',
      OPENSEARCH_AWS_REGION: 'us-east-1',
      OPENSEARCH_AWS_SERVICE: 'aoss',
    });

    // Assess
    expect(config.auth).toEqual({ kind: 'sigv4', region: 'us-east-1', service: 'aoss' });
  });

  it('reads basic credentials and numeric settings from strings', () => {
    // Act
    const config = openSearchConfigFromEnv({
      OPENSEARCH_URL: 'https://logs.example.com:9200',
      OPENSEARCH_USERNAME: 'ingest',
      OPENSEARCH_PASSWORD: 's3cret',
      OPENSEARCH_RETENTION_DAYS: '7',
      OPENSEARCH_BULK_MAX_DOCS: '250',
      OPENSEARCH_CONCURRENCY: '2',
      OPENSEARCH_INDEX_PREFIX: 'prod_logs',
    });

    // Assess
    expect(config.auth).toEqual({ kind: 'basic', username: 'ingest', password: 's3cret' });
    expect(config.retentionDays).toBe(7);
    expect(config.bulk.maxDocs).toBe(250);
    expect(config.bulk.concurrency).toBe(2);
    expect(config.indexPrefix).toBe('prod_logs');
  });

  it('treats empty variables as unset', () => {
    // Act
    const config = openSearchConfigFromEnv({
      OPENSEARCH_URL: 'http://localhost:9200',
      OPENSEARCH_USERNAME: '',
      OPENSEARCH_RETENTION_DAYS: '',
    });

    // Assess
    expect(config.auth).toEqual({ kind: 'none' });
    expect(config.retentionDays).toBe(OPENSEARCH_DEFAULTS.retentionDays);
  });

  it('lets explicit overrides win over the environment', () => {
    // Act
    const config = openSearchConfigFromEnv(
      { OPENSEARCH_URL: 'http://localhost:9200', OPENSEARCH_RETENTION_DAYS: '7' },
      { retentionDays: '90' },
    );

    // Assess
    expect(config.retentionDays).toBe(90);
  });

  it('says OPENSEARCH_URL is missing', () => {
    // Act
    const error = errorOf(() => openSearchConfigFromEnv({}));

    // Assess
    expect(error.code).toBe('opensearch_url_missing');
    expect(error.message).toContain('OPENSEARCH_URL is not set');
  });

  it.each([
    ['OPENSEARCH_URL', { OPENSEARCH_URL: 'ftp://logs.example.com' }],
    ['OPENSEARCH_CONCURRENCY', { OPENSEARCH_URL: 'http://x:9200', OPENSEARCH_CONCURRENCY: 'four' }],
    ['OPENSEARCH_RETENTION_DAYS', { OPENSEARCH_URL: 'http://x:9200', OPENSEARCH_RETENTION_DAYS: '-1' }],
    [
      'OPENSEARCH_AWS_SERVICE',
      {
        OPENSEARCH_URL: 'http://x:9200',
        OPENSEARCH_AWS_REGION: 'eu-west-1',
        OPENSEARCH_AWS_SERVICE: 'lambda',
      },
    ],
    ['OPENSEARCH_AWS_REGION', { OPENSEARCH_URL: 'http://x:9200', OPENSEARCH_AWS_REGION: 'Ireland' }],
    ['OPENSEARCH_INDEX_PREFIX', { OPENSEARCH_URL: 'http://x:9200', OPENSEARCH_INDEX_PREFIX: '_Logs' }],
    ['OPENSEARCH_PASSWORD', { OPENSEARCH_URL: 'http://x:9200', OPENSEARCH_USERNAME: 'ingest' }],
    ['OPENSEARCH_AWS_REGION', { OPENSEARCH_URL: 'http://x:9200', OPENSEARCH_AWS_SERVICE: 'aoss' }],
  ])('names %s when it is wrong', (variable, env) => {
    // Act
    const error = errorOf(() => openSearchConfigFromEnv(env));

    // Assess
    expect(error.code).toBe('opensearch_config_invalid');
    expect(error.message).toContain(variable);
  });

  it('refuses SigV4 and basic credentials together', () => {
    // Act
    const error = errorOf(() =>
      buildOpenSearchConfig({ url: 'https://x', awsRegion: 'eu-west-1', username: 'a', password: 'b' }),
    );

    // Assess
    expect(error.message).toContain('not both');
  });
});
