import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { ConfigError } from '../../core';
import { nonEmptyString } from '../../core/schema';
import { secretSetting } from './secrets';

const MiB = 1024 * 1024;

/** Defaults sized for Amazon OpenSearch Service, whose smallest instance types accept 10 MiB request bodies. */
export const OPENSEARCH_DEFAULTS = {
  indexPrefix: 'cwl',
  retentionDays: 30,
  bulkMaxDocs: 1000,
  bulkMaxBytes: 5 * MiB,
  concurrency: 4,
  requestTimeoutMs: 30_000,
  compression: 'gzip',
} as const;

/** The environment variable behind each setting, so an error can name what the user must fix. */
export const OPENSEARCH_ENV = {
  url: 'OPENSEARCH_URL',
  username: 'OPENSEARCH_USERNAME',
  password: 'OPENSEARCH_PASSWORD',
  awsRegion: 'OPENSEARCH_AWS_REGION',
  awsService: 'OPENSEARCH_AWS_SERVICE',
  indexPrefix: 'OPENSEARCH_INDEX_PREFIX',
  retentionDays: 'OPENSEARCH_RETENTION_DAYS',
  bulkMaxDocs: 'OPENSEARCH_BULK_MAX_DOCS',
  bulkMaxBytes: 'OPENSEARCH_BULK_MAX_BYTES',
  concurrency: 'OPENSEARCH_CONCURRENCY',
  requestTimeoutMs: 'OPENSEARCH_REQUEST_TIMEOUT_MS',
  compression: 'OPENSEARCH_COMPRESSION',
} as const;

/**
 * Which engine a configuration talks to, and the variables behind its settings, so one set of code can
 * serve OpenSearch and Elasticsearch and still name the variable a user must fix.
 *
 * @example
 * ```ts
 * const engine: SearchEngine = { id: 'opensearch', label: 'OpenSearch', variables: OPENSEARCH_ENV };
 * ```
 */
export interface SearchEngine {
  /** The connector id: `opensearch` or `elasticsearch`. */
  readonly id: string;
  /** The engine's name in messages. */
  readonly label: string;
  readonly variables: Readonly<Partial<Record<SettingKey, string>>> & { readonly url: string };
}

export const OPENSEARCH_ENGINE: SearchEngine = {
  id: 'opensearch',
  label: 'OpenSearch',
  variables: OPENSEARCH_ENV,
};

type SettingKey = keyof z.input<typeof openSearchSettingsSchema>;

const positiveInt = (max: number) => z.coerce.number().check(z.int(), z.positive(), z.maximum(max));
const trimmedNonEmpty = () => z.string().check(z.trim(), z.minLength(1));

const httpUrl = z.pipe(
  z.string().check(
    z.trim(),
    z.minLength(1),
    z.refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
      message: 'must be an http:// or https:// URL',
    }),
  ),
  z.transform((value) => value.replace(/\/+$/, '')),
);

// A prefix ends up at the start of every index name, so it must be a legal, lowercase name start.
const indexPrefix = z
  .string()
  .check(
    z.trim(),
    z.regex(
      /^[a-z0-9][a-z0-9_]{0,63}$/,
      'must be 1-64 lowercase letters, digits or "_", not starting with "_"',
    ),
  );

const emptyAsUndefined = (value: unknown): unknown => (value === '' ? undefined : value);
// `z.pipe(z.transform(f), schema)` is zod's preprocess: an empty variable counts as unset. The outer
// `z.optional` keeps the key optional in the input type.
const optional = <T extends z.ZodMiniType>(schema: T) =>
  z.optional(z.pipe(z.transform(emptyAsUndefined), z.optional(schema)));
const optionalOr = <T extends z.ZodMiniType>(schema: T, fallback: z.output<T> & {}) =>
  z._default(optional(schema), fallback as never);

/** The settings as plain values (environment strings are coerced); every key but `url` has a default. */
export const openSearchSettingsSchema = z.strictObject({
  url: httpUrl,
  username: optional(nonEmptyString()),
  password: optional(nonEmptyString()),
  awsRegion: optional(
    z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region such as eu-west-1')),
  ),
  awsService: optional(z.enum(['es', 'aoss'])),
  apiKey: optional(trimmedNonEmpty()),
  caCert: optional(trimmedNonEmpty()),
  indexPrefix: optionalOr(indexPrefix, OPENSEARCH_DEFAULTS.indexPrefix),
  retentionDays: optionalOr(positiveInt(36_500), OPENSEARCH_DEFAULTS.retentionDays),
  bulkMaxDocs: optionalOr(positiveInt(100_000), OPENSEARCH_DEFAULTS.bulkMaxDocs),
  bulkMaxBytes: optionalOr(positiveInt(100 * MiB), OPENSEARCH_DEFAULTS.bulkMaxBytes),
  concurrency: optionalOr(positiveInt(64), OPENSEARCH_DEFAULTS.concurrency),
  requestTimeoutMs: optionalOr(positiveInt(600_000), OPENSEARCH_DEFAULTS.requestTimeoutMs),
  compression: optionalOr(z.enum(['gzip', 'none']), OPENSEARCH_DEFAULTS.compression),
});

