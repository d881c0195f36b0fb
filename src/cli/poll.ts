import { resolve } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Command } from 'commander';
import { buildConnectors, buildDeadLetterSink, payloadArchiveFromEnv } from '../connectors';
import { consumerEnv } from '../consumers/env';
import { engineDelivery, FileCheckpointStore, KinesisPoller, stopOnSignals } from '../consumers/poller';
import { kinesisClient } from '../consumers/poller/kinesis-client';
import { ConfigError } from '../core';
import { Pipeline } from '../pipeline';
import { RunTotals } from './start-summary';

interface PollOptions {
  stream?: string;
  kinesisEndpoint?: string;
  checkpoints?: string;
  drain?: boolean;
  reportEverySeconds: string;
}

/**
 * `cwlpipe poll`: the long-running consumer of the ECS task (and of any machine): reads a Kinesis
 * stream with checkpoints, through the same engine as the Lambda handler, configured like it
 * (`OPENSEARCH_URL`, `CWLPIPE_CONNECTORS`, `CWLPIPE_CONFIG_FILE`…). Logs are JSON lines.
 */
export const registerPoll = (program: Command): void => {
  program
    .command('poll')
    .description('Consume a Kinesis stream into the configured connectors, with checkpoints (the ECS task).')
    .option('--stream <name>', 'the Kinesis stream (default: $CWLPIPE_STREAM)')
    .option('--kinesis-endpoint <url>', 'a local Kinesis such as kinesalite or moto (default: AWS)')
    .option('--checkpoints <file>', 'checkpoint file', '.cwlpipe/checkpoints.json')
    .option('--drain', 'stop once every shard is read to its tip')
    .option('--report-every-seconds <n>', 'how often a progress line is logged', '60')
    .action(async (options: PollOptions) => {
      await runPoll(options);
    });
};

const runPoll = async (options: PollOptions): Promise<void> => {
  const stream = options.stream ?? process.env.CWLPIPE_STREAM;
  if (stream === undefined || stream === '') {
    throw new ConfigError(
      'option_invalid',
      'Name the Kinesis stream to read with --stream or CWLPIPE_STREAM.',
    );
  }
  const reportEveryMs = Number(options.reportEverySeconds) * 1000;
  if (!Number.isFinite(reportEveryMs) || reportEveryMs <= 0) {
    throw new ConfigError('option_invalid', '--report-every-seconds must be a positive number.');
  }
  const env = consumerEnv();
  const logger = new Logger({ serviceName: 'cwlpipe-poller' });
  const connectors = buildConnectors(env.connectors, process.env);
  const client = kinesisClient(
    options.kinesisEndpoint === undefined ? {} : { endpoint: options.kinesisEndpoint },
  );
  const deadLetters = buildDeadLetterSink(process.env);
  const archive = payloadArchiveFromEnv(process.env);
  const totals = new RunTotals();
  const deliver = engineDelivery(
    {
      pipeline: new Pipeline(env.pipeline),
      connectors,
      deadLetters,
      ...(archive !== undefined && { archive }),
    },
    {
      onResult: (result) => totals.add(result),
    },
  );
  const poller = new KinesisPoller(
    {
      client,
      stream,
      store: new FileCheckpointStore(resolve(options.checkpoints ?? '.cwlpipe/checkpoints.json')),
      deliver,
      observer: {
        onRetry: (shardId, reason, waitMs) =>
          logger.warn('Reading a shard again', { shardId, reason, waitMs }),
        onShardStateChange: (shardId, state) => logger.info('Shard state', { shardId, state }),
      },
    },
    { drain: options.drain === true },
  );
  const report = (): void =>
    logger.info('Progress', {
      stream,
      records: poller.progress.records,
      millisBehindLatest: poller.progress.millisBehindLatest,
      events: totals.stats.events,
      documents: totals.stats.docsByType,
      delivered: totals.delivered,
      setAside: totals.stats.setAsideByCode,
      deadLettered: totals.deadLetteredByCode,
      retryable: totals.retryableByCode,
    });
  const timer = setInterval(report, reportEveryMs);
  const release = stopOnSignals(poller, (signal) =>
    logger.info('Stopping after the batch in flight', { signal }),
  );
  logger.info('Polling', { stream, connectors: env.connectors, drain: options.drain === true });
  try {
    await poller.run();
  } finally {
    clearInterval(timer);
    release();
    report();
    await Promise.all([...connectors.map((connector) => connector.close?.()), deadLetters.close?.()]);
    client.destroy();
  }
};
