import { resolve } from 'node:path';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { buildConnectors, buildDeadLetterSink, type Destination, destinationFromEnv } from '../connectors';
import { createOpenSearchClient, type OpenSearchClient } from '../connectors/opensearch/client';
import { destinationConfigFromEnv } from '../connectors/registry';
import {
  type CheckpointStore,
  type DeliverBatch,
  engineDelivery,
  FileCheckpointStore,
  KinesisPoller,
  MemoryCheckpointStore,
  type PollerProgress,
  stopOnSignals,
} from '../consumers/poller';
import { ensureStream, kinesisClient, waitForStreamActive } from '../consumers/poller/kinesis-client';
import { ConfigError, type Connector, describeError } from '../core';
import type { DashboardsServer } from '../local/dashboards/server';
import { startLocalElasticsearch } from '../local/elasticsearch/node';
import { ensureKinesaliteInstalled, type LocalKinesis, startLocalKinesis } from '../local/kinesis';
import { type LocalOpenSearch, startLocalOpenSearch } from '../local/opensearch/node';
import { buildConfig, Pipeline, type PipelineConfig } from '../pipeline';
import { serveDashboards } from './dashboards';
import { positiveInt, withDestination } from './options';
import { setupConnectors } from './setup';
import { type FixtureLoad, loadFixtures, putRecords } from './start-delivery';
import { generateLoad } from './start-generate';
import { formatSummary, type IndexCount, RunTotals } from './start-summary';
import { startWarehouse } from './start-warehouse';
import { resolveConfig } from './transform';

interface StartOptions {
  opensearchUrl?: string;
  kinesisEndpoint?: string;
  stream?: string;
  shards: string;
  follow?: boolean;
  generate?: string;
  keep?: boolean;
  fixtures: boolean;
  fixturesDir: string;
  checkpoints?: string;
  config?: string;
}

const DEFAULT_STREAM = 'cwlpipe-local';

/** `cwlpipe start` (`npm start`): the whole pipeline on this machine, and a summary. */
export const registerStart = (program: Command): void => {
  withDestination(program.command('start'))
    .description(
      'Run the whole pipeline here: embedded Kinesis, local OpenSearch (or Elasticsearch), the fixtures delivered as CloudWatch Logs would, the poller, a summary, and the aggregates synced into the local DuckDB warehouse.',
    )
    .option(
      '--opensearch-url <url>',
      'use this OpenSearch cluster (default: $OPENSEARCH_URL, else a local node)',
    )
    .option(
      '--kinesis-endpoint <url>',
      'use the Kinesis at this endpoint (e.g. moto) instead of an embedded one',
    )
    .option(
      '--stream <name>',
      `stream to create or read (default: ${DEFAULT_STREAM}); alone, a real AWS stream`,
    )
    .option('--shards <n>', 'shards of a stream this command creates', '2')
    .option('--follow', 'keep reading after the stream is drained (Ctrl-C stops gracefully)')
    .option(
      '--generate <events-per-second>',
      'put synthetic events of every log type at this rate (implies --follow)',
    )
    .option('--keep', 'leave the local OpenSearch running after the summary, until Ctrl-C')
    .option('--no-fixtures', 'do not deliver the fixtures')
    .option('--fixtures-dir <dir>', 'where the fixtures are', 'fixtures')
    .option(
      '--checkpoints <file>',
      'checkpoint file (default: in memory for the embedded Kinesis, else .cwlpipe/checkpoints.json)',
    )
    .option('-c, --config <file>', 'config file (default: ./cwlpipe.config.json when present)')
    .action(async (options: StartOptions) => {
      await runStart(options);
    });
};

const say = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

/** A step's cleanup, run in reverse order when the command ends, however it ends. */
type Cleanup = Array<() => Promise<void>>;

