import { mkdirSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { ensureStream, kinesisClient } from '../../src/consumers/poller/kinesis-client';
import { publishToKinesis } from '../../src/consumers/replay';
import { startLocalKinesis } from '../../src/local/kinesis';
import { type LocalOpenSearch, startLocalOpenSearch } from '../../src/local/opensearch/node';
import { SeededRandom } from '../../src/local/synthetic';
import { buildConfig, Pipeline } from '../../src/pipeline';
import { generateCorpus } from './corpus';
import type { MappingSettings, OnFailureRecord } from './event-source-mapping';
import { dryRun, emptyExpectation } from './expected';
import { type FaultCounts, startFaultProxy } from './fault-proxy';
import { checkShares, DEFAULT_FAULT_MIX, scaleShares } from './faults';
import { hostileCorpus } from './hostile';
import { recordsBetween } from './kinesis-feed';
import { runLambdaPhase } from './lambda-phase';
import { runPollerPhase } from './poller-phase';
import { spawnCli } from './processes';
import { openSearchClient } from './search-client';
import { type PhaseVerdict, verifyPhase } from './verify';
import { finalSync, startWarehouseLoop, type WarehouseLoopStats } from './warehouse-loop';

export type PhaseName = 'poller' | 'lambda';

export interface ChaosOptions {
  /** Generated events, at least (rounded up to whole envelopes of every type). */
  readonly events: number;
  /** SIGKILLs of the poller before it may drain. */
  readonly kills: number;
  readonly seed: number;
  readonly shards: number;
  /** Multiplies the default fault mix (about a fifth of the requests at 1). */
  readonly faultRate: number;
  /** An existing cluster (not restarted); absent: a local node, restarted once. */
  readonly opensearchUrl?: string;
  readonly restart: boolean;
  readonly phases: readonly PhaseName[];
  readonly killAfterMs: readonly [number, number];
  readonly mapping: MappingSettings;
  readonly functionTimeoutMs: number;
  readonly crashShare: number;
  readonly warehouseKillShare: number;
  /** Between two warehouse sync runs. */
  readonly warehousePauseMs: number;
  readonly fixturesDir?: string;
  readonly workDir: string;
  readonly log: (line: string) => void;
}

export interface PhaseReport {
  readonly name: PhaseName;
  readonly prefix: string;
  readonly drainMs: number;
  readonly eventsPerSecond: number;
  readonly consumer: Record<string, unknown>;
  readonly warehouseLoop: WarehouseLoopStats;
  readonly onFailureDestination?: readonly OnFailureRecord[];
  readonly verdict: PhaseVerdict;
}

export interface ChaosReport {
  readonly date: string;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    readonly node: string;
  };
  readonly seed: number;
  readonly put: {
    readonly records: number;
    readonly generatedEvents: number;
    readonly hostileRecords: number;
    readonly ms: number;
  };
  readonly faults: FaultCounts;
  readonly restart: string;
  readonly phases: PhaseReport[];
  readonly ok: boolean;
}

const STREAM = 'cwlpipe-chaos';

/**
 * The whole chaos run: the generated stream and the hostile corpus on an embedded Kinesis, a real OpenSearch
 * behind the fault proxy, then each phase (the poller killed again and again; the Lambda handler under the
 * event source mapping simulation with crashes), the warehouse sync running and dying meanwhile, the node
 * restarted once, and at the end every count checked.
 *
 * @example
 * ```ts
 * const report = await runChaos({ ...options, events: 20_000, kills: 1 });
 * process.exitCode = report.ok ? 0 : 1;
 * ```
 */
