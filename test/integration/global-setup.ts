import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redactUrl } from '../../src/connectors/opensearch/redact-url';
import { startLocalElasticsearch } from '../../src/local/elasticsearch/node';
import { type LocalOpenSearch, startLocalOpenSearch } from '../../src/local/opensearch/node';

/** Where teardown finds what setup started (same jest process, so the pid names it). */
export const stateFile = (): string => join(tmpdir(), `cwlpipe-jest-servers-${process.pid}.json`);

type NodeState = { readonly pid: number; readonly url: string; readonly runDir: string };
export interface ServersState {
  readonly opensearch?: NodeState;
  readonly elasticsearch?: NodeState;
}

/** The running nodes, for teardown in the same process (jest runs both there). */
export const globalServers = globalThis as typeof globalThis & {
  cwlpipeOpenSearch?: LocalOpenSearch;
  cwlpipeElasticsearch?: LocalOpenSearch;
};

const ENGINES = [
  { key: 'opensearch', label: 'OpenSearch', variable: 'OPENSEARCH_URL', start: startLocalOpenSearch },
  {
    key: 'elasticsearch',
    label: 'Elasticsearch',
    variable: 'ELASTICSEARCH_URL',
    start: startLocalElasticsearch,
  },
] as const;

// Starts the real servers the integration tests talk to, once per `npm test`, one node per engine, side
// by side; test workers inherit the endpoints through the environment. A URL variable already set means:
// use that cluster, start nothing for that engine.
export default async (): Promise<void> => {
  const started = await Promise.all(
    ENGINES.map(async (engine) => {
      const existing = process.env[engine.variable];
      if (existing !== undefined && existing !== '') {
        process.stderr.write(
          `\n${engine.label}: using the existing cluster at ${redactUrl(existing)} (${engine.variable}).\n`,
        );
        return undefined;
      }
      const since = Date.now();
      const node = await engine.start({ log: (message) => process.stderr.write(`\n${message}\n`) });
      process.env[engine.variable] = node.url;
      process.stderr.write(
        `\n${engine.label}: started local ${node.version} at ${node.url} in ${((Date.now() - since) / 1000).toFixed(1)} s (set ${engine.variable} to use another cluster).\n`,
      );
      return [engine.key, node] as const;
    }),
  );
  const nodes = Object.fromEntries(started.filter((entry) => entry !== undefined));
  globalServers.cwlpipeOpenSearch = nodes.opensearch;
  globalServers.cwlpipeElasticsearch = nodes.elasticsearch;
  const state: ServersState = Object.fromEntries(
    Object.entries(nodes).map(([key, node]) => [key, { pid: node.pid, url: node.url, runDir: node.runDir }]),
  );
  writeFileSync(stateFile(), JSON.stringify(state));
};
