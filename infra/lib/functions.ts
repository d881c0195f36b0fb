import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import {
  type BundlingOptions,
  NodejsFunction,
  type NodejsFunctionProps,
  OutputFormat,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import BUNDLING from '../lambda-bundling.json';
import { InfraConfigError } from './config';
import { FUNCTION_NODE_OPTIONS } from './node-options';

/** The repository root: entries are resolved from it and its package-lock.json pins what is bundled. */
export const REPO_ROOT = resolve(__dirname, '..', '..');

/**
 * The newest Node.js runtime aws-cdk-lib knows, which is what cdk-nag's AwsSolutions-L1 asks for (nodejs24.x
 * with aws-cdk-lib 2.276). The bundles target it; the same code runs on the Node 20 used locally.
 */
export const NODE_RUNTIME = Runtime.NODEJS_24_X;

let esbuildChecked = false;

/**
 * Bundling runs the esbuild of this repository's node_modules. CDK falls back to Docker when it finds no local
 * esbuild; that must never happen (no Docker, no network at synth), so its absence is a synth error instead.
 */
const requireLocalEsbuild = (): void => {
  if (esbuildChecked) return;
  const probe = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'esbuild'), ['--version'], {
    encoding: 'utf8',
  });
  if (probe.status !== 0)
    throw new InfraConfigError(
      'esbuild is not installed in node_modules: run `npm ci` (bundling never falls back to Docker).',
    );
  esbuildChecked = true;
};

/**
 * The esbuild options of every function, from infra/lambda-bundling.json (which `npm run footprint` reads
 * too, so the figures it prints are those of what is deployed). The runtime's own SDK is not pinned: the
 * bundle carries the versions package-lock.json pins, the lazy modules included, which are bundled beside
 * the handler (node_modules/<name>/index.js) by scripts/bundle-lazy-modules.js and loaded on first use.
 *
 * @example
 * ```ts
 * new NodejsFunction(this, 'Fn', { entry, bundling: lambdaBundling(['@duckdb/node-api']) });
 * ```
 */
export const lambdaBundling = (
  externalModules: readonly string[],
): Pick<
  BundlingOptions,
  'minify' | 'sourceMap' | 'sourcesContent' | 'format' | 'target' | 'externalModules' | 'commandHooks'
> => {
  if (BUNDLING.format !== 'cjs' || BUNDLING.platform !== 'node')
    throw new InfraConfigError('infra/lambda-bundling.json: the functions are CommonJS bundles for node.');
  if (`nodejs${BUNDLING.target.replace(/^node/, '')}.x` !== NODE_RUNTIME.name)
    throw new InfraConfigError(
      `infra/lambda-bundling.json targets ${BUNDLING.target}, but the functions run on ${NODE_RUNTIME.name}.`,
    );
  return {
    minify: BUNDLING.minify,
    sourceMap: BUNDLING.sourcemap,
    sourcesContent: BUNDLING.sourcesContent,
    format: OutputFormat.CJS,
    target: BUNDLING.target,
    externalModules: [...BUNDLING.lazyModules, ...externalModules],
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir: string, outputDir: string) => [
        `${shellQuote(process.execPath)} ${shellQuote(join(REPO_ROOT, 'scripts', 'bundle-lazy-modules.js'))} ${shellQuote(outputDir)}`,
      ],
    },
  };
};

const shellQuote = (value: string): string => `'${value.replaceAll("'", `'\\''`)}'`;

export interface CwlpipeFunctionProps
  extends Omit<NodejsFunctionProps, 'entry' | 'functionName' | 'logGroup' | 'runtime' | 'architecture'> {
  /** The handler file relative to the repository root. */
  readonly entry: string;
  /** The full function name; its log group is `/aws/lambda/<name>`, created here with a retention. */
  readonly functionName: string;
}

/**
 * A Lambda function of cwlpipe: bundled locally with esbuild, arm64, the newest Node.js runtime, JSON logs
 * into a log group of a known name (so the subscriptions can leave it out), X-Ray active tracing off by default.
 *
 * @example
 * ```ts
 * const fn = new CwlpipeFunction(this, 'Consumer', { entry: 'src/consumers/kinesis.handler.ts', functionName: 'cwlpipe-consumer' });
 * ```
 */
export class CwlpipeFunction extends NodejsFunction {
  public readonly logGroupName: string;

  public constructor(scope: Construct, id: string, props: CwlpipeFunctionProps) {
    requireLocalEsbuild();
    const logGroupName = `/aws/lambda/${props.functionName}`;
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      logGroupName,
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    super(scope, id, {
      timeout: Duration.seconds(30),
      memorySize: 256,
      ...props,
      entry: join(REPO_ROOT, props.entry),
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: NODE_RUNTIME,
      architecture: Architecture.ARM_64,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      bundling: {
        forceDockerBundling: false,
        ...props.bundling,
        ...lambdaBundling(props.bundling?.externalModules ?? []),
      },
      environment: { NODE_OPTIONS: FUNCTION_NODE_OPTIONS, ...props.environment },
    });
    this.logGroupName = logGroupName;
  }
}
