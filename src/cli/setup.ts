import type { Command } from 'commander';
import { createOpenSearchClient } from '../connectors/opensearch/client';
import { openSearchConfigFromEnv } from '../connectors/opensearch/config';
import { type SetupReport, setupOpenSearch } from '../connectors/opensearch/setup';
import { FIELD_CATALOG } from '../transformers';

interface SetupOptions {
  retentionDays?: string;
  prefix?: string;
}

/** `cwlpipe setup`: index templates and the ISM retention policy on the cluster at OPENSEARCH_URL. */
export const registerSetup = (program: Command): void => {
  program
    .command('setup')
    .description(
      'Install (or update) the index templates and the ISM retention policy on the OpenSearch at OPENSEARCH_URL; safe to re-run.',
    )
    .option(
      '--retention-days <days>',
      'delete indices this many days after creation (default 30, or OPENSEARCH_RETENTION_DAYS)',
    )
    .option('--prefix <prefix>', 'index name prefix (default cwl, or OPENSEARCH_INDEX_PREFIX)')
    .action(async (options: SetupOptions) => {
      const config = openSearchConfigFromEnv(process.env, {
        ...(options.retentionDays !== undefined && { retentionDays: options.retentionDays }),
        ...(options.prefix !== undefined && { indexPrefix: options.prefix }),
      });
      const client = createOpenSearchClient(config);
      try {
        const report = await setupOpenSearch(client, config, FIELD_CATALOG);
        process.stdout.write(describeSetup(report, config.retentionDays));
      } finally {
        await client.close();
      }
    });
};

/**
 * The report as lines for a person: one per template and one for the policy.
 *
 * @example
 * ```ts
 * describeSetup({ templates: [{ name: 'cwl-json', outcome: 'unchanged' }], ism: { policyId: 'cwl-retention', outcome: 'created' } }, 30);
 * // 'index template cwl-json: unchanged\nISM policy cwl-retention (delete after 30 days): created\n'
 * ```
 */
export const describeSetup = (report: SetupReport, retentionDays: number): string => {
  const lines = report.templates.map((template) => `index template ${template.name}: ${template.outcome}`);
  const ism = report.ism;
  lines.push(
    ism.outcome === 'unavailable'
      ? `ISM policy ${ism.policyId}: not installed: ${ism.reason ?? 'ISM is not available'}`
      : `ISM policy ${ism.policyId} (delete after ${retentionDays} days): ${ism.outcome}` +
          (ism.attached ? `, attached to ${ism.attached} existing indices` : ''),
  );
  return `${lines.join('\n')}\n`;
};
