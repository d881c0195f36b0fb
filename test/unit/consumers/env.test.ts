import { consumerEnv } from '../../../src/consumers/env';
import type { ConfigError } from '../../../src/core';

const errorOf = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (error) {
    // Modules loaded in isolation have their own ConfigError class, so the name is what is compared.
    if ((error as Error).name === 'ConfigError') return error as ConfigError;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('Consumer environment', () => {
  it('uses defaults when nothing is set', () => {
    // Act
    const env = consumerEnv({});

    // Assess
    expect(env.connectors).toEqual(['opensearch']);
    expect(env.safetyMarginMs).toBe(10_000);
    expect(env.firehoseMaxResponseBytes).toBe(6_000_000);
    expect(env.firehoseOutput).toBe('ndjson');
    expect(env.pipeline.logGroups).toEqual([]);
  });

  it('reads the Firehose output mode and names the variable when it is wrong', () => {
    expect(consumerEnv({ CWLPIPE_FIREHOSE_OUTPUT: 'document' }).firehoseOutput).toBe('document');
    expect(() => consumerEnv({ CWLPIPE_FIREHOSE_OUTPUT: 'bulk' })).toThrow(
      /CWLPIPE_FIREHOSE_OUTPUT must be one of ndjson, document \(it is "bulk"\)/,
    );
  });

  it('reads connectors, margins and an inline pipeline config', () => {
    // Act
    const env = consumerEnv({
      CWLPIPE_CONNECTORS: 'opensearch, bigquery',
      CWLPIPE_SAFETY_MARGIN_MS: '2500',
      CWLPIPE_FIREHOSE_MAX_RESPONSE_BYTES: '1000000',
      CWLPIPE_CONFIG: '{"logGroups":[{"pattern":"/vpc/*","type":"vpcflow"}]}',
    });

    // Assess
    expect(env.connectors).toEqual(['opensearch', 'bigquery']);
    expect(env.safetyMarginMs).toBe(2_500);
    expect(env.firehoseMaxResponseBytes).toBe(1_000_000);
    expect(env.pipeline.logGroups.map((rule) => [rule.pattern, rule.type])).toEqual([['/vpc/*', 'vpcflow']]);
  });

  it.each([
    [
      { CWLPIPE_SAFETY_MARGIN_MS: 'ten seconds' },
      /CWLPIPE_SAFETY_MARGIN_MS must be a whole number of milliseconds \(it is "ten seconds"\)/,
    ],
    [{ CWLPIPE_SAFETY_MARGIN_MS: '-5' }, /CWLPIPE_SAFETY_MARGIN_MS must not be negative/],
    [
      { CWLPIPE_FIREHOSE_MAX_RESPONSE_BYTES: '7000000' },
      /CWLPIPE_FIREHOSE_MAX_RESPONSE_BYTES must be at most 6000000/,
    ],
    [{ CWLPIPE_CONNECTORS: 'opensearch;bigquery' }, /CWLPIPE_CONNECTORS must be a comma-separated list/],
    [{ CWLPIPE_CONFIG: '{logGroups: []}' }, /CWLPIPE_CONFIG is not valid JSON/],
    [
      { CWLPIPE_CONFIG: '{"logGroups":[{"pattern":"/x"}]}' },
      /configuration in CWLPIPE_CONFIG is invalid: logGroups\.0/,
    ],
    [
      { CWLPIPE_CONFIG: '{}', CWLPIPE_CONFIG_FILE: '/var/task/cwlpipe.config.json' },
      /set CWLPIPE_CONFIG or CWLPIPE_CONFIG_FILE, not both/,
    ],
    [
      { CWLPIPE_CONFIG_FILE: '/no/such/cwlpipe.config.json' },
      /\/no\/such\/cwlpipe\.config\.json could not be read/,
    ],
  ])('names the variable in error for %j', (env, message) => {
    // Act
    const error = errorOf(() => consumerEnv(env));

    // Assess
    expect(error.stage).toBe('config');
    expect(error.message).toMatch(message);
  });
});

describe('Consumer: cold start', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  const load = (path: string, env: Record<string, string>): unknown => {
    process.env = { ...saved, ...env };
    let loaded: unknown;
    jest.isolateModules(() => {
      loaded = require(path);
    });
    return loaded;
  };

  it('fails the Kinesis handler init when OPENSEARCH_URL is missing, naming it', () => {
    // Act
    // No Elasticsearch either (the integration setup may have set one), so OpenSearch is the destination.
    const error = errorOf(() =>
      load('../../../src/consumers/kinesis.handler', { OPENSEARCH_URL: '', ELASTICSEARCH_URL: '' }),
    );

    // Assess
    expect(error.message).toMatch(/OPENSEARCH_URL is not set/);
  });

  it('fails the Kinesis handler init on an unknown connector', () => {
    // Act
    const error = errorOf(() =>
      load('../../../src/consumers/kinesis.handler', {
        OPENSEARCH_URL: 'http://127.0.0.1:9200',
        CWLPIPE_CONNECTORS: 'opensearch,elastic',
      }),
    );

    // Assess
    expect(error.message).toMatch(/no connector named "elastic"/);
  });

  it('builds both handlers from a valid environment', () => {
    // Prepare
    const env = { OPENSEARCH_URL: 'http://127.0.0.1:9200', CWLPIPE_SAFETY_MARGIN_MS: '3000' };

    // Act
    const kinesis = load('../../../src/consumers/kinesis.handler', env) as { handler: unknown };
    const firehose = load('../../../src/consumers/firehose.handler', env) as { handler: unknown };

    // Assess
    expect(typeof kinesis.handler).toBe('function');
    expect(typeof firehose.handler).toBe('function');
  });

  it('fails the Firehose handler init on a bad response budget, naming the variable', () => {
    // Act
    const error = errorOf(() =>
      load('../../../src/consumers/firehose.handler', { CWLPIPE_FIREHOSE_MAX_RESPONSE_BYTES: '0' }),
    );

    // Assess
    expect(error.message).toMatch(/CWLPIPE_FIREHOSE_MAX_RESPONSE_BYTES must be positive/);
  });
});
