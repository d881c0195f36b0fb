import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { Context, KinesisStreamEvent } from 'aws-lambda';
import {
  createKinesisHandler,
  type KinesisHandlerDeps,
  kinesisDepsFromEnv,
} from '../../src/consumers/kinesis';
import { describeError } from '../../src/core';
import {
  type InvocationOutcome,
  type MappingSettings,
  MemoryDestination,
  runMapping,
  type ShardReport,
} from './event-source-mapping';
import { kinesisFeeds } from './kinesis-feed';

export interface LambdaPhaseOptions {
  readonly client: KinesisClient;
  readonly stream: string;
  /** The function's environment: OpenSearch (through the fault proxy), the index prefix. */
  readonly env: NodeJS.ProcessEnv;
  readonly settings: MappingSettings;
  /** The function's timeout: an invocation still running then is a function error. */
  readonly functionTimeoutMs: number;
  /** Share of invocations whose sandbox dies (a crash, an out-of-memory kill) at a random moment. */
  readonly crashShare: number;
  /** A crash comes within this long after the invocation started. */
  readonly crashWithinMs: number;
  readonly random: () => number;
}

export interface LambdaPhaseReport {
  readonly shards: ShardReport[];
  readonly destination: MemoryDestination;
  readonly crashes: number;
  readonly timeouts: number;
  readonly drainMs: number;
}

const STREAM_ARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/cwlpipe-chaos';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:cwlpipe-kinesis';

/**
 * The Kinesis Lambda handler (`createKinesisHandler`, built from the environment as its cold start does)
 * driven by the event source mapping simulation over every shard of the stream. Each shard has its own
 * sandbox (one handler instance, one invocation at a time, as Lambda runs a shard); a sandbox that crashes
 * or times out is replaced by a new one, while the old invocation's requests may still land, as they can
 * in AWS.
 *
 * @example
 * ```ts
 * const report = await runLambdaPhase({ client, stream, env, settings, functionTimeoutMs: 60_000, crashShare: 0.05, crashWithinMs: 2_000, random });
 * ```
 */
export const runLambdaPhase = async (options: LambdaPhaseOptions): Promise<LambdaPhaseReport> => {
  const started = Date.now();
  // The handler's structured logs and metrics are for CloudWatch; in this process they would bury the report.
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const base = kinesisDepsFromEnv(options.env);
  const deps: KinesisHandlerDeps = {
    ...base,
    logger: new Logger({ serviceName: 'cwlpipe-chaos', logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'cwlpipe-chaos', serviceName: 'cwlpipe-chaos' }),
  };
  const destination = new MemoryDestination();
  const strays = new Set<Promise<unknown>>();
  let crashes = 0;
  let timeouts = 0;
  const sandboxes = new Map<string, ReturnType<typeof createKinesisHandler>>();

  const invoke = async (event: KinesisStreamEvent): Promise<InvocationOutcome> => {
    const shardId = event.Records[0]?.eventID.split(':')[0] ?? '?';
    let handler = sandboxes.get(shardId);
    if (handler === undefined) {
      handler = createKinesisHandler(deps);
      sandboxes.set(shardId, handler);
    }
    const deadline = Date.now() + options.functionTimeoutMs;
    const context = {
      functionName: 'cwlpipe-kinesis',
      functionVersion: '$LATEST',
      invokedFunctionArn: FUNCTION_ARN,
      memoryLimitInMB: '1024',
      awsRequestId: `${shardId}-${Date.now()}`,
      logGroupName: '/aws/lambda/cwlpipe-kinesis',
      logStreamName: 'chaos',
      callbackWaitsForEmptyEventLoop: false,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    } as unknown as Context;
    const run = handler(event, context).then(
      (response): InvocationOutcome => ({ kind: 'response', response }),
      (error: unknown): InvocationOutcome => ({ kind: 'error', error: describeError(error) }),
    );
    const timers: NodeJS.Timeout[] = [];
    const after = (ms: number, outcome: InvocationOutcome) =>
      new Promise<InvocationOutcome>((resolve) => timers.push(setTimeout(() => resolve(outcome), ms)));
    const crashAt =
      options.random() < options.crashShare ? options.random() * options.crashWithinMs : undefined;
    const outcome = await Promise.race([
      run,
      after(options.functionTimeoutMs, { kind: 'error', error: 'Task timed out' }),
      ...(crashAt === undefined
        ? []
        : [after(crashAt, { kind: 'error', error: 'Runtime exited: signal: killed' } as const)]),
    ]);
    for (const timer of timers) clearTimeout(timer);
    if (
      outcome.kind === 'error' &&
      (outcome.error === 'Task timed out' || outcome.error.startsWith('Runtime exited'))
    ) {
      if (outcome.error === 'Task timed out') timeouts++;
      else crashes++;
      // The sandbox is gone; what it had in flight may still reach OpenSearch.
      sandboxes.delete(shardId);
      const stray = run.finally(() => strays.delete(stray));
      strays.add(stray);
    }
    return outcome;
  };

  try {
    const feeds = await kinesisFeeds(options.client, options.stream);
    const shards = await runMapping(feeds, invoke, options.settings, {
      streamArn: STREAM_ARN,
      functionArn: FUNCTION_ARN,
      destination,
    });
    const drainMs = Date.now() - started;
    await Promise.all([...strays]);
    return { shards, destination, crashes, timeouts, drainMs };
  } finally {
    await Promise.all([
      ...base.connectors.map((connector) => connector.close?.()),
      base.deadLetters.close?.(),
    ]);
  }
};