export type OpenSearchSettingsInput = z.input<typeof openSearchSettingsSchema>;

/** How requests are authenticated: none (local node), HTTP basic, or AWS SigV4 (Amazon OpenSearch Service). */
export type OpenSearchAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'apiKey'; readonly apiKey: string }
  | { readonly kind: 'sigv4'; readonly region: string; readonly service: 'es' | 'aoss' };

/**
 * Validated OpenSearch settings, shared by the client, the bulk connector and `cwlpipe setup`.
 *
 * @example
 * ```ts
 * const config = openSearchConfigFromEnv(); // OPENSEARCH_URL=http://127.0.0.1:9200
 * config.bulk.maxBytes; // 5242880
 * ```
 */
export interface OpenSearchConfig {
  readonly engine: SearchEngine;
  /** Base URL without a trailing slash. */
  readonly url: string;
  readonly auth: OpenSearchAuth;
  /** A PEM bundle of the certificate authorities to trust (a cluster with its own CA). */
  readonly tls?: { readonly ca: string };
  /** First word of every index name: `<prefix>-<type>-<yyyy.MM.dd>`. */
  readonly indexPrefix: string;
  /** The ISM policy deletes indices older than this. */
  readonly retentionDays: number;
  readonly bulk: {
    /** At most this many documents per `_bulk` request. */
    readonly maxDocs: number;
    /** At most this many bytes per `_bulk` body before compression (one oversized document is sent alone). */
    readonly maxBytes: number;
    /** At most this many `_bulk` requests in flight. */
    readonly concurrency: number;
  };
  readonly requestTimeoutMs: number;
  /** `_bulk` bodies sent gzip-compressed (level 1) or as they are. */
  readonly compression: 'gzip' | 'none';
}

/**
 * Validates settings given as values (tests, programmatic use); a mistake names the variable to fix.
 *
 * @example
 * ```ts
 * const config = buildOpenSearchConfig({ url: 'http://127.0.0.1:9200', retentionDays: 7 });
 * ```
 */
export const buildOpenSearchConfig = (
  input: OpenSearchSettingsInput,
  engine: SearchEngine = OPENSEARCH_ENGINE,
): OpenSearchConfig => {
  const parsed = openSearchSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = issue.path[0];
      const name = typeof key === 'string' ? (engine.variables[key as SettingKey] ?? key) : key;
      return `${String(name ?? '(settings)')}: ${issue.message}`;
    });
    throw new ConfigError(
      `${engine.id}_config_invalid`,
      `The ${engine.label} settings are invalid: ${problems.join('; ')}.`,
    );
  }
  const settings = parsed.data;
  const tls = settings.caCert === undefined ? undefined : { ca: readCa(settings.caCert, engine) };
  const auth = authOf(settings, engine);
  checkTransport(settings.url, auth, engine);
  return {
    engine,
    url: settings.url,
    auth,
    ...(tls && { tls }),
    indexPrefix: settings.indexPrefix,
    retentionDays: settings.retentionDays,
    bulk: {
      maxDocs: settings.bulkMaxDocs,
      maxBytes: settings.bulkMaxBytes,
      concurrency: settings.concurrency,
    },
    requestTimeoutMs: settings.requestTimeoutMs,
    compression: settings.compression,
  };
};

/**
 * Reads the OpenSearch settings from the environment (`OPENSEARCH_URL` and friends, see docs/configuration.md).
 * `OPENSEARCH_URL` is required here; callers that can start a local node check for it first.
 *
 * @example
 * ```ts
 * const config = openSearchConfigFromEnv({ OPENSEARCH_URL: 'https://search-logs.eu-west-1.es.amazonaws.com', OPENSEARCH_AWS_REGION: 'eu-west-1' });
 * config.auth; // { kind: 'sigv4', region: 'eu-west-1', service: 'es' }
 * ```
 */
export const openSearchConfigFromEnv = (
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<OpenSearchSettingsInput> = {},
): OpenSearchConfig => searchConfigFromEnv(OPENSEARCH_ENGINE, env, overrides);

