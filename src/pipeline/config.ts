import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { ConfigError, type LogType, type TransformLimits, type VpcFormat } from '../core';
import { nonEmptyString } from '../core/schema';
import { DEFAULT_LIMITS, isLogType, LOG_TYPES, parseVpcFormat } from '../transformers';
import { globToRegExp } from './glob';
import { eventFiltersSchema, fieldPoliciesSchema, PrivacyPolicy, privacySchema } from './privacy';
import type { EventFiltersInput, FieldPoliciesInput, PrivacyInput } from './privacy/schema';

export { globToRegExp } from './glob';

const MiB = 1024 * 1024;

/**
 * Events one record may hold before it is set aside whole. A CloudWatch Logs subscription record is at
 * most 1 MiB of gzip, and real ones hold a few thousand events; the cap keeps one record's documents (about
 * 1–2 KB each in memory) to tens of megabytes, whatever a hostile record compresses.
 */
export const DEFAULT_MAX_EVENTS_PER_RECORD = 20_000;

const positiveInt = () => z.number().check(z.int(), z.positive());

const logGroupRuleSchema = z.strictObject({
  pattern: nonEmptyString(),
  type: z.optional(
    z.string().check(z.refine(isLogType, { message: `must be one of ${LOG_TYPES.join(', ')}` })),
  ),
  vpcFormat: z.optional(nonEmptyString()),
  preserveOriginal: z.optional(z.boolean()),
});

/** The config file (`cwlpipe.config.json` or `--config FILE`); every key is optional. */
export const configSchema = z.strictObject({
  logGroups: z._default(z.array(logGroupRuleSchema), []),
  defaultVpcFormat: z.optional(nonEmptyString()),
  maxGunzipBytes: z._default(positiveInt(), 64 * MiB),
  maxEventsPerRecord: z._default(positiveInt(), DEFAULT_MAX_EVENTS_PER_RECORD),
  limits: z._default(
    z.strictObject({
      maxMessageChars: z._default(positiveInt(), DEFAULT_LIMITS.maxMessageChars),
      maxJsonDepth: z._default(positiveInt(), DEFAULT_LIMITS.maxJsonDepth),
      maxJsonFields: z._default(positiveInt(), DEFAULT_LIMITS.maxJsonFields),
      maxEventAgeDays: z._default(
        z.number().check(z.positive(), z.maximum(36_500)),
        DEFAULT_LIMITS.maxEventAgeDays,
      ),
    }),
    DEFAULT_LIMITS,
  ),
  privacy: privacySchema,
  fields: fieldPoliciesSchema,
  filters: eventFiltersSchema,
});

export type ConfigInput = z.input<typeof configSchema>;

/** A log-group rule with its format already parsed. */
export interface LogGroupRule {
  readonly pattern: string;
  readonly matcher: RegExp;
  readonly type: LogType;
  readonly vpcFormat?: VpcFormat;
  /** Keep `@message` on documents whose every part became a field (VPC, CloudTrail, Lambda platform lines). */
  readonly preserveOriginal?: boolean;
}

/** Validated configuration, ready for the router and decoder. */
export interface PipelineConfig {
  readonly logGroups: readonly LogGroupRule[];
  readonly defaultVpcFormat?: VpcFormat;
  readonly maxGunzipBytes: number;
  /** A record with more events is set aside whole as `events_too_many`. */
  readonly maxEventsPerRecord: number;
  readonly limits: TransformLimits;
  /** Redaction, field drops and keeps, and event filters, checked; each Pipeline compiles its own policy. */
  readonly privacy: { privacy: PrivacyInput; fields: FieldPoliciesInput; filters: EventFiltersInput };
}

/**
 * Validates raw configuration once, at start; every mistake is named with its path.
 *
 * @example
 * ```ts
 * const config = buildConfig({ logGroups: [{ pattern: '/vpc/*', vpcFormat: '${version} ${srcaddr}' }] });
 * ```
 */
export const buildConfig = (input: unknown = {}, origin = 'configuration'): PipelineConfig => {
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(top)'}${ofLogGroup(input, issue.path)}: ${issue.message}`,
    );
    throw new ConfigError('config_invalid', `The ${origin} is invalid: ${problems.join('; ')}.`);
  }
  const raw = parsed.data;
  const logGroups = raw.logGroups.map((rule, index): LogGroupRule => {
    const vpcFormat =
      rule.vpcFormat === undefined
        ? undefined
        : vpcFormatOrThrow(rule.vpcFormat, `logGroups.${index}.vpcFormat`, origin);
    const type = rule.type ?? (vpcFormat === undefined ? undefined : 'vpcflow');
    if (type === undefined) {
      throw new ConfigError(
        'config_invalid',
        `The ${origin} is invalid: logGroups.${index} ("${rule.pattern}") names neither a type nor a vpcFormat.`,
      );
    }
    return {
      pattern: rule.pattern,
      matcher: globToRegExp(rule.pattern),
      type,
      ...(vpcFormat && { vpcFormat }),
      ...(rule.preserveOriginal === true && { preserveOriginal: true }),
    };
  });
  const defaultVpcFormat =
    raw.defaultVpcFormat === undefined
      ? undefined
      : vpcFormatOrThrow(raw.defaultVpcFormat, 'defaultVpcFormat', origin);
  const privacy = { privacy: raw.privacy, fields: raw.fields, filters: raw.filters };
  try {
    PrivacyPolicy.compile(privacy);
  } catch (error) {
    if (error instanceof ConfigError)
      throw new ConfigError(error.code, error.message.replace('The configuration', `The ${origin}`));
    throw error;
  }
  return {
    logGroups,
    maxGunzipBytes: raw.maxGunzipBytes,
    maxEventsPerRecord: raw.maxEventsPerRecord,
    limits: raw.limits,
    privacy,
    ...(defaultVpcFormat && { defaultVpcFormat }),
  };
};

/** ` ("/aws/vpc/*")` when a path points into a log-group rule with a pattern, so the message names the group. */
const ofLogGroup = (input: unknown, path: readonly PropertyKey[]): string => {
  if (path[0] !== 'logGroups' || typeof path[1] !== 'number' || path.length < 3) return '';
  const rules = (input as { logGroups?: unknown } | null | undefined)?.logGroups;
  const pattern = Array.isArray(rules)
    ? (rules[path[1]] as { pattern?: unknown } | undefined)?.pattern
    : undefined;
  return typeof pattern === 'string' ? ` ("${pattern}")` : '';
};

/** Reads and validates a JSON config file. */
export const loadConfigFile = (path: string): PipelineConfig => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError('config_unreadable', `The config file ${path} could not be read.`, {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      'config_invalid',
      `The config file ${path} is not valid JSON: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return buildConfig(json, `config file ${path}`);
};

export const vpcFormatOrThrow = (formatString: string, where: string, origin: string): VpcFormat => {
  const parsed = parseVpcFormat(formatString);
  if (!parsed.ok)
    throw new ConfigError('config_invalid', `The ${origin} is invalid: ${where}: ${parsed.message}`);
  return parsed.format;
};
