import { FirehoseClient } from '@aws-sdk/client-firehose';
import type { Command } from 'commander';
import { type FileRecord, readInputFile } from '../consumers/files';
import { kinesisClient } from '../consumers/poller/kinesis-client';
import {
  FIREHOSE_LIMITS,
  type PublishTotals,
  publishToFirehose,
  publishToKinesis,
  type ReplayLoad,
  replayRecords,
} from '../consumers/replay';
import { ConfigError } from '../core';

interface ReplayOptions {
  stream?: string;
  firehose?: string;
  firehoseEndpoint?: string;
  kinesisEndpoint?: string;
  region?: string;
}

/**
 * `cwlpipe replay FILE…`: publishes payload files (fixtures, captured Kinesis or Firehose events,
 * envelopes, gzip envelopes) to a Kinesis stream exactly as CloudWatch Logs would.
 */
export const registerReplay = (program: Command): void => {
  program
    .command('replay')
    .description(
      'Publish payload files to a Kinesis stream or a Firehose delivery stream as CloudWatch Logs would (gzip envelopes by log stream).',
    )
    .argument('<files...>', 'fixtures, captured Kinesis/Firehose events, envelopes or gzip envelopes')
    .option('--stream <name>', 'the Kinesis stream (default: $CWLPIPE_STREAM)')
    .option(
      '--firehose <delivery-stream>',
      'publish to this Firehose delivery stream instead (PutRecordBatch)',
    )
    .option('--firehose-endpoint <url>', 'a local Firehose such as moto (default: AWS)')
    .option('--kinesis-endpoint <url>', 'a local Kinesis such as kinesalite or moto (default: AWS)')
    .option('--region <region>', 'the AWS region (default: $AWS_REGION)')
    .action(async (files: string[], options: ReplayOptions) => {
      await runReplay(files, options);
    });
};

const runReplay = async (files: string[], options: ReplayOptions): Promise<void> => {
  if (options.firehose !== undefined) {
    if (options.stream !== undefined) {
      throw new ConfigError('option_invalid', 'Give --stream (Kinesis) or --firehose (Firehose), not both.');
    }
    await replayToFirehose(files, options.firehose, options);
    return;
  }
  const stream = options.stream ?? process.env.CWLPIPE_STREAM;
  if (stream === undefined || stream === '') {
    throw new ConfigError(
      'option_invalid',
      'Name the Kinesis stream to publish to with --stream or CWLPIPE_STREAM (or a Firehose delivery stream with --firehose).',
    );
  }
  const inputs: FileRecord[] = files.flatMap((file) => readInputFile(file).records);
  const load = replayRecords(inputs);
  const client = kinesisClient({
    ...(options.kinesisEndpoint !== undefined && { endpoint: options.kinesisEndpoint }),
    ...(options.region !== undefined && { region: options.region }),
  });
  try {
    const totals = await publishToKinesis(client, stream, load.records, { onRetry: sayRetry('Kinesis') });
    process.stdout.write(describeReplay(files, stream, load, totals));
  } finally {
    client.destroy();
  }
};

const replayToFirehose = async (
  files: string[],
  deliveryStream: string,
  options: ReplayOptions,
): Promise<void> => {
  const inputs: FileRecord[] = files.flatMap((file) => readInputFile(file).records);
  const load = replayRecords(inputs, FIREHOSE_LIMITS);
  const client = new FirehoseClient({
    ...(options.firehoseEndpoint !== undefined && { endpoint: options.firehoseEndpoint }),
    ...(options.region !== undefined && { region: options.region }),
  });
  try {
    const totals = await publishToFirehose(client, deliveryStream, load.records, {
      onRetry: sayRetry('Firehose'),
    });
    process.stdout.write(describeReplay(files, deliveryStream, load, totals));
  } finally {
    client.destroy();
  }
};

const sayRetry =
  (service: string) =>
  (refused: number, reason: string, waitMs: number): void => {
    process.stderr.write(`${service} refused ${refused} record(s) (${reason}); retrying in ${waitMs} ms\n`);
  };

const describeReplay = (files: string[], target: string, load: ReplayLoad, totals: PublishTotals): string =>
  `Replayed ${files.length} file(s) to ${target}: ${totals.records} records in ${totals.calls} call(s), ` +
  `${load.envelopes} envelopes, ${load.events} events, ${load.corrupt} undecodable, ${totals.bytes} bytes, ${totals.retries} retries.\n`;
