import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DistributionSpec } from '../opensearch/distribution';
import { LocalOpenSearchError } from '../opensearch/errors';
import {
  type LaunchContext,
  type LocalOpenSearch,
  type LocalOpenSearchOptions,
  type NodeSpec,
  startLocalNode,
} from '../opensearch/node';

/**
 * The Elasticsearch the project tests with; `CWLPIPE_ELASTICSEARCH_VERSION` picks another (7.17 and 8.x run
 * on JDK 17, 9.x on 21 or later: a newer JDK installed beside the default one is found by itself).
 */
export const LOCAL_ELASTICSEARCH_VERSION = '8.19.4';

/** The minimal Elasticsearch zip on Maven Central: no ILM, no Kibana-facing modules, security off here. */
export const ELASTICSEARCH_DISTRIBUTION: DistributionSpec = {
  name: 'Elasticsearch',
  group: 'org.elasticsearch.distribution.integ-test-zip',
  artifact: 'elasticsearch',
  defaultVersion: LOCAL_ELASTICSEARCH_VERSION,
  versionVariable: 'CWLPIPE_ELASTICSEARCH_VERSION',
  urlVariable: 'ELASTICSEARCH_URL',
};

/**
 * The Java an Elasticsearch version needs when it has no bundled JDK (the integ-test zip has none): 9.x is
 * built for 21; 7.17 and 8.x run on 17 (7.17 from 8 up, but 17 is what is tested).
 *
 * @example
 * ```ts
 * elasticsearchJava('9.1.0'); // 21
 * ```
 */
export const elasticsearchJava = (version: string): number => (Number(version.split('.')[0]) >= 9 ? 21 : 17);

/** The unprivileged user Elasticsearch runs as when this process is root: `nobody`. */
export const UNPRIVILEGED_ID = 65534;

export const ELASTICSEARCH_NODE: NodeSpec = {
  distribution: ELASTICSEARCH_DISTRIBUTION,
  minimumJava: (version) => elasticsearchJava(version),
  settings: {
    'xpack.security.enabled': 'false',
    // Tests delete their own `<prefix>-*` indices; 8.x refuses wildcard deletes by default.
    'action.destructive_requires_name': 'false',
  },
  launch: (context) => {
    const asRoot = process.getuid?.() === 0;
    // A config folder of its own per run: the cached one stays untouched (a secured node adds users there).
    if (!asRoot) cpSync(join(context.home, 'config'), join(context.runDir, 'config'), { recursive: true });
    const home = asRoot ? unprivilegedHome(context) : context.home;
    const env = {
      ...process.env,
      // Elasticsearch ignores JAVA_HOME (it would use a bundled JDK, which this zip has not).
      ES_JAVA_HOME: context.javaHome,
      ES_TMPDIR: join(context.runDir, 'tmp'),
      ES_JAVA_OPTS: context.javaOpts.join(' '),
      ES_PATH_CONF: join(context.runDir, 'config'),
    };
    const command = join(home, 'bin', 'elasticsearch');
    // Elasticsearch refuses root outright (unlike OpenSearch, no JNA switch helps): run it as nobody.
    return asRoot
      ? {
          command: 'setpriv',
          args: [
            `--reuid=${UNPRIVILEGED_ID}`,
            `--regid=${UNPRIVILEGED_ID}`,
            '--clear-groups',
            command,
            ...context.args,
          ],
          env,
        }
      : { command, args: context.args, env };
  },
};

/**
 * Running as nobody, the node cannot reach the cache under root's home (mode 700): it gets the home
 * hard-linked into its run directory (no copy of 100 MB; a copy where links fail), its own config
 * folder, and the run directory handed over to it.
 */
const unprivilegedHome = ({ home, runDir }: LaunchContext): string => {
  const linked = join(runDir, 'home');
  const link = spawnSync('cp', ['-al', home, linked], { encoding: 'utf8' });
  if (link.status !== 0) {
    rmSync(linked, { recursive: true, force: true });
    cpSync(home, linked, { recursive: true });
  }
  cpSync(join(home, 'config'), join(runDir, 'config'), { recursive: true });
  // 7.17's launcher works from its home, so the JVM's relative `logs/gc.log` lands in the linked home's
  // own `logs` folder (a new folder: `cp -al` links files, not folders, so the cache stays root's).
  mkdirSync(join(linked, 'logs'), { recursive: true });
  const owned = spawnSync(
    'chown',
    [
      '-R',
      `${UNPRIVILEGED_ID}:${UNPRIVILEGED_ID}`,
      ...['config', 'data', 'logs', 'tmp', join('home', 'logs')].map((d) => join(runDir, d)),
    ],
    { encoding: 'utf8' },
  );
  if (owned.status !== 0) {
    throw new LocalOpenSearchError(
      'elasticsearch_chown_failed',
      `Could not hand ${runDir} to the unprivileged user Elasticsearch must run as: ${owned.stderr.trim()}`,
    );
  }
  chmodSync(runDir, 0o755);
  return linked;
};

/**
 * Starts a real single-node Elasticsearch on 127.0.0.1 (security off, free ports, small heap) from the
 * minimal zip on Maven Central, cached like OpenSearch's; as root it runs as `nobody` through `setpriv`.
 *
 * @example
 * ```ts
 * const node = await startLocalElasticsearch({ heap: { min: '512m', max: '512m' } });
 * process.env.ELASTICSEARCH_URL = node.url;
 * await node.stop();
 * ```
 */
export const startLocalElasticsearch = (options: LocalOpenSearchOptions = {}): Promise<LocalOpenSearch> =>
  startLocalNode(ELASTICSEARCH_NODE, { heap: { min: '512m', max: '512m' }, ...options });
