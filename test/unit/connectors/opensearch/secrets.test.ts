import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { elasticsearchConfigFromEnv } from '../../../../src/connectors/elasticsearch/config';
import { openSearchConfigFromEnv } from '../../../../src/connectors/opensearch/config';
import {
  needsSecretCredentials,
  type SecretReader,
  withSecretCredentials,
} from '../../../../src/connectors/opensearch/secrets';
import { ConfigError } from '../../../../src/core';

// The Secrets Manager call itself is tested against moto server (test/integration/security/secrets.test.ts);
// here the reader is a function handing back the secret's string, to check what is made of it.
const readerOf = (secrets: Record<string, string>): SecretReader & { asked: string[] } => {
  const asked: string[] = [];
  const read = async (id: string) => {
    asked.push(id);
    if (!(id in secrets))
      throw Object.assign(new Error(`Secrets Manager can't find the specified secret.`), {
        name: 'ResourceNotFoundException',
      });
    return secrets[id];
  };
  return Object.assign(read, { asked });
};

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:cwlpipe/search-AbCdEf';

describe('Connectors: search credentials from a file or Secrets Manager', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cwlpipe-secrets-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads OPENSEARCH_PASSWORD_FILE and ELASTICSEARCH_API_KEY_FILE, without their trailing newline', () => {
    // Prepare
    const password = join(dir, 'opensearch-password');
    const apiKey = join(dir, 'es-api-key');
    writeFileSync(password, 'pa$$ word\n');
    writeFileSync(apiKey, 'VnVhQ2ZH==\r\n');

    // Act
    const openSearch = openSearchConfigFromEnv({
      OPENSEARCH_URL: 'https://logs.example.com',
      OPENSEARCH_USERNAME: 'ingest',
      OPENSEARCH_PASSWORD_FILE: password,
    });
    const elasticsearch = elasticsearchConfigFromEnv({
      ELASTICSEARCH_URL: 'https://es.example.com',
      ELASTICSEARCH_API_KEY_FILE: apiKey,
    });

    // Assess
    expect(openSearch.auth).toEqual({ kind: 'basic', username: 'ingest', password: 'pa$$ word' });
    expect(elasticsearch.auth).toEqual({ kind: 'apiKey', apiKey: 'VnVhQ2ZH==' });
  });

  it('refuses a file variable beside its plain twin, an unreadable file and an empty one, naming the variable', () => {
    // Prepare
    const empty = join(dir, 'empty');
    writeFileSync(empty, '\n');
    const base = { OPENSEARCH_URL: 'https://logs.example.com', OPENSEARCH_USERNAME: 'ingest' };

    // Act
    const both = () =>
      openSearchConfigFromEnv({ ...base, OPENSEARCH_PASSWORD: 'x', OPENSEARCH_PASSWORD_FILE: empty });
    const missing = () => openSearchConfigFromEnv({ ...base, OPENSEARCH_PASSWORD_FILE: join(dir, 'nope') });
    const blank = () => openSearchConfigFromEnv({ ...base, OPENSEARCH_PASSWORD_FILE: empty });

    // Assess
    expect(both).toThrow(/Both OPENSEARCH_PASSWORD and OPENSEARCH_PASSWORD_FILE are set/);
    expect(missing).toThrow(/OPENSEARCH_PASSWORD_FILE names .*nope, which cannot be read \(ENOENT\)/);
    expect(blank).toThrow(/OPENSEARCH_PASSWORD_FILE names .*empty, which is empty/);
  });

  it('fills username and password, or an API key, from the secret into a copy of the environment', async () => {
    // Prepare
    const read = readerOf({
      [SECRET_ARN]: '{"username":"ingest","password":"s3cret"}',
      'cwlpipe/es': '{"apiKey":"VnVhQ2ZH"}',
    });
    const env = {
      OPENSEARCH_URL: 'https://logs.example.com',
      OPENSEARCH_CREDENTIALS_SECRET: SECRET_ARN,
      ELASTICSEARCH_CREDENTIALS_SECRET: 'cwlpipe/es',
    };

    // Act
    const resolved = await withSecretCredentials(env, read);

    // Assess
    expect(resolved).toMatchObject({
      OPENSEARCH_USERNAME: 'ingest',
      OPENSEARCH_PASSWORD: 's3cret',
      ELASTICSEARCH_API_KEY: 'VnVhQ2ZH',
    });
    expect(env).not.toHaveProperty('OPENSEARCH_PASSWORD');
    expect(read.asked).toEqual([SECRET_ARN, 'cwlpipe/es']);
    expect(openSearchConfigFromEnv(resolved).auth).toEqual({
      kind: 'basic',
      username: 'ingest',
      password: 's3cret',
    });
  });

  it('asks nothing and hands the same environment back when no secret is named', async () => {
    // Prepare
    const read = readerOf({});
    const env = { OPENSEARCH_URL: 'https://logs.example.com' };

    // Act
    const resolved = await withSecretCredentials(env, read);

    // Assess
    expect(resolved).toBe(env);
    expect(read.asked).toEqual([]);
    expect(needsSecretCredentials(env)).toBe(false);
    expect(needsSecretCredentials({ ELASTICSEARCH_CREDENTIALS_SECRET: 'x' })).toBe(true);
  });

  it.each([
    ['not JSON', 'username=ingest', /is not JSON/],
    ['not an object', '"s3cret"', /is not a JSON object/],
    ['without a password', '{"username":"ingest"}', /has no non-empty username and password/],
    [
      'with an empty password',
      '{"username":"ingest","password":""}',
      /has no non-empty username and password/,
    ],
    [
      'an API key for OpenSearch',
      '{"apiKey":"VnVh"}',
      /has no non-empty username and password; it must be JSON \{"username","password"\}\./,
    ],
  ])('refuses a secret %s, naming the secret and never quoting it', async (_, content, why) => {
    // Prepare
    const read = readerOf({ [SECRET_ARN]: content });

    // Act
    const attempt = withSecretCredentials({ OPENSEARCH_CREDENTIALS_SECRET: SECRET_ARN }, read);

    // Assess
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(attempt).rejects.toThrow(why);
    await expect(attempt).rejects.toThrow(SECRET_ARN);
    await expect(attempt).rejects.not.toThrow(content);
  });

  it('says which secret could not be read, and refuses a secret beside plain credential variables', async () => {
    // Prepare
    const read = readerOf({});

    // Act
    const unreadable = withSecretCredentials({ ELASTICSEARCH_CREDENTIALS_SECRET: 'cwlpipe/missing' }, read);
    const ambiguous = withSecretCredentials(
      { OPENSEARCH_CREDENTIALS_SECRET: SECRET_ARN, OPENSEARCH_PASSWORD_FILE: '/run/secrets/pw' },
      read,
    );

    // Assess
    await expect(unreadable).rejects.toThrow(
      /The Elasticsearch credentials secret cwlpipe\/missing \(ELASTICSEARCH_CREDENTIALS_SECRET\) cannot be read from Secrets Manager \(ResourceNotFoundException/,
    );
    await expect(ambiguous).rejects.toThrow(
      /OPENSEARCH_CREDENTIALS_SECRET is set together with OPENSEARCH_PASSWORD_FILE/,
    );
  });
});