const runStart = async (options: StartOptions): Promise<void> => {
  const rate = options.generate === undefined ? undefined : positiveInt(options.generate, '--generate');
  const shards = positiveInt(options.shards, '--shards');
  const follow = options.follow === true || rate !== undefined;
  const cleanup: Cleanup = [];
  if (options.kinesisEndpoint === undefined && options.stream === undefined) ensureKinesaliteInstalled();
  try {
    const destination = destinationFromEnv();
    const openSearch = await openSearchEngine(destination, options, cleanup);
    const env = {
      ...process.env,
      CWLPIPE_DESTINATION: destination,
      ...(openSearch.local && { [ENGINES[destination].urlVariable]: openSearch.url }),
      ...(destination === 'opensearch' && { OPENSEARCH_URL: openSearch.url }),
    };
    const openSearchConfig = destinationConfigFromEnv(env);
    // One client for the closing counts; setup's errors already say what is wrong, in one line.
    const search = createOpenSearchClient(openSearchConfig);
    cleanup.push(() => search.close());
    const connectors = buildConnectors([destination], env);
    const deadLetters = buildDeadLetterSink(env);
    cleanup.push(async () => {
      await Promise.all([...connectors.map((connector) => connector.close?.()), deadLetters.close?.()]);
    });
    await runSetup(connectors);

    const kinesis = await openKinesis(options, shards, cleanup);
    const fixtures = options.fixtures ? await deliverFixtures(options.fixturesDir, kinesis) : undefined;
    const totals = new RunTotals();
    const progress = await pollStream({
      kinesis,
      follow,
      rate,
      put: fixtures?.records.length ?? 0,
      totals,
      store: checkpointStore(options, kinesis),
      deliver: engineDelivery(
        {
          pipeline: new Pipeline(withFixtureRules(resolveConfig(options), fixtures)),
          connectors,
          deadLetters,
        },
        { onResult: (result) => totals.add(result) },
      ),
    });

    const indices = await indexCounts(search, openSearchConfig.indexPrefix).catch((error: unknown) => {
      // Ctrl-C in a terminal reaches the local node too; the rest of the summary still stands.
      say(`  The index counts could not be read: ${describeError(error)}`);
      return [];
    });
    process.stdout.write(
      formatSummary({ totals, progress, indices, url: openSearch.url, prefix: openSearchConfig.indexPrefix }),
    );
    process.stdout.write(await startWarehouse(env, search, openSearchConfig.indexPrefix));
    await keepOrStop(options, openSearch, () =>
      serveDashboards(search, { prefix: openSearchConfig.indexPrefix }),
    );
  } finally {
    for (const step of cleanup.reverse()) {
      await step().catch((error: unknown) => say(`  cleanup: ${describeError(error)}`));
    }
  }
};

/** Each destination's name, the variables that point at an existing cluster, and its local node. */
const ENGINES = {
  opensearch: { label: 'OpenSearch', urlVariable: 'OPENSEARCH_URL', start: startLocalOpenSearch },
  elasticsearch: {
    label: 'Elasticsearch',
    urlVariable: 'ELASTICSEARCH_URL',
    cloudVariable: 'ELASTICSEARCH_CLOUD_ID',
    start: startLocalElasticsearch,
  },
} as const;

/** The destination's cluster: the one named (option, its URL or cloud id variable), or a local node started here. */
const openSearchEngine = async (
  destination: Destination,
  options: StartOptions,
  cleanup: Cleanup,
): Promise<{ url: string; local?: LocalOpenSearch }> => {
  const engine = ENGINES[destination];
  const url =
    (destination === 'opensearch' ? options.opensearchUrl : undefined) ?? process.env[engine.urlVariable];
  if (url !== undefined && url.trim() !== '') {
    say(`▸ Using ${engine.label} at ${url}`);
    return { url };
  }
  if ('cloudVariable' in engine && (process.env[engine.cloudVariable] ?? '') !== '') {
    const cloud = destinationConfigFromEnv().url;
    say(`▸ Using ${engine.label} at ${cloud} (${engine.cloudVariable})`);
    return { url: cloud };
  }
  say(
    `▸ Starting a local ${engine.label} (the first run downloads it from Maven Central, then it is cached)…`,
  );
  const local = await engine.start({ log: (message) => say(`  ${message}`) });
  cleanup.push(() => local.stop());
  say(`  ${engine.label} ${local.version} is up at ${local.url}`);
  return { url: local.url, local };
};

/** Index templates, the ISM policy and the dead-letter template: every connector's own setup. */
const runSetup = async (connectors: readonly Connector[]): Promise<void> => {
  for (const report of await setupConnectors(connectors)) say(`▸ Setup: ${report.summary}`);
};

