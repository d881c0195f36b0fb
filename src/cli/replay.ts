import type { Command } from 'commander';
import { type FileRecord, readInputFile } from '../consumers/files';
import { kinesisClient } from '../consumers/poller/kinesis-client';
import { publishToKinesis, replayRecords } from '../consumers/replay';
import { ConfigError } from '../core';

interface ReplayOptions {
  stream?: string;
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
      'Publish payload files to a Kinesis stream as CloudWatch Logs would (gzip envelopes by log stream).',
    )
    .argument('<files...>', 'fixtures, captured Kinesis/Firehose events, envelopes or gzip envelopes')
    .option('--stream <name>', 'the Kinesis stream (default: $CWLPIPE_STREAM)')
    .option('--kinesis-endpoint <url>', 'a local Kinesis such as kinesalite or moto (default: AWS)')
    .option('--region <region>', 'the AWS region (default: $AWS_REGION)')
    .action(async (files: string[], options: ReplayOptions) => {
      await runReplay(files, options);
    });
};

const runReplay = async (files: string[], options: ReplayOptions): Promise<void> => {
  const stream = options.stream ?? process.env.CWLPIPE_STREAM;
  if (stream === undefined || stream === '') {
    throw new ConfigError(
      'option_invalid',
      'Name the Kinesis stream to publish to with --stream or CWLPIPE_STREAM.',
    );
  }
  const inputs: FileRecord[] = files.flatMap((file) => readInputFile(file).records);
  const load = replayRecords(inputs);
  const client = kinesisClient({
    ...(options.kinesisEndpoint !== undefined && { endpoint: options.kinesisEndpoint }),
    ...(options.region !== undefined && { region: options.region }),
  });
  try {
    const totals = await publishToKinesis(client, stream, load.records, {
      onRetry: (refused, reason, waitMs) =>
        process.stderr.write(`Kinesis refused ${refused} record(s) (${reason}); retrying in ${waitMs} ms\n`),
    });
    process.stdout.write(
      `Replayed ${files.length} file(s) to ${stream}: ${totals.records} records in ${totals.calls} call(s), ` +
        `${load.envelopes} envelopes, ${load.events} events, ${load.corrupt} undecodable, ${totals.bytes} bytes, ${totals.retries} retries.\n`,
    );
  } finally {
    client.destroy();
  }
};
