import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redactUrl } from '../../src/connectors/opensearch/redact-url';
import { type LocalOpenSearch, startLocalOpenSearch } from '../../src/dev/opensearch/node';

/** Where teardown finds what setup started (same jest process, so the pid names it). */
export const stateFile = (): string => join(tmpdir(), `cwlpipe-jest-servers-${process.pid}.json`);

export interface ServersState {
  readonly opensearch?: { readonly pid: number; readonly url: string; readonly runDir: string };
}

/** The running node, for teardown in the same process (jest runs both there). */
export const globalServers = globalThis as typeof globalThis & { cwlpipeOpenSearch?: LocalOpenSearch };

// Starts the real servers the integration tests talk to, once per `npm test`; test workers inherit the
// endpoints through the environment. OPENSEARCH_URL already set means: use that cluster, start nothing.
export default async (): Promise<void> => {
  const existing = process.env.OPENSEARCH_URL;
  if (existing !== undefined && existing !== '') {
    process.stderr.write(
      `\nOpenSearch: using the existing cluster at ${redactUrl(existing)} (OPENSEARCH_URL).\n`,
    );
    return;
  }
  const started = Date.now();
  const node = await startLocalOpenSearch({ log: (message) => process.stderr.write(`\n${message}\n`) });
  globalServers.cwlpipeOpenSearch = node;
  process.env.OPENSEARCH_URL = node.url;
  const state: ServersState = { opensearch: { pid: node.pid, url: node.url, runDir: node.runDir } };
  writeFileSync(stateFile(), JSON.stringify(state));
  process.stderr.write(
    `\nOpenSearch: started local ${node.version} at ${node.url} in ${((Date.now() - started) / 1000).toFixed(1)} s (set OPENSEARCH_URL to use another cluster).\n`,
  );
};