interface OpenKinesis {
  readonly client: KinesisClient;
  readonly stream: string;
  /** The embedded kinesalite, when this command started one. */
  readonly local?: LocalKinesis;
}

/** Kinesis: embedded kinesalite, or the endpoint or stream named; the stream made ready to read. */
const openKinesis = async (options: StartOptions, shards: number, cleanup: Cleanup): Promise<OpenKinesis> => {
  const stream = options.stream ?? DEFAULT_STREAM;
  let local: LocalKinesis | undefined;
  let client: KinesisClient;
  if (options.kinesisEndpoint === undefined && options.stream === undefined) {
    const started = await startLocalKinesis();
    local = started;
    cleanup.push(() => started.close());
    client = kinesisClient({ endpoint: started.endpoint });
    say(`▸ Embedded Kinesis (kinesalite) at ${started.endpoint}`);
  } else {
    client = kinesisClient(
      options.kinesisEndpoint === undefined ? {} : { endpoint: options.kinesisEndpoint },
    );
    say(`▸ Kinesis ${options.kinesisEndpoint ?? '(AWS, default credentials)'}, stream ${stream}`);
  }
  const created = client;
  cleanup.push(async () => created.destroy());
  if (options.kinesisEndpoint !== undefined || local !== undefined)
    await ensureStream(client, stream, shards);
  else await waitForStreamActive(client, stream);
  return { client, stream, ...(local !== undefined && { local }) };
};

/** The fixtures, put on the stream as CloudWatch Logs would deliver them. */
const deliverFixtures = async (dir: string, kinesis: OpenKinesis): Promise<FixtureLoad> => {
  const fixtures = loadFixtures(dir);
  await kinesisStep('The fixtures could not be put on the stream', () =>
    putRecords(kinesis.client, kinesis.stream, fixtures.records),
  );
  say(
    `▸ Delivered ${fixtures.files} fixture files: ${fixtures.events} log events in ${fixtures.records.length} records ` +
      `(gzip envelopes per log group and stream; ${fixtures.corrupt} corrupt on purpose, to show the dead letters)`,
  );
  return fixtures;
};

/** Checkpoints in memory for a stream that dies with this process, else in a file. */
const checkpointStore = (options: StartOptions, kinesis: OpenKinesis): CheckpointStore =>
  options.checkpoints !== undefined
    ? new FileCheckpointStore(resolve(options.checkpoints))
    : kinesis.local !== undefined
      ? new MemoryCheckpointStore()
      : new FileCheckpointStore();

interface PollRun {
  readonly kinesis: OpenKinesis;
  readonly follow: boolean;
  /** Synthetic events per second to generate meanwhile, if any. */
  readonly rate: number | undefined;
  /** Records already put on the stream (the progress bar's first total). */
  readonly put: number;
  readonly totals: RunTotals;
  readonly store: CheckpointStore;
  readonly deliver: DeliverBatch;
}

/** The poller, through the same engine as the Lambda handler, with a progress bar, until drained or stopped. */
const pollStream = async (run: PollRun): Promise<PollerProgress> => {
  const { kinesis, follow, rate, totals } = run;
  let put = run.put;
  const bar = new SingleBar({
    format:
      ' {bar} {value}/{total} records | {docs} docs | {dead} dead letters | {shards} | behind {behind} ms',
    hideCursor: true,
    clearOnComplete: false,
    stream: process.stderr,
  });
  const poller = new KinesisPoller(
    {
      client: kinesis.client,
      stream: kinesis.stream,
      store: run.store,
      deliver: run.deliver,
      observer: {
        onBatch: () => {
          bar.setTotal(Math.max(put, poller.progress.records));
          bar.update(poller.progress.records, {
            docs: totals.delivered,
            dead: totals.deadLettered,
            shards: shardLine(poller),
            behind: poller.progress.millisBehindLatest,
          });
        },
        onRetry: (shardId, reason, waitMs) => {
          if (reason !== 'throttled') bar.stop();
          if (reason !== 'throttled') say(`  ${shardId}: ${reason}; reading it again in ${waitMs} ms`);
        },
      },
    },
    { drain: !follow, idlePollMs: follow ? 1_000 : 100, shardSyncMs: follow ? 10_000 : 1_000 },
  );
  const generating = new AbortController();
  if (rate !== undefined) {
    say(`▸ Generating ${rate} events per second of every log type (Ctrl-C to stop)`);
    void generateLoad(kinesis.client, kinesis.stream, rate, generating.signal, (records) => {
      put += records;
    }).catch((error: unknown) => {
      say(`  the generator stopped: ${describeError(error)}`);
    });
  }
  say(
    follow
      ? '▸ Reading the stream (Ctrl-C stops after the batch in flight)…'
      : '▸ Reading the stream until it is drained…',
  );
  bar.start(Math.max(put, 1), 0, { docs: 0, dead: 0, shards: '', behind: 0 });
  const release = stopOnSignals(poller, (signal) => {
    generating.abort();
    bar.stop();
    say(`▸ ${signal}: finishing the batch in flight, then stopping…`);
  });
  try {
    return await poller.run();
  } finally {
    generating.abort();
    release();
    bar.stop();
  }
};

