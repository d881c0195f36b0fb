import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../repo-root';
import { type Contributor, contributorsOf, type LazyModuleFigure } from './report';

/** infra/lambda-bundling.json: the esbuild options the CDK app bundles every function with. */
export interface LambdaBundling {
  readonly target: string;
  readonly platform: 'node';
  readonly format: 'cjs';
  readonly minify: boolean;
  readonly sourcemap: boolean;
  readonly sourcesContent: boolean;
  readonly lazyModules: readonly string[];
}

/** A function the CDK app bundles: its entry (from the repository root) and its own external modules. */
export interface LambdaEntry {
  readonly name: string;
  readonly entry: string;
  readonly externalModules?: readonly string[];
}

/**
 * The functions' `NODE_OPTIONS` (infra/lib/node-options.ts): the footprint imports and runs the handlers as
 * they run there. An infra test holds the two equal.
 */
export const CONSUMER_NODE_OPTIONS: readonly string[] = ['--enable-source-maps'];

/**
 * Every function infra/lib bundles with `CwlpipeFunction`, and its own `externalModules` (the warehouse's
 * DuckDB). The Kinesis handler is the one the targets are for.
 */
export const LAMBDA_ENTRIES: readonly LambdaEntry[] = [
  { name: 'kinesis', entry: 'src/consumers/kinesis.handler.ts' },
  { name: 'firehose', entry: 'src/consumers/firehose.handler.ts' },
  { name: 'setup', entry: 'src/consumers/setup.handler.ts' },
  { name: 'warehouse', entry: 'src/consumers/warehouse.handler.ts', externalModules: ['@duckdb/node-api'] },
  { name: 'subscriber', entry: 'infra/lambda/subscriber/index.ts' },
  { name: 'batch-steps', entry: 'infra/lambda/batch-steps/index.ts' },
];

export const readLambdaBundling = (root = REPO_ROOT): LambdaBundling =>
  JSON.parse(readFileSync(join(root, 'infra', 'lambda-bundling.json'), 'utf8')) as LambdaBundling;

export interface BuiltBundle {
  readonly directory: string;
  readonly bundleBytes: number;
  readonly contributors: readonly Contributor[];
  readonly lazyModules: readonly LazyModuleFigure[];
}

/**
 * Bundles one function as the CDK app does (`NodejsFunction` runs the esbuild CLI with these options, then
 * scripts/bundle-lazy-modules.js), into `directory`, with esbuild's metafile for the contributors. `root` is
 * the checkout whose sources, options, esbuild and script are used (another one, to compare with it).
 *
 * @example
 * ```ts
 * const built = bundleLambda(LAMBDA_ENTRIES[0], '/tmp/footprint/kinesis');
 * built.bundleBytes; // 497152
 * ```
 */
export const bundleLambda = (lambda: LambdaEntry, directory: string, root = REPO_ROOT): BuiltBundle => {
  const bundling = readLambdaBundling(root);
  // esbuild is a dev dependency: required here, at run time, so nothing else in dist/ needs it.
  const esbuild = require(join(root, 'node_modules', 'esbuild')) as typeof import('esbuild');
  const outfile = join(directory, 'index.js');
  const result = esbuild.buildSync({
    entryPoints: [join(root, lambda.entry)],
    bundle: true,
    target: bundling.target,
    platform: bundling.platform,
    format: bundling.format,
    minify: bundling.minify,
    sourcemap: bundling.sourcemap,
    sourcesContent: bundling.sourcesContent,
    external: [...bundling.lazyModules, ...(lambda.externalModules ?? [])],
    outfile,
    metafile: true,
    logLevel: 'warning',
    absWorkingDir: root,
  });
  const lazy = spawnSync(process.execPath, [join(root, 'scripts', 'bundle-lazy-modules.js'), directory], {
    encoding: 'utf8',
  });
  if (lazy.status !== 0) throw new Error(`bundle-lazy-modules failed for ${lambda.entry}: ${lazy.stderr}`);
  const output = Object.values(result.metafile.outputs).find((file) => file.entryPoint !== undefined);
  return {
    directory,
    bundleBytes: statSync(outfile).size,
    contributors: contributorsOf(output?.inputs ?? {}),
    lazyModules: bundling.lazyModules
      .map((name) => ({ name, path: join(directory, 'node_modules', name, 'index.js') }))
      .filter(({ path }) => existsFile(path))
      .map(({ name, path }) => ({ name, bytes: statSync(path).size })),
  };
};

const existsFile = (path: string): boolean => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};
