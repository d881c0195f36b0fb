import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
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

/**
 * Finds the Java that will run the local OpenSearch: `OPENSEARCH_JAVA_HOME`, then `JAVA_HOME`, then `java`
 * on the `PATH`, and checks its version. Throws a `LocalOpenSearchError` saying what to install otherwise.
 *
 * @example
 * ```ts
 * const java = findJava(); // { home: '/usr/lib/jvm/java-17-openjdk-amd64', major: 17, foundVia: 'PATH', … }
 * ```
 */
export const findJava = (env: NodeJS.ProcessEnv = process.env): JavaRuntime => {
  const candidate = javaCandidate(env);
  if (candidate === undefined) {
    throw new LocalOpenSearchError(
      'java_missing',
      `Java was not found (no JAVA_HOME and no java on the PATH): the local OpenSearch needs a JDK ${MIN_JAVA_MAJOR}+ (17 recommended), ` +
        'or set OPENSEARCH_URL to use an existing cluster.',
    );
  }
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
  if (major === undefined || major < MIN_JAVA_MAJOR) {
    throw new LocalOpenSearchError(
      'java_too_old',
      `Java at ${candidate.executable} (from ${candidate.foundVia}) is version ${major ?? 'unknown'}; ` +
        `the local OpenSearch needs Java ${MIN_JAVA_MAJOR} or later (17 recommended).`,
    );
  }
  return { home, executable: candidate.executable, major, foundVia: candidate.foundVia };
};

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

const javaCandidate = (
  env: NodeJS.ProcessEnv,
): { executable: string; home: string; foundVia: string } | undefined => {
  for (const variable of ['OPENSEARCH_JAVA_HOME', 'JAVA_HOME']) {
    const home = env[variable];
    if (home !== undefined && home !== '') {
      const executable = join(home, 'bin', 'java');
      if (!isExecutable(executable)) {
        throw new LocalOpenSearchError(
          'java_missing',
          `${variable}=${home} has no bin/java: point it at a JDK ${MIN_JAVA_MAJOR}+ (17 recommended) or unset it.`,
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
