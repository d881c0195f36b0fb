import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { LocalOpenSearchError } from './errors';
import { withDirLock } from './lock';

/** The OpenSearch the project tests with; `CWLPIPE_OPENSEARCH_VERSION` picks another 2.x. */
export const LOCAL_OPENSEARCH_VERSION = '2.19.5';

/** Maven coordinates of the minimal distribution (no plugins, no bundled JDK, no security). */
export const DISTRIBUTION_GROUP = 'org.opensearch.distribution.integ-test-zip';
export const DISTRIBUTION_ARTIFACT = 'opensearch';

/**
 * Which search engine's minimal zip to fetch: its name in messages, its Maven coordinates, its default
 * version and the variable that overrides it. The zip holds `<artifact>-<version>/bin/<artifact>`.
 *
 * @example
 * ```ts
 * const spec: DistributionSpec = { name: 'Elasticsearch', group: 'org.elasticsearch.distribution.integ-test-zip', artifact: 'elasticsearch', defaultVersion: '8.19.4', versionVariable: 'CWLPIPE_ELASTICSEARCH_VERSION', urlVariable: 'ELASTICSEARCH_URL' };
 * ```
 */
export interface DistributionSpec {
  readonly name: string;
  readonly group: string;
  readonly artifact: string;
  readonly defaultVersion: string;
  readonly versionVariable: string;
  /** The variable that names an existing cluster instead, suggested when a download fails. */
  readonly urlVariable: string;
}

/** The OpenSearch distribution the project tests with. */
export const OPENSEARCH_DISTRIBUTION: DistributionSpec = {
  name: 'OpenSearch',
  group: DISTRIBUTION_GROUP,
  artifact: DISTRIBUTION_ARTIFACT,
  defaultVersion: LOCAL_OPENSEARCH_VERSION,
  versionVariable: 'CWLPIPE_OPENSEARCH_VERSION',
  urlVariable: 'OPENSEARCH_URL',
};

const MAVEN_CENTRAL = 'https://repo1.maven.org/maven2';

/**
 * Where cwlpipe keeps downloaded servers: outside the clone, so `git clean` never costs a download.
 *
 * @example
 * ```ts
 * cacheRoot(); // '/home/ana/.cache/cwlpipe'
 * ```
 */
export const cacheRoot = (env: NodeJS.ProcessEnv = process.env): string =>
  env.CWLPIPE_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'cwlpipe');

