import type { Command } from 'commander';
import { secretSetting } from '../connectors';
import { createOpenSearchClient, type OpenSearchClient } from '../connectors/opensearch/client';
import { destinationConfigFromEnv } from '../connectors/registry';
import { dashboardsNdjson, importRulesOf, importSavedObjects, savedObjectsFormat } from '../dashboards';
import { type DashboardsServer, type SearchFn, startDashboardsServer } from '../local/dashboards/server';
import { positiveInt } from './options';

/** `cwlpipe dashboards export | serve`: the saved-objects file, and the dashboards as a local page. */
export const registerDashboards = (program: Command): void => {
  const dashboards = program
    .command('dashboards')
    .description(
      'The OpenSearch Dashboards / Kibana dashboards: export the saved objects, or browse them locally.',
    );
  dashboards
    .command('export')
    .description(
      'Print the saved-objects NDJSON (index patterns, visualizations, saved searches, dashboards).',
    )
    .option(
      '--prefix <prefix>',
      'index name prefix the index patterns read (default cwl, or OPENSEARCH_INDEX_PREFIX)',
    )
    .option('--format <format>', FORMAT_HELP, 'kibana7')
    .action((options: { prefix?: string; format: string }) => {
      process.stdout.write(dashboardsNdjson(prefixOf(options), savedObjectsFormat(options.format)));
    });
  dashboards
    .command('serve')
    .description(
      'Serve the dashboards as a local web page on 127.0.0.1, drawn from the cluster OPENSEARCH_URL names (Ctrl-C ends).',
    )
    .option('--port <port>', 'port to listen on (default: a free one)')
    .option('--prefix <prefix>', 'index name prefix (default cwl, or OPENSEARCH_INDEX_PREFIX)')
    .action(async (options: { port?: string; prefix?: string }) => {
      const config = destinationConfigFromEnv();
      const client = createOpenSearchClient(config);
      const server = await serveDashboards(client, {
        prefix: options.prefix ?? config.indexPrefix,
        ...(options.port !== undefined && { port: positiveInt(options.port, '--port') }),
      });
      process.stdout.write(`Dashboards: ${server.url} (Ctrl-C ends)\n`);
      await new Promise<void>((done) => {
        process.once('SIGINT', () => done());
        process.once('SIGTERM', () => done());
      });
      await server.close();
      await client.close();
    });
};

/**
 * Serves the dashboards over an OpenSearch client: each panel's translated request goes to `_search`.
 *
 * @example
 * ```ts
 * const server = await serveDashboards(client, { prefix: 'cwl' });
 * ```
 */
export const serveDashboards = (
  client: OpenSearchClient,
  options: { prefix: string; port?: number },
): Promise<DashboardsServer> => {
  const search: SearchFn = async (request) =>
    (await client.search({ index: request.index, body: request.body as never, ignore_unavailable: true }))
      .body as unknown as Record<string, unknown>;
  return startDashboardsServer({ search, ...options });
};

/** `cwlpipe setup dashboards --url …`: imports the saved objects into OpenSearch Dashboards or Kibana. */
export const registerSetupDashboards = (setup: Command): void => {
  setup
    .command('dashboards')
    .description(
      'Import the dashboards into OpenSearch Dashboards or Kibana (overwrites earlier cwlpipe objects); fails naming every object that did not import.',
    )
    .requiredOption(
      '--url <url>',
      'the dashboards URL (an Amazon OpenSearch Service domain endpoint gets /_dashboards)',
    )
    .option(
      '--aws-region <region>',
      'sign with SigV4 (Amazon OpenSearch Service; default OPENSEARCH_AWS_REGION)',
    )
    .option('--username <name>', 'basic auth user (default OPENSEARCH_USERNAME)')
    .option(
      '--password <password>',
      'basic auth password (default OPENSEARCH_PASSWORD, OPENSEARCH_PASSWORD_FILE or OPENSEARCH_CREDENTIALS_SECRET; on the command line it shows in the process list)',
    )
    .option(
      '--prefix <prefix>',
      'index name prefix the index patterns read (default cwl, or OPENSEARCH_INDEX_PREFIX)',
    )
    .option('--format <format>', FORMAT_HELP, 'kibana7')
    .action(
      async (options: {
        url: string;
        awsRegion?: string;
        username?: string;
        password?: string;
        prefix?: string;
        format: string;
      }) => {
        const format = savedObjectsFormat(options.format);
        const region = options.awsRegion ?? process.env.OPENSEARCH_AWS_REGION;
        const username = options.username ?? process.env.OPENSEARCH_USERNAME;
        const password = options.password ?? secretSetting(process.env, 'OPENSEARCH_PASSWORD');
        const report = await importSavedObjects(dashboardsNdjson(prefixOf(options), format), {
          url: options.url,
          rules: importRulesOf(format),
          ...(region !== undefined && region !== '' && { awsRegion: region }),
          ...(username !== undefined && { username }),
          ...(password !== undefined && { password }),
        });
        process.stdout.write(
          `dashboards: imported ${report.imported} of ${report.sent} saved objects at ${report.endpoint}\n`,
        );
      },
    );
};

const FORMAT_HELP =
  'kibana7: OpenSearch Dashboards 1.x–3.x and Kibana 7.10–8.x; kibana8: Kibana 8.8 and later, 9.x included';

const prefixOf = (options: { prefix?: string }): string =>
  options.prefix ?? (process.env.OPENSEARCH_INDEX_PREFIX || 'cwl');
