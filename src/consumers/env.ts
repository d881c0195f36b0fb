import * as z from 'zod/mini';
import { destinationFromEnv } from '../connectors';
import { ConfigError } from '../core';
import '../core/schema';
import { buildConfig, loadConfigFile, type PipelineConfig } from '../pipeline';

/** The environment variables the Lambda handlers read (OpenSearch's own are in `connectors/opensearch/config.ts`). */
export const CONSUMER_ENV = {
  config: 'CWLPIPE_CONFIG',
  configFile: 'CWLPIPE_CONFIG_FILE',
  connectors: 'CWLPIPE_CONNECTORS',
  safetyMarginMs: 'CWLPIPE_SAFETY_MARGIN_MS',
  firehoseMaxResponseBytes: 'CWLPIPE_FIREHOSE_MAX_RESPONSE_BYTES',
  firehoseOutput: 'CWLPIPE_FIREHOSE_OUTPUT',
} as const;

/**
 * What an `Ok` Firehose record carries: `ndjson`, every document of the record's envelope, one per line
 * (for S3 and HTTP endpoint destinations); `document`, exactly one document (for Firehose's OpenSearch and
 * Elasticsearch-style destinations, which index each record as one document).
 */
export const FIREHOSE_OUTPUTS = ['ndjson', 'document'] as const;
export type FirehoseOutput = (typeof FIREHOSE_OUTPUTS)[number];

/**
 * Firehose refuses a transformation response over 6 MB; the AWS CloudWatch Logs processor blueprint
 * keeps its own budget at 6,000,000 bytes, under the 6 MiB Lambda payload limit, and so do we.
 */
export const FIREHOSE_RESPONSE_LIMIT = 6_000_000;

const blankAsUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

// `z.pipe(z.transform(f), schema)` is zod's preprocess: a blank variable counts as unset.
const unlessBlank = <T extends z.ZodMiniType>(schema: T) => z.pipe(z.transform(blankAsUndefined), schema);

const envSchema = z.object({
  [CONSUMER_ENV.config]: unlessBlank(z.optional(z.string())),
  [CONSUMER_ENV.configFile]: unlessBlank(z.optional(z.string())),
  [CONSUMER_ENV.connectors]: unlessBlank(
    z.optional(
      z
        .string()
        .check(
          z.regex(/^[a-z0-9_-]+(\s*,\s*[a-z0-9_-]+)*$/, 'must be a comma-separated list of connector names'),
        ),
    ),
  ),
  [CONSUMER_ENV.safetyMarginMs]: unlessBlank(
    z._default(
      z.coerce
        .number({ message: 'must be a whole number of milliseconds' })
        .check(
          z.int('must be a whole number of milliseconds'),
          z.minimum(0, 'must not be negative'),
          z.maximum(900_000, 'must be at most 900000 (a Lambda invocation lasts at most 15 minutes)'),
        ),
      10_000,
    ),
  ),
  [CONSUMER_ENV.firehoseMaxResponseBytes]: unlessBlank(
    z._default(
      z.coerce
        .number({ message: 'must be a whole number of bytes' })
        .check(
          z.int('must be a whole number of bytes'),
          z.positive('must be positive'),
          z.maximum(
            FIREHOSE_RESPONSE_LIMIT,
            `must be at most ${FIREHOSE_RESPONSE_LIMIT} (the Firehose response limit)`,
          ),
        ),
      FIREHOSE_RESPONSE_LIMIT,
    ),
  ),
  [CONSUMER_ENV.firehoseOutput]: unlessBlank(
    z._default(
      z.enum(FIREHOSE_OUTPUTS, { message: `must be one of ${FIREHOSE_OUTPUTS.join(', ')}` }),
      'ndjson',
    ),
  ),
});

/** What the consumers take from the environment, validated. */
export interface ConsumerEnv {
  readonly pipeline: PipelineConfig;
  /** Connector names, in order, e.g. `['opensearch']`. */
  readonly connectors: readonly string[];
  /** The Kinesis handler starts no new work once less than this remains of the invocation. */
  readonly safetyMarginMs: number;
  readonly firehoseMaxResponseBytes: number;
  readonly firehoseOutput: FirehoseOutput;
}

/**
 * Reads and validates the consumers' environment once (at cold start). A mistake throws a
 * {@link ConfigError} naming the variable and what is wrong with it.
 *
 * @example
 * ```ts
 * const env = consumerEnv({ CWLPIPE_CONNECTORS: 'opensearch', CWLPIPE_SAFETY_MARGIN_MS: '5000' });
 * env.safetyMarginMs; // 5000
 * ```
 */
export const consumerEnv = (env: NodeJS.ProcessEnv = process.env): ConsumerEnv => {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? 'environment');
      return `${variable} ${issue.message} (it is ${JSON.stringify(env[variable] ?? null)})`;
    });
    throw new ConfigError('env_invalid', `The environment is invalid: ${problems.join('; ')}.`);
  }
  const values = parsed.data;
  const inline = values[CONSUMER_ENV.config];
  const file = values[CONSUMER_ENV.configFile];
  if (inline !== undefined && file !== undefined) {
    throw new ConfigError(
      'env_invalid',
      `The environment is invalid: set ${CONSUMER_ENV.config} or ${CONSUMER_ENV.configFile}, not both.`,
    );
  }
  return {
    pipeline: file !== undefined ? loadConfigFile(file) : inlineConfig(inline),
    // Unset, the one destination: OpenSearch, or Elasticsearch when that is what is configured.
    connectors: (values[CONSUMER_ENV.connectors] ?? destinationFromEnv(env))
      .split(',')
      .map((name) => name.trim()),
    safetyMarginMs: values[CONSUMER_ENV.safetyMarginMs],
    firehoseMaxResponseBytes: values[CONSUMER_ENV.firehoseMaxResponseBytes],
    firehoseOutput: values[CONSUMER_ENV.firehoseOutput],
  };
};

const inlineConfig = (json: string | undefined): PipelineConfig => {
  if (json === undefined) return buildConfig();
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new ConfigError(
      'env_invalid',
      `The environment is invalid: ${CONSUMER_ENV.config} is not valid JSON (${(error as Error).message}).`,
      { cause: error },
    );
  }
  return buildConfig(value, `configuration in ${CONSUMER_ENV.config}`);
};