export interface DistributionOptions {
  readonly version?: string;
  readonly cacheDir?: string;
  readonly log?: (message: string) => void;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Returns the home directory of an unpacked OpenSearch, obtaining it once: from the local Maven repository
 * if it is there, else with `mvn dependency:copy`, else by a plain HTTPS download from Maven Central
 * (checked against its published SHA-1). Unpacking goes to a temporary directory renamed into place, and
 * a lock serializes concurrent first runs, so an interrupted run never leaves a half-unpacked cache.
 *
 * @example
 * ```ts
 * const home = await ensureOpenSearchDistribution({ version: '2.19.5' });
 * // '/home/ana/.cache/cwlpipe/opensearch/2.19.5/opensearch-2.19.5'
 * ```
 */
export const ensureOpenSearchDistribution = (options: DistributionOptions = {}): Promise<string> =>
  ensureDistribution(OPENSEARCH_DISTRIBUTION, options);

/**
 * {@link ensureOpenSearchDistribution} for any engine's minimal zip (OpenSearch, Elasticsearch).
 *
 * @example
 * ```ts
 * const home = await ensureDistribution(ELASTICSEARCH_DISTRIBUTION, { version: '8.19.4' });
 * // '/home/ana/.cache/cwlpipe/elasticsearch/8.19.4/elasticsearch-8.19.4'
 * ```
 */
export const ensureDistribution = async (
  spec: DistributionSpec,
  options: DistributionOptions = {},
): Promise<string> => {
  const env = options.env ?? process.env;
  const version = options.version ?? env[spec.versionVariable] ?? spec.defaultVersion;
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    throw new LocalOpenSearchError(
      `${spec.artifact}_version_invalid`,
      `${spec.name} version "${version}" is not x.y.z.`,
    );
  }
  const root = join(options.cacheDir ?? cacheRoot(env), spec.artifact);
  const installed = join(root, version);
  const home = join(installed, `${spec.artifact}-${version}`);
  if (existsSync(home)) return home;
  mkdirSync(root, { recursive: true });
  return withDirLock(join(root, `${version}.lock`), async () => {
    if (existsSync(home)) return home; // another process finished while we waited
    // Holding the lock, any temporary directory of this version is a killed run's leftover.
    for (const entry of readdirSync(root)) {
      if (entry.startsWith(`.${version}.tmp-`)) rmSync(join(root, entry), { recursive: true, force: true });
    }
    rmSync(installed, { recursive: true, force: true });
    const work = join(root, `.${version}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    mkdirSync(work, { recursive: true });
    try {
      const zip = await obtainZip(spec, version, work, env, options.log ?? (() => {}));
      const unpacked = join(work, 'unpacked');
      unzip(zip, unpacked);
      const bin = join(unpacked, `${spec.artifact}-${version}`, 'bin');
      if (!existsSync(join(bin, spec.artifact))) {
        throw new LocalOpenSearchError(
          `${spec.artifact}_unpack_failed`,
          `The ${spec.name} ${version} zip did not contain ${spec.artifact}-${version}/bin/${spec.artifact}.`,
        );
      }
      for (const script of readdirSync(bin)) chmodSync(join(bin, script), 0o755);
      renameSync(unpacked, installed);
      return home;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
};

/** The artifact's path inside any Maven repository. */
export const artifactPath = (version: string, spec: DistributionSpec = OPENSEARCH_DISTRIBUTION): string =>
  `${spec.group.replaceAll('.', '/')}/${spec.artifact}/${version}/${spec.artifact}-${version}.zip`;

const obtainZip = async (
  spec: DistributionSpec,
  version: string,
  work: string,
  env: NodeJS.ProcessEnv,
  log: (message: string) => void,
): Promise<string> => {
  const local = join(
    env.MAVEN_REPO_LOCAL ?? join(homedir(), '.m2', 'repository'),
    artifactPath(version, spec),
  );
  if (existsSync(local)) return local;
  if (hasCommand('mvn')) {
    log(`Fetching ${spec.name} ${version} with mvn dependency:copy (once; cached afterwards).`);
    const copied = spawnSync(
      'mvn',
      [
        '-q',
        '-B',
        'dependency:copy',
        `-Dartifact=${spec.group}:${spec.artifact}:${version}:zip`,
        `-DoutputDirectory=${work}`,
      ],
      { encoding: 'utf8', cwd: work, timeout: 15 * 60_000 },
    );
    const zip = join(work, `${spec.artifact}-${version}.zip`);
    if (copied.status === 0 && existsSync(zip)) return zip;
    log(
      `mvn could not fetch ${spec.name} ${version}; trying a plain download. ${lastLines(copied.stdout, 3)}`,
    );
  }
  return download(spec, version, work, env, log);
};

const download = async (
  spec: DistributionSpec,
  version: string,
  work: string,
  env: NodeJS.ProcessEnv,
  log: (message: string) => void,
): Promise<string> => {
  const base = (env.CWLPIPE_MAVEN_REPO ?? MAVEN_CENTRAL).replace(/\/+$/, '');
  const url = `${base}/${artifactPath(version, spec)}`;
  log(`Downloading ${spec.name} ${version} from ${url} (once; cached afterwards).`);
  try {
    const [zipResponse, shaResponse] = await Promise.all([fetch(url), fetch(`${url}.sha1`)]);
    if (!zipResponse.ok) throw new Error(`HTTP ${zipResponse.status} for ${url}`);
    const zip = join(work, `${spec.artifact}-${version}.zip`);
    await writeFile(zip, Buffer.from(await zipResponse.arrayBuffer()));
    if (shaResponse.ok) {
      const expected = (await shaResponse.text()).trim().split(/\s+/)[0]?.toLowerCase();
      const actual = await sha1Of(zip);
      if (expected !== actual)
        throw new Error(`SHA-1 mismatch for ${url}: expected ${expected}, got ${actual}`);
    }
    return zip;
  } catch (error) {
    throw new LocalOpenSearchError(
      `${spec.artifact}_download_failed`,
      `${spec.name} ${version} could not be downloaded from ${url}: ${(error as Error).message}. ` +
        `Set ${spec.urlVariable} to use an existing cluster, or CWLPIPE_MAVEN_REPO to use a Maven mirror.`,
      { cause: error },
    );
  }
};

const sha1Of = (path: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const hash = createHash('sha1');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });

// `unzip` keeps file modes; `jar` (any JDK) and Python do not, which the chmod of bin/ above makes up for.
const unzip = (zip: string, into: string): void => {
  mkdirSync(into, { recursive: true });
  const attempts: [string, string[]][] = [
    ['unzip', ['-q', zip, '-d', into]],
    ['jar', ['xf', zip]],
    ['python3', ['-m', 'zipfile', '-e', zip, into]],
  ];
  const failures: string[] = [];
  for (const [command, args] of attempts) {
    const result = spawnSync(command, args, { cwd: into, encoding: 'utf8', timeout: 10 * 60_000 });
    if (result.status === 0) return;
    failures.push(`${command}: ${result.error?.message ?? lastLines(result.stderr, 2)}`);
    rmSync(into, { recursive: true, force: true });
    mkdirSync(into, { recursive: true });
  }
  throw new LocalOpenSearchError(
    'distribution_unpack_failed',
    `The zip ${zip} could not be unpacked (${failures.join('; ')}).`,
  );
};

const hasCommand = (command: string): boolean =>
  spawnSync(command, ['--version'], { stdio: 'ignore', timeout: 60_000 }).error === undefined;

const lastLines = (text: string | null | undefined, count: number): string =>
  (text ?? '').trim().split('\n').slice(-count).join(' | ');