/**
 * {@link openSearchConfigFromEnv} for any engine: reads the variables the engine names.
 *
 * @example
 * ```ts
 * const config = searchConfigFromEnv(ELASTICSEARCH_ENGINE, { ELASTICSEARCH_URL: 'http://127.0.0.1:9200' });
 * ```
 */
export const searchConfigFromEnv = (
  engine: SearchEngine,
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<OpenSearchSettingsInput> = {},
): OpenSearchConfig => {
  // Secret settings may come from a file (`<VARIABLE>_FILE`) instead of the variable itself.
  const fromEnv = Object.fromEntries(
    Object.entries(engine.variables).map(([key, variable]) => [
      key,
      SECRET_SETTINGS.has(key) ? secretSetting(env, variable) : env[variable],
    ]),
  ) as Partial<Record<SettingKey, string | undefined>>;
  const url = overrides.url ?? fromEnv.url;
  if (url === undefined || url.trim() === '') {
    throw new ConfigError(
      `${engine.id}_url_missing`,
      `${engine.variables.url} is not set: point it at an ${engine.label} cluster (e.g. http://127.0.0.1:9200).`,
    );
  }
  const defined = Object.fromEntries(Object.entries(fromEnv).filter(([, value]) => value !== undefined));
  return buildOpenSearchConfig({ ...defined, ...overrides, url } as OpenSearchSettingsInput, engine);
};

const SECRET_SETTINGS: ReadonlySet<string> = new Set(['password', 'apiKey']);

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Whether a host is an AWS-run search endpoint: an Amazon OpenSearch Service domain (`*.es.amazonaws.com`,
 * `*.aos.<region>.on.aws`) or an OpenSearch Serverless collection (`*.aoss.amazonaws.com`).
 *
 * @example
 * ```ts
 * isAwsSearchHost('search-logs-abc.eu-west-1.es.amazonaws.com'); // true
 * ```
 */
export const isAwsSearchHost = (hostname: string): boolean =>
  /\.(es|aoss)\.amazonaws\.com(\.cn)?$/i.test(hostname) || /\.aos\.[a-z0-9-]+\.on\.aws$/i.test(hostname);

// Plain HTTP to AWS would send SigV4-signed requests (and every document) unencrypted; AWS domains that
// enforce HTTPS refuse it anyway, later and less clearly. Refused here, at start.
const checkTransport = (url: string, auth: OpenSearchAuth, engine: SearchEngine): void => {
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'http:') return;
  const problem = isAwsSearchHost(hostname)
    ? `${engine.variables.url} is a plain http:// URL of an AWS endpoint (${hostname}); use https://.`
    : auth.kind === 'sigv4' && !LOOPBACK.has(hostname)
      ? `${engine.variables.url} is a plain http:// URL and requests are signed with SigV4; use https://.`
      : undefined;
  if (problem !== undefined)
    throw new ConfigError(
      `${engine.id}_config_invalid`,
      `The ${engine.label} settings are invalid: ${problem}`,
    );
};

const readCa = (path: string, engine: SearchEngine): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `${engine.id}_config_invalid`,
      `The ${engine.label} settings are invalid: ${engine.variables.caCert ?? 'caCert'} names ${path}, which cannot be read (${(error as Error).message}).`,
      { cause: error },
    );
  }
};

const authOf = (
  settings: z.output<typeof openSearchSettingsSchema>,
  engine: SearchEngine,
): OpenSearchAuth => {
  const { username, password, awsRegion, awsService, apiKey } = settings;
  const name = (key: SettingKey): string => engine.variables[key] ?? key;
  const invalid = (problem: string) =>
    new ConfigError(`${engine.id}_config_invalid`, `The ${engine.label} settings are invalid: ${problem}`);
  if ((username === undefined) !== (password === undefined)) {
    const missing = username === undefined ? name('username') : name('password');
    throw invalid(`${missing} is required when the other half of the basic credentials is set.`);
  }
  if (awsService !== undefined && awsRegion === undefined) {
    throw invalid(`${name('awsService')} needs ${name('awsRegion')} (SigV4 signs for one region).`);
  }
  if (awsRegion !== undefined && username !== undefined) {
    throw invalid(
      `set either ${name('awsRegion')} (SigV4) or ${name('username')}/${name('password')} (basic auth), not both.`,
    );
  }
  if (apiKey !== undefined && (username !== undefined || awsRegion !== undefined)) {
    throw invalid(`set either ${name('apiKey')} or ${name('username')}/${name('password')}, not both.`);
  }
  if (awsRegion !== undefined) return { kind: 'sigv4', region: awsRegion, service: awsService ?? 'es' };
  if (apiKey !== undefined) return { kind: 'apiKey', apiKey };
  if (username !== undefined && password !== undefined) return { kind: 'basic', username, password };
  return { kind: 'none' };
};
