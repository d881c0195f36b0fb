import type { Command } from 'commander';
import { buildConnectors, buildLetterStore } from '../connectors';
import {
  countLetters,
  listLetters,
  type OpenSearchLetterFilter,
} from '../connectors/deadletter/opensearch-store';
import { createOpenSearchClient } from '../connectors/opensearch/client';
import { destinationConfigFromEnv } from '../connectors/registry';
import { consumerEnv } from '../consumers/env';
import { redriveLetters } from '../consumers/redrive';
import { ConfigError, DEAD_LETTER_STAGES } from '../core';
import { Pipeline } from '../pipeline';
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
    .action(async (options: FilterOptions & { limit: string }) => {
      const { client, filter } = open(options);
      try {
        for (const found of await listLetters(client, filter, positive(options.limit, '--limit'))) {
          const { raw_record, ...letter } = found.letter;
          const shown =
            raw_record === undefined ? letter : { ...letter, raw_record_bytes: raw_record.length };
          process.stdout.write(`${JSON.stringify({ index: found.index, ...shown })}\n`);
        }
      } finally {
        await client.close();
      }
    });

  withFilters(
    withDestination(command.command('count')).description('Count letters by code and by stage.'),
  ).action(async (options: FilterOptions) => {
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
  });

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
    .action(async (options: FilterOptions & { config?: string; connectors?: string }) => {
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
          process.stderr.write(`still failing ${failing.id} (${failing.code}): ${failing.reason}\n`);
        process.stdout.write(
          `tried: ${result.tried}\nresolved (deleted): ${result.resolved}\nstill failing (kept): ${result.stillFailing.length}\n`,
        );
      } finally {
        await Promise.all([letters.close(), ...connectors.map((connector) => connector.close?.())]);
      }
    });
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
