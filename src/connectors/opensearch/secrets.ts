import { readFileSync } from 'node:fs';
import { ConfigError } from '../../core';

/**
 * Where a search engine's credentials may come from besides a plain variable: a file per secret setting
 * (`OPENSEARCH_PASSWORD_FILE`, `ELASTICSEARCH_API_KEY_FILE`…, as container secrets are mounted) and one AWS
 * Secrets Manager secret (`OPENSEARCH_CREDENTIALS_SECRET`, `ELASTICSEARCH_CREDENTIALS_SECRET`) whose string is
 * `{"username":"…","password":"…"}` or `{"apiKey":"…"}`. The plain variables stay for local use; these keep a
 * credential out of the process environment, the Lambda configuration and CloudFormation.
 *
 * @example
 * ```ts
 * CREDENTIAL_SOURCES.elasticsearch.secret; // 'ELASTICSEARCH_CREDENTIALS_SECRET'
 * ```
 */
export const CREDENTIAL_SOURCES = {
  opensearch: {
    label: 'OpenSearch',
    secret: 'OPENSEARCH_CREDENTIALS_SECRET',
    username: 'OPENSEARCH_USERNAME',
    password: 'OPENSEARCH_PASSWORD',
    apiKey: undefined,
  },
  elasticsearch: {
    label: 'Elasticsearch',
    secret: 'ELASTICSEARCH_CREDENTIALS_SECRET',
    username: 'ELASTICSEARCH_USERNAME',
    password: 'ELASTICSEARCH_PASSWORD',
    apiKey: 'ELASTICSEARCH_API_KEY',
  },
} as const;

/** The suffix of a variable naming a file that holds a secret setting's value. */
export const FILE_SUFFIX = '_FILE';

/**
 * The value of a secret setting: the variable itself, or the content of the file `<variable>_FILE` names
 * (trailing newline removed). Setting both is an error, as is a file that cannot be read or is empty.
 *
 * @example
 * ```ts
 * secretSetting({ OPENSEARCH_PASSWORD_FILE: '/run/secrets/opensearch' }, 'OPENSEARCH_PASSWORD'); // 's3cret'
 * ```
 */
export const secretSetting = (env: NodeJS.ProcessEnv, variable: string): string | undefined => {
  const direct = env[variable];
  const path = env[`${variable}${FILE_SUFFIX}`]?.trim();
  if (path === undefined || path === '') return direct;
  if (direct !== undefined && direct !== '')
    throw new ConfigError(
      'credentials_ambiguous',
      `Both ${variable} and ${variable}${FILE_SUFFIX} are set; set one (the file is recommended).`,
    );
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      'credentials_unreadable',
      `${variable}${FILE_SUFFIX} names ${path}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
      { cause: error },
    );
  }
  const value = text.replace(/\r?\n$/, '');
  if (value === '')
    throw new ConfigError(
      'credentials_unreadable',
      `${variable}${FILE_SUFFIX} names ${path}, which is empty.`,
    );
  return value;
};

/** Reads one secret's string; the default asks AWS Secrets Manager with the default credential chain. */
export type SecretReader = (secretId: string) => Promise<string | undefined>;

// A client per read, closed after it: a secret is read once per process, and an idle keep-alive socket
// must not hold a CLI run open. The SDK client is loaded only here, when a `*_CREDENTIALS_SECRET` is set:
// a Lambda bundle ships it beside the handler instead of in it (infra/lambda-bundling.json, lazyModules).
const secretsManagerReader: SecretReader = async (secretId) => {
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({});
  try {
    return (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
  } finally {
    client.destroy();
  }
};

/**
 * Fills the credentials of every engine whose `<ENGINE>_CREDENTIALS_SECRET` is set from that Secrets Manager
 * secret, into a copy of `env` (never into `process.env`, so a child process does not inherit them). With no
 * such variable set it returns `env` itself and calls nothing. A secret that cannot be read, is not JSON, or
 * holds neither `username`+`password` nor `apiKey` (the latter for Elasticsearch only) is a ConfigError naming
 * the secret, never its content; so is a plain credential variable set beside it.
 *
 * @example
 * ```ts
 * const resolved = await withSecretCredentials({ OPENSEARCH_URL: 'https://…', OPENSEARCH_CREDENTIALS_SECRET: 'arn:aws:secretsmanager:…' });
 * resolved.OPENSEARCH_USERNAME; // 'ingest'
 * ```
 */
export const withSecretCredentials = async (
  env: NodeJS.ProcessEnv,
  read: SecretReader = secretsManagerReader,
): Promise<NodeJS.ProcessEnv> => {
  let resolved = env;
  for (const source of Object.values(CREDENTIAL_SOURCES)) {
    const secretId = env[source.secret]?.trim();
    if (secretId === undefined || secretId === '') continue;
    const plain = [source.username, source.password, source.apiKey]
      .filter((name): name is NonNullable<typeof name> => name !== undefined)
      .flatMap((name) => [name, `${name}${FILE_SUFFIX}`])
      .filter((name) => (env[name] ?? '') !== '');
    if (plain.length > 0)
      throw new ConfigError(
        'credentials_ambiguous',
        `${source.secret} is set together with ${plain.join(', ')}; set the secret or the variables, not both.`,
      );
    resolved = { ...resolved, ...(await credentialsOf(source, secretId, read)) };
  }
  return resolved;
};

/** Whether any engine's credentials are to be read from Secrets Manager (so a handler must wait for them). */
export const needsSecretCredentials = (env: NodeJS.ProcessEnv): boolean =>
  Object.values(CREDENTIAL_SOURCES).some((source) => (env[source.secret]?.trim() ?? '') !== '');

type Source = (typeof CREDENTIAL_SOURCES)[keyof typeof CREDENTIAL_SOURCES];

const credentialsOf = async (
  source: Source,
  secretId: string,
  read: SecretReader,
): Promise<Record<string, string>> => {
  let text: string | undefined;
  try {
    text = await read(secretId);
  } catch (error) {
    throw new ConfigError(
      'credentials_unreadable',
      `The ${source.label} credentials secret ${secretId} (${source.secret}) cannot be read from Secrets Manager (${(error as Error).name}: ${(error as Error).message}).`,
      { cause: error },
    );
  }
  const shape =
    source.apiKey === undefined ? '{"username","password"}' : '{"username","password"} or {"apiKey"}';
  const invalid = (why: string) =>
    new ConfigError(
      'credentials_invalid',
      `The ${source.label} credentials secret ${secretId} (${source.secret}) ${why}; it must be JSON ${shape}.`,
    );
  let value: unknown;
  try {
    value = JSON.parse(text ?? '');
  } catch {
    // The content is never quoted: it is a credential.
    throw invalid('is not JSON');
  }
  if (typeof value !== 'object' || value === null) throw invalid('is not a JSON object');
  const { username, password, apiKey } = value as Record<string, unknown>;
  const text_ = (field: unknown): field is string => typeof field === 'string' && field !== '';
  if (source.apiKey !== undefined && text_(apiKey)) {
    if (username !== undefined || password !== undefined)
      throw invalid('holds both an apiKey and a username');
    return { [source.apiKey]: apiKey };
  }
  if (text_(username) && text_(password)) return { [source.username]: username, [source.password]: password };
  throw invalid('has no non-empty username and password');
};
