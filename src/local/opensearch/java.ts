import { spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { LocalOpenSearchError } from './errors';

/** OpenSearch 2.19 runs on Java 11 and later; the project tests with 17. */
export const MIN_JAVA_MAJOR = 11;

/** A Java runtime found on this machine. */
export interface JavaRuntime {
  /** The runtime's `java.home`, given to OpenSearch as `OPENSEARCH_JAVA_HOME`. */
  readonly home: string;
  readonly executable: string;
  /** The feature release: 17 for `17.0.15`, 8 for `1.8.0_402`. */
  readonly major: number;
  /** Where it was found: `OPENSEARCH_JAVA_HOME`, `JAVA_HOME` or `PATH`. */
  readonly foundVia: string;
}

/** What a server needs of its Java, for {@link findJava}. */
export interface JavaRequirement {
  /** The lowest feature release that runs the server. */
  readonly minimum: number;
  /** The server, as error messages name it: `the local OpenSearch`, `Elasticsearch 9.1.0`. */
  readonly server: string;
  /** The variable that names an existing cluster instead, suggested when no Java serves. */
  readonly urlVariable: string;
}

/** OpenSearch's requirement, the default. */
export const OPENSEARCH_JAVA: JavaRequirement = {
  minimum: MIN_JAVA_MAJOR,
  server: 'the local OpenSearch',
  urlVariable: 'OPENSEARCH_URL',
};

/** Where Debian (and most Linux distributions) install JDKs side by side. */
export const INSTALLED_JDK_ROOTS: readonly string[] = ['/usr/lib/jvm'];

/**
 * Finds the Java that will run a local server: `OPENSEARCH_JAVA_HOME`, then `JAVA_HOME`, then `java` on the
 * `PATH`; when that one is older than the server needs (Elasticsearch 9 needs 21, the machine's default may
 * be 17), the oldest JDK under {@link INSTALLED_JDK_ROOTS} that is new enough. Throws a
 * `LocalOpenSearchError` saying what to install otherwise.
 *
 * @example
 * ```ts
 * const java = findJava(); // { home: '/usr/lib/jvm/java-17-openjdk-amd64', major: 17, foundVia: 'PATH', … }
 * const newer = findJava(process.env, { minimum: 21, server: 'Elasticsearch 9.1.0', urlVariable: 'ELASTICSEARCH_URL' }); // a JDK 21+ found under /usr/lib/jvm
 * ```
 */
export const findJava = (
  env: NodeJS.ProcessEnv = process.env,
  requirement: JavaRequirement = OPENSEARCH_JAVA,
  jdkRoots: readonly string[] = INSTALLED_JDK_ROOTS,
): JavaRuntime => {
  const wanted = `a JDK ${requirement.minimum}+`;
  const candidate = javaCandidate(env, wanted);
  const first = candidate === undefined ? undefined : probeJava(candidate);
  if (first !== undefined && first.major >= requirement.minimum) return first;
  const installed = installedJdks(jdkRoots)
    .map((jdk) => tryProbeJava(jdk))
    .filter((jdk): jdk is JavaRuntime => jdk !== undefined && jdk.major >= requirement.minimum)
    .sort((a, b) => a.major - b.major || a.home.localeCompare(b.home));
  const chosen = installed[0];
  if (chosen !== undefined) {
    const why =
      first === undefined ? 'no other Java was found' : `${first.foundVia}'s Java is ${first.major}`;
    return {
      ...chosen,
      foundVia: `${chosen.foundVia} (${why}; ${requirement.server} needs ${requirement.minimum}+)`,
    };
  }
  if (first === undefined) {
    throw new LocalOpenSearchError(
      'java_missing',
      `Java was not found (no JAVA_HOME and no java on the PATH): ${requirement.server} needs ${wanted}` +
        `${requirement.minimum === MIN_JAVA_MAJOR ? ' (17 recommended)' : ''}, or set ${requirement.urlVariable} to use an existing cluster.`,
    );
  }
  throw new LocalOpenSearchError(
    'java_too_old',
    `Java at ${first.executable} (from ${first.foundVia}) is version ${first.major}, and no newer JDK was found under ` +
      `${jdkRoots.join(', ')}; ${requirement.server} needs Java ${requirement.minimum} or later` +
      `${requirement.minimum === MIN_JAVA_MAJOR ? ' (17 recommended)' : ''}: install one (Debian: an openjdk-${requirement.minimum}-jdk-headless or newer) or point JAVA_HOME at it, or set ${requirement.urlVariable} to use an existing cluster.`,
  );
};

type JavaCandidate = { readonly executable: string; readonly home: string; readonly foundVia: string };

/** Runs `java -XshowSettings:properties -version` and reads its home and feature release. */
const probeJava = (candidate: JavaCandidate): JavaRuntime => {
  const probe = spawnSync(candidate.executable, ['-XshowSettings:properties', '-version'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new LocalOpenSearchError(
      'java_unusable',
      `Java at ${candidate.executable} (from ${candidate.foundVia}) did not run: ${probe.error?.message ?? probe.stderr.trim().split('\n')[0]}`,
      { cause: probe.error },
    );
  }
  const properties = probe.stderr;
  const major = javaMajor(/java\.specification\.version = (\S+)/.exec(properties)?.[1]);
  const home = /java\.home = (.+)/.exec(properties)?.[1]?.trim() ?? candidate.home;
  if (major === undefined) {
    throw new LocalOpenSearchError(
      'java_unusable',
      `Java at ${candidate.executable} (from ${candidate.foundVia}) did not say its version.`,
    );
  }
  return { home, executable: candidate.executable, major, foundVia: candidate.foundVia };
};

/** A JDK under the install roots that does not run is passed over, not fatal: another may serve. */
const tryProbeJava = (candidate: JavaCandidate): JavaRuntime | undefined => {
  try {
    return probeJava(candidate);
  } catch {
    return undefined;
  }
};

const installedJdks = (roots: readonly string[]): JavaCandidate[] =>
  roots.flatMap((root) => {
    let names: string[];
    try {
      names = readdirSync(root);
    } catch {
      return [];
    }
    return names
      .map((name) => ({
        home: join(root, name),
        executable: join(root, name, 'bin', 'java'),
        foundVia: root,
      }))
      .filter((jdk) => isExecutable(jdk.executable));
  });

/**
 * The feature release number of a `java.specification.version` (`17`, `21`, or the old `1.8` form).
 *
 * @example
 * ```ts
 * javaMajor('1.8'); // 8
 * ```
 */
export const javaMajor = (specification: string | undefined): number | undefined => {
  if (specification === undefined) return undefined;
  const match = /^(?:1\.)?(\d+)/.exec(specification);
  return match?.[1] === undefined ? undefined : Number(match[1]);
};

const javaCandidate = (env: NodeJS.ProcessEnv, wanted: string): JavaCandidate | undefined => {
  for (const variable of ['OPENSEARCH_JAVA_HOME', 'JAVA_HOME']) {
    const home = env[variable];
    if (home !== undefined && home !== '') {
      const executable = join(home, 'bin', 'java');
      if (!isExecutable(executable)) {
        throw new LocalOpenSearchError(
          'java_missing',
          `${variable}=${home} has no bin/java: point it at ${wanted} or unset it.`,
        );
      }
      return { executable, home, foundVia: variable };
    }
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const executable = join(dir, 'java');
    if (isExecutable(executable)) return { executable, home: join(dir, '..'), foundVia: 'PATH' };
  }
  return undefined;
};

const isExecutable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