export const runChaos = async (options: ChaosOptions): Promise<ChaosReport> => {
  const { log } = options;
  const random = new SeededRandom(options.seed);
  const roll = () => random.next();
  const shares = checkShares(scaleShares(DEFAULT_FAULT_MIX, options.faultRate));
  mkdirSync(options.workDir, { recursive: true });
  const cleanup: (() => Promise<void>)[] = [];
  try {
    log(`▸ Generating ${options.events} events of every type (seed ${options.seed}) and the hostile corpus…`);
    const corpus = generateCorpus(options.events, options.seed);
    const hostile = hostileCorpus(options.fixturesDir, options.seed);
    const records = [...corpus.records];
    for (const record of hostile) records.splice(Math.floor(roll() * (records.length + 1)), 0, record);

    const kinesis = await startLocalKinesis();
    cleanup.push(() => kinesis.close());
    const client = kinesisClient({ endpoint: kinesis.endpoint });
    cleanup.push(async () => client.destroy());
    await ensureStream(client, STREAM, options.shards);

    let node: LocalOpenSearch | undefined;
    let directUrl = options.opensearchUrl;
    if (directUrl === undefined) {
      log('▸ Starting a local OpenSearch (cached from Maven Central)…');
      node = await startLocalOpenSearch({ runDir: join(options.workDir, 'opensearch') });
      directUrl = node.url;
      cleanup.push(async () => node?.stop());
    }
    const proxy = await startFaultProxy(directUrl, {}, { stallMs: 3_000, slowBodyMs: 2_000 }, roll);
    cleanup.push(() => proxy.close());
    log(
      `▸ OpenSearch at ${directUrl}, behind the fault proxy at ${proxy.url}; Kinesis at ${kinesis.endpoint}`,
    );

    const putStarted = Date.now();
    await publishToKinesis(client, STREAM, records);
    const put = {
      records: records.length,
      generatedEvents: corpus.events,
      hostileRecords: hostile.length,
      ms: Date.now() - putStarted,
    };
    log(
      `▸ Put ${put.records} records (${put.generatedEvents} generated events, ${put.hostileRecords} hostile records) in ${(put.ms / 1000).toFixed(1)} s`,
    );

    let restart =
      options.restart && node !== undefined ? 'pending' : 'not asked (--no-restart or an existing cluster)';
    const restartPhase: PhaseName | undefined = options.phases.includes('lambda')
      ? 'lambda'
      : options.phases[0];
    const restartNode = async (): Promise<void> => {
      if (node === undefined) return;
      const began = Date.now();
      log('  ↻ restarting OpenSearch…');
      await node.stop(10_000);
      node = await startLocalOpenSearch({ runDir: join(options.workDir, 'opensearch') });
      directUrl = node.url;
      proxy.setTarget(node.url);
      restart = `restarted once during the ${restartPhase} phase: down ${((Date.now() - began) / 1000).toFixed(1)} s`;
      log(`  ↻ OpenSearch is back at ${node.url} after ${((Date.now() - began) / 1000).toFixed(1)} s`);
    };

    const phases: PhaseReport[] = [];
    const runTag = `chaos_${String(options.seed)}_${Date.now().toString(36)}`;
    let lastDrainMs = 20_000;
    for (const name of options.phases) {
      const prefix = `${runTag}_${name}`;
      const dir = join(options.workDir, name);
      mkdirSync(dir, { recursive: true });
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        OPENSEARCH_URL: proxy.url,
        OPENSEARCH_INDEX_PREFIX: prefix,
        CWLPIPE_WAREHOUSE: 'duckdb',
        CWLPIPE_DUCKDB_PATH: join(dir, 'warehouse.duckdb'),
        CWLPIPE_CONNECTORS: 'opensearch',
        CWLPIPE_DESTINATION: 'opensearch',
        AWS_REGION: 'us-east-1',
      };
      // The consumers run the default configuration, as the dry run does.
      for (const variable of ['CWLPIPE_CONFIG', 'CWLPIPE_CONFIG_FILE', 'OPENSEARCH_AWS_REGION'])
        delete env[variable];
      await setup(prefix, { ...env, OPENSEARCH_URL: directUrl }, dir);
      const expected = dryRun(hostile, new Pipeline(buildConfig()), prefix);

      log(`▸ Phase ${name}: index prefix ${prefix}, faults on`);
      proxy.setShares(shares);
      const loop = startWarehouseLoop(env, dir, {
        killShare: options.warehouseKillShare,
        random: roll,
        pauseMs: options.warehousePauseMs,
      });
      let restarting: Promise<void> | undefined;
      const restartTimer =
        restart === 'pending' && name === restartPhase
          ? setTimeout(
              () => {
                restarting = restartNode();
              },
              Math.round(lastDrainMs * (0.15 + 0.2 * roll())),
            )
          : undefined;

      let drainMs: number;
      let consumer: Record<string, unknown>;
      let destination: OnFailureRecord[] | undefined;
      if (name === 'poller') {
        const report = await runPollerPhase({
          stream: STREAM,
          kinesisEndpoint: kinesis.endpoint,
          env,
          dir,
          kills: options.kills,
          killAfterMs: options.killAfterMs,
          random: roll,
          log: (line) => log(`  ${line}`),
        });
        drainMs = report.drainMs;
        consumer = { ...report };
      } else {
        const report = await runLambdaPhase({
          client,
          stream: STREAM,
          env,
          settings: options.mapping,
          functionTimeoutMs: options.functionTimeoutMs,
          crashShare: options.crashShare,
          crashWithinMs: 2_000,
          random: roll,
        });
        drainMs = report.drainMs;
        destination = report.destination.records;
        consumer = { crashes: report.crashes, timeouts: report.timeouts, shards: report.shards };
      }
      clearTimeout(restartTimer);
      await restarting;
      if (restart === 'pending' && name === restartPhase)
        restart = `not done: the ${name} phase drained first`;
      lastDrainMs = drainMs;
      proxy.setShares({});
      const warehouseLoop = await loop.stop();
      log(`  drained in ${(drainMs / 1000).toFixed(1)} s; faults off; final warehouse syncs…`);
      await finalSync(env, dir);
      await finalSync(env, dir);

      const givenUp = emptyExpectation();
      for (const failure of destination ?? []) {
        const info = failure.KinesisBatchInfo;
        const lost = await recordsBetween(
          client,
          STREAM,
          info.shardId,
          info.startSequenceNumber,
          info.endSequenceNumber,
        );
        dryRun(lost, new Pipeline(buildConfig()), prefix, givenUp);
      }
      const search = openSearchClient(directUrl, prefix);
      try {
        const verdict = await verifyPhase({
          client: search,
          prefix,
          corpus,
          hostile: expected,
          givenUp,
          duckDbPath: join(dir, 'warehouse.duckdb'),
        });
        phases.push({
          name,
          prefix,
          drainMs,
          eventsPerSecond: Math.round((corpus.events + expected.events) / (drainMs / 1000)),
          consumer,
          warehouseLoop,
          ...(destination !== undefined && { onFailureDestination: destination }),
          verdict,
        });
      } finally {
        await search.close();
      }
    }
    return {
      date: new Date().toISOString(),
      machine: {
        cpus: availableParallelism(),
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      seed: options.seed,
      put,
      faults: { ...proxy.counts },
      restart,
      phases,
      ok: phases.every((phase) => phase.verdict.assertions.every((assertion) => assertion.ok)),
    };
  } finally {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  }
};

/** `cwlpipe setup --prefix` against the cluster itself (no faults): templates for the phase's indices. */
const setup = async (prefix: string, env: NodeJS.ProcessEnv, dir: string): Promise<void> => {
  const { code } = await spawnCli(['setup', '--prefix', prefix], env, join(dir, 'setup.log')).exited;
  if (code !== 0) throw new Error(`cwlpipe setup failed for ${prefix}; see ${join(dir, 'setup.log')}.`);
};
