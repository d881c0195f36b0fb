import type { Command } from 'commander';
import { buildConnectors } from '../connectors';
import { consumerEnv } from '../consumers/env';
import type { Connector, SetupReport } from '../core';
import { FIELD_CATALOG } from '../transformers';
import { registerSetupDashboards } from './dashboards';
import { positiveInt, withDestination } from './options';

interface SetupOptions {
  retentionDays?: string;
  prefix?: string;
  connectors?: string;
}

/** `cwlpipe setup`: every connector installs what it needs at its destination (templates, policies). */
export const registerSetup = (program: Command): void => {
  const setup = withDestination(program.command('setup'))
    .description(
      'Install (or update) what each connector needs at its destination: the index templates and the retention policy (ISM on OpenSearch, ILM on Elasticsearch); safe to re-run.',
    )
    .option(
      '--retention-days <days>',
      'delete indices this many days after creation (default 30, or OPENSEARCH_/ELASTICSEARCH_RETENTION_DAYS)',
    )
    .option('--prefix <prefix>', 'index name prefix (default cwl, or OPENSEARCH_/ELASTICSEARCH_INDEX_PREFIX)')
    .option(
      '--connectors <names>',
      'comma-separated connectors (default: CWLPIPE_CONNECTORS, else the destination)',
    )
    .action(async (options: SetupOptions) => {
      const connectors = buildConnectors(connectorNames(options), setupEnv(options));
      try {
        for (const report of await setupConnectors(connectors)) process.stdout.write(describeSetup(report));
      } finally {
        await Promise.all(connectors.map((connector) => connector.close?.()));
      }
    });
  registerSetupDashboards(setup);
};

/**
 * Runs every connector's setup in turn (those without one have nothing to install). A connector that
 * cannot be set up throws its own one-line ConfigError, which stops the command.
 *
 * @example
 * ```ts
 * const reports = await setupConnectors(buildConnectors(['opensearch']));
 * ```
 */
export const setupConnectors = async (connectors: readonly Connector[]): Promise<SetupReport[]> => {
  const reports: SetupReport[] = [];
  for (const connector of connectors) {
    if (connector.setup !== undefined) reports.push(await connector.setup({ fields: FIELD_CATALOG }));
  }
  return reports;
};

/**
 * A setup report as lines for a person: one per step.
 *
 * @example
 * ```ts
 * describeSetup({ connector: 'opensearch', summary: '…', steps: [{ subject: 'index template cwl-json', outcome: 'unchanged' }] });
 * // 'index template cwl-json: unchanged\n'
 * ```
 */
export const describeSetup = (report: SetupReport): string =>
  report.steps.map((step) => `${step.subject}: ${step.outcome}\n`).join('');

/** The option, else `CWLPIPE_CONNECTORS` as the consumers read it (blank means the default, opensearch). */
const connectorNames = (options: SetupOptions): string[] =>
  options.connectors !== undefined
    ? options.connectors
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '')
    : [...consumerEnv().connectors];

/** The options override each engine's own variables, checked here so the error names the option. */
const setupEnv = (options: SetupOptions): NodeJS.ProcessEnv => {
  const days =
    options.retentionDays === undefined
      ? undefined
      : String(positiveInt(options.retentionDays, '--retention-days'));
  return {
    ...process.env,
    ...(days !== undefined && { OPENSEARCH_RETENTION_DAYS: days, ELASTICSEARCH_RETENTION_DAYS: days }),
    ...(options.prefix !== undefined && {
      OPENSEARCH_INDEX_PREFIX: options.prefix,
      ELASTICSEARCH_INDEX_PREFIX: options.prefix,
    }),
  };
};
