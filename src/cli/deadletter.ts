import type { Command } from 'commander';
import { buildConnectors, buildLetterStore } from '../connectors';
import type { StoredLetter } from '../connectors/deadletter/opensearch-sink';
import {
  countLetters,
  listLetters,
  type OpenSearchLetterFilter,
} from '../connectors/deadletter/opensearch-store';
import { createOpenSearchClient } from '../connectors/opensearch/client';
import { destinationConfigFromEnv } from '../connectors/registry';
import { consumerEnv } from '../consumers/env';
import { redriveLetters } from '../consumers/redrive';
import { ConfigError, DEAD_LETTER_STAGES, excerpt } from '../core';
import { Pipeline } from '../pipeline';
import { PrivacyPolicy } from '../pipeline/privacy';
import { withDestination } from './options';
import { resolveConfig } from './transform';

interface FilterOptions {
  code?: string;
  stage?: string;
  day?: string;
}

const STAGES: readonly string[] = DEAD_LETTER_STAGES;

/** `cwlpipe deadletter list|count|redrive`: what could not be indexed, and a second chance for it. */
export const registerDeadletter = (program: Command): void => {
  const command = program
    .command('deadletter')
    .description('List, count and re-drive dead letters (the cwl-deadletter-<yyyy.MM.dd> indices).');
  const withFilters = (sub: Command): Command =>
    sub
      .option('--code <code>', 'only letters with this code, e.g. mapper_parsing_exception')
      .option('--stage <stage>', `only letters of this stage (${STAGES.join(', ')})`)
      .option(
        '--day <yyyy-MM-dd>',
        "only letters of this UTC day (their events' day; the day written, for records that never decoded)",
      );

  withFilters(
    withDestination(command.command('list')).description(
      'Print the most recent letters, one JSON line each.',
    ),
  )
    .option('-n, --limit <n>', 'how many', '20')
    .option(
      '-c, --config <file>',
      'pipeline config file whose privacy rules redact what is shown (as for transform)',
    )
    .action(listCommand);

  withFilters(
    withDestination(command.command('count')).description('Count letters by code and by stage.'),
  ).action(countCommand);

  withFilters(
    withDestination(command.command('redrive')).description(
      'Run letters through the current pipeline and connectors; delete those that now succeed.',
    ),
  )
    .option('-c, --config <file>', 'pipeline config file (as for transform)')
    .option(
      '--connectors <names>',
      'comma-separated connectors (default: CWLPIPE_CONNECTORS, else the destination)',
    )
    .action(redriveCommand);
};

/** `deadletter list`: the most recent letters, one JSON line each. */
const listCommand = async (options: FilterOptions & { limit: string; config?: string }): Promise<void> => {
  const { client, filter } = open(options);
  // Letters keep the raw event for redrive; what is shown is redacted like the indexed documents.
  const privacy = PrivacyPolicy.compile(resolveConfig(options).privacy);
  try {
    for (const found of await listLetters(client, filter, positive(options.limit, '--limit'))) {
      process.stdout.write(
        `${JSON.stringify({ index: found.index, ...shownLetter(found.letter, privacy) })}\n`,
      );
    }
  } finally {
    await client.close();
  }
};

/** `deadletter count`: the total, then by stage and by code. */
const countCommand = async (options: FilterOptions): Promise<void> => {
  const { client, filter } = open(options);
  try {
    const counts = await countLetters(client, filter);
    process.stdout.write(`total: ${counts.total}\n`);
    for (const [key, values] of [
      ['stage', counts.byStage],
      ['code', counts.byCode],
    ] as const)
      for (const [value, count] of Object.entries(values))
        process.stdout.write(`${key} ${value}: ${count}\n`);
  } finally {
    await client.close();
  }
};

/** `deadletter redrive`: the letters through today's pipeline and connectors; those that succeed are deleted. */
const redriveCommand = async (
  options: FilterOptions & { config?: string; connectors?: string },
): Promise<void> => {
  const { filter } = checkFilter(options);
  const letters = buildLetterStore();
  const names = options.connectors?.split(',').map((name) => name.trim()) ?? consumerEnv().connectors;
  const connectors = buildConnectors(names);
  try {
    const result = await redriveLetters(letters.store, filter, {
      pipeline: new Pipeline(resolveConfig(options)),
      connectors,
    });
    for (const failing of result.stillFailing)
      process.stderr.write(`still failing ${failing.id} (${failing.code}): ${excerpt(failing.reason)}\n`);
    process.stdout.write(
      `tried: ${result.tried}\nresolved (deleted): ${result.resolved}\nstill failing (kept): ${result.stillFailing.length}\n`,
    );
  } finally {
    await Promise.all([letters.close(), ...connectors.map((connector) => connector.close?.())]);
  }
};

/** The filter the options name, checked; the cluster's own prefix. */
const checkFilter = (options: FilterOptions) => {
  const config = destinationConfigFromEnv();
  if (options.stage !== undefined && !STAGES.includes(options.stage))
    throw new ConfigError('option_invalid', `--stage "${options.stage}" is not one of ${STAGES.join(', ')}.`);
  if (options.day !== undefined && !/^\d{4}[-.]\d{2}[-.]\d{2}$/.test(options.day))
    throw new ConfigError('option_invalid', `--day "${options.day}" is not a day such as 2024-05-01.`);
  const filter: OpenSearchLetterFilter = {
    prefix: config.indexPrefix,
    ...(options.code !== undefined && { code: options.code }),
    ...(options.stage !== undefined && { stage: options.stage }),
    ...(options.day !== undefined && { day: options.day }),
  };
  return { config, filter };
};

const open = (options: FilterOptions) => {
  const { config, filter } = checkFilter(options);
  return { client: createOpenSearchClient(config), filter };
};

const positive = (value: string, name: string): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0)
    throw new ConfigError('option_invalid', `${name} "${value}" is not a positive whole number.`);
  return parsed;
};

/**
 * A stored letter as `deadletter list` prints it: the raw record's size instead of its bytes, and the raw
 * event's message and the reason redacted with the privacy rules of its log group.
 *
 * @example
 * ```ts
 * shownLetter(letter, PrivacyPolicy.compile(buildConfig().privacy)).raw_event?.message; // 'login with [aws_key]'
 * ```
 */
export const shownLetter = (letter: StoredLetter, privacy: PrivacyPolicy): Record<string, unknown> => {
  const { raw_record, ...rest } = letter;
  const logGroup = letter.source?.logGroup ?? '';
  return {
    ...rest,
    reason: privacy.redactText(letter.reason, logGroup),
    ...(letter.raw_event !== undefined && {
      raw_event: { ...letter.raw_event, message: privacy.redactText(letter.raw_event.message, logGroup) },
    }),
    ...(raw_record !== undefined && { raw_record_bytes: raw_record.length }),
  };
};