describe('Connectors: TLS to AWS endpoints', () => {
  it.each([
    ['an Amazon OpenSearch Service domain', 'http://search-logs-abc.eu-west-1.es.amazonaws.com', {}],
    ['an OpenSearch Serverless collection', 'http://abc.us-east-1.aoss.amazonaws.com', {}],
    ['a domain by its newer name', 'http://vpc-logs-abc.aos.eu-west-1.on.aws', {}],
    [
      'any host when signing with SigV4',
      'http://search.internal:9200',
      { OPENSEARCH_AWS_REGION: 'eu-west-1' },
    ],
  ])('refuses plain http to %s', (_, url, extra) => {
    // Act
    const attempt = () => openSearchConfigFromEnv({ OPENSEARCH_URL: url, ...extra });

    // Assess
    expect(attempt).toThrow(/OPENSEARCH_URL is a plain http:\/\/ URL .*use https:\/\//);
  });

  it('takes https to AWS, and plain http to a cluster of ours that is not signed for', () => {
    // Act
    const aws = openSearchConfigFromEnv({
      OPENSEARCH_URL: 'https://search-logs-abc.eu-west-1.es.amazonaws.com',
      OPENSEARCH_AWS_REGION: 'eu-west-1',
    });
    const local = openSearchConfigFromEnv({ OPENSEARCH_URL: 'http://127.0.0.1:9200' });
    const signedLocal = openSearchConfigFromEnv({
      OPENSEARCH_URL: 'http://127.0.0.1:9200',
      OPENSEARCH_AWS_REGION: 'eu-west-1',
    });

    // Assess
    expect(aws.auth.kind).toBe('sigv4');
    expect(local.auth.kind).toBe('none');
    expect(signedLocal.url).toBe('http://127.0.0.1:9200');
  });
});