/** A local node stops with the command, unless `--keep` leaves it up until Ctrl-C. */
const keepOrStop = async (
  options: StartOptions,
  openSearch: { url: string; local?: LocalOpenSearch },
  dashboards: () => Promise<DashboardsServer>,
) => {
  if (openSearch.local === undefined) return;
  if (options.keep !== true) {
    say('▸ The local OpenSearch stops now; run with --keep to query it with the commands above.');
    return;
  }
  say(`▸ --keep: OpenSearch stays up at ${openSearch.url} until Ctrl-C.`);
  // The dashboards over what was just indexed, so a newcomer can look at it in a browser.
  const server = await dashboards();
  say(`▸ Dashboards: ${server.url}`);
  await new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  await server.close();
};

/** Kinesis failures (unreachable endpoint, missing stream, no credentials) become one clear line. */
const kinesisStep = async <T>(what: string, step: () => Promise<T>): Promise<T> => {
  try {
    return await step();
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError('kinesis_unavailable', `${what}: ${describeError(error)}.`, { cause: error });
  }
};

/**
 * The fixtures' own settings join the configured ones, after them: their log-group rules (custom VPC
 * formats) and their log-group scoped privacy overrides, rules, field policies and filters.
 */
const withFixtureRules = (config: PipelineConfig, fixtures: FixtureLoad | undefined): PipelineConfig => {
  if (fixtures === undefined) return config;
  const extra = buildConfig(
    {
      logGroups: fixtures.logGroupRules,
      privacy: { overrides: fixtures.privacy.overrides, rules: fixtures.privacy.rules },
      fields: fixtures.privacy.fields,
      filters: fixtures.privacy.filters,
    },
    'fixtures',
  );
  const mine = config.privacy;
  return {
    ...config,
    logGroups: [...config.logGroups, ...extra.logGroups],
    privacy: {
      privacy: {
        ...mine.privacy,
        overrides: [...mine.privacy.overrides, ...extra.privacy.privacy.overrides],
        rules: [...mine.privacy.rules, ...extra.privacy.privacy.rules],
      },
      fields: [...mine.fields, ...extra.privacy.fields],
      filters: [...mine.filters, ...extra.privacy.filters],
    },
  };
};

const shardLine = (poller: KinesisPoller): string => {
  const states = [...poller.progress.shards.values()].map((shard) => shard.state);
  const count = (state: string): number => states.filter((item) => item === state).length;
  return `shards: ${count('reading')} reading, ${count('caught_up')} caught up, ${count('finished')} closed`;
};

const indexCounts = async (client: OpenSearchClient, prefix: string): Promise<IndexCount[]> => {
  await client.indices.refresh({ index: `${prefix}-*` });
  const { body } = await client.cat.indices({ index: `${prefix}-*`, format: 'json' });
  return (body as unknown as Array<{ index?: string; 'docs.count'?: string }>)
    .map((row) => ({ index: row.index ?? '?', docs: Number(row['docs.count'] ?? 0) }))
    .sort((a, b) => a.index.localeCompare(b.index));
};
