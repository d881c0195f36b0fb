import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { cacheRoot } from '../opensearch/distribution';

/** The version the bench builds and measures (the one DESIGN.md's card named). */
export const ZLIB_SYNC_VERSION = '0.1.10';

/** Inflates one gzip member (or several back to back) into its bytes. */
export type Inflate = (gzipped: Uint8Array) => Uint8Array;

/** zlib-sync ready to measure, or why it is not. */
export type ZlibSyncLoad =
  | { readonly available: true; readonly inflate: Inflate; readonly where: string }
  | { readonly available: false; readonly reason: string };

interface ZlibSyncModule {
  readonly Z_SYNC_FLUSH: number;
  readonly Inflate: new (options: {
    windowBits: number;
  }) => {
    push(data: Uint8Array, flush: number): void;
    readonly err: number;
    readonly msg?: string;
    readonly result?: Uint8Array;
  };
}

/**
 * zlib-sync for the bench's ceiling, built once into the cache outside the clone (`~/.cache/cwlpipe/zlib-sync`).
 * It is not a dependency of cwlpipe: it has a native part that npm compiles with node-gyp, which would
 * otherwise download Node's headers (a fetch these machines cannot make) and would make every `npm ci` compile
 * C. The build here points node-gyp at the headers of the Node that runs it (`<prefix>/include/node`), so it
 * needs the npm registry, a C++ compiler and make; when any of them is missing, the reason is returned and the
 * bench measures `node:zlib` alone.
 *
 * @example
 * ```ts
 * const zlibSync = loadZlibSync();
 * if (zlibSync.available) zlibSync.inflate(gzipSync('hello')); // <Buffer 68 65 6c 6c 6f>
 * ```
 */
export const loadZlibSync = (env: NodeJS.ProcessEnv = process.env): ZlibSyncLoad => {
  const prefix = join(cacheRoot(env), 'zlib-sync', ZLIB_SYNC_VERSION);
  const entry = join(prefix, 'node_modules', 'zlib-sync');
  if (!existsSync(join(entry, 'build', 'Release', 'zlib_sync.node'))) {
    const built = build(prefix, env);
    if (built !== undefined) return { available: false, reason: built };
  }
  try {
    const zlibSync = createRequire(join(prefix, 'package.json'))('zlib-sync') as ZlibSyncModule;
    return { available: true, inflate: inflateWith(zlibSync), where: entry };
  } catch (error) {
    return {
      available: false,
      reason: `zlib-sync was built in ${entry} but does not load: ${(error as Error).message}`,
    };
  }
};

/** Builds zlib-sync into `prefix`; the reason it could not, or undefined. */
const build = (prefix: string, env: NodeJS.ProcessEnv): string | undefined => {
  const nodeDir = dirname(dirname(process.execPath));
  if (!existsSync(join(nodeDir, 'include', 'node', 'node.h')))
    return `Node's headers are not in ${join(nodeDir, 'include', 'node')}, and node-gyp would download them`;
  mkdirSync(prefix, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(
    npm,
    ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', `zlib-sync@${ZLIB_SYNC_VERSION}`],
    {
      encoding: 'utf8',
      timeout: 300_000,
      env: { ...env, npm_config_nodedir: nodeDir },
    },
  );
  if (result.error !== undefined) return `npm could not run: ${result.error.message}`;
  if (result.status !== 0) {
    const last = `${result.stderr}`.trim().split('\n').slice(-3).join(' / ');
    return `npm install zlib-sync@${ZLIB_SYNC_VERSION} failed (exit ${result.status}): ${last}`;
  }
  if (!existsSync(join(prefix, 'node_modules', 'zlib-sync', 'build', 'Release', 'zlib_sync.node')))
    return `npm installed zlib-sync@${ZLIB_SYNC_VERSION} without building its native part (a C++ compiler and make are needed)`;
  return undefined;
};

const inflateWith =
  (zlibSync: ZlibSyncModule): Inflate =>
  (gzipped) => {
    // windowBits 15 + 16: a gzip header, as CloudWatch Logs writes.
    const inflater = new zlibSync.Inflate({ windowBits: 31 });
    inflater.push(gzipped, zlibSync.Z_SYNC_FLUSH);
    // err is zlib's status: Z_STREAM_END (1) and Z_OK (0) are success, negatives are errors.
    if (inflater.err < 0 || inflater.result === undefined)
      throw new Error(`zlib-sync could not inflate: ${inflater.msg ?? `error ${inflater.err}`}`);
    return inflater.result;
  };
