import { gzipSync } from 'node:zlib';
import type { Command } from 'commander';
import { ConfigError, type LogType } from '../core';
import { syntheticEnvelopes, syntheticTypes } from '../local/synthetic';
import { positiveInt } from './options';

interface GenerateOptions {
  type: string;
  envelopes: string;
  events: string;
  seed: string;
}

/** `cwlpipe generate`: a synthetic Lambda Kinesis event of one log type on stdout, for load runs and demos. */
export const registerGenerate = (program: Command): void => {
  program
    .command('generate')
    .description(
      'Print a Lambda Kinesis event holding synthetic CloudWatch Logs records of one type (deterministic per seed).',
    )
    .option('--type <type>', 'log type (any registered type with synthetic data)', 'vpcflow')
    .option('--envelopes <n>', 'records (subscription envelopes)', '10')
    .option('--events <n>', 'log events per envelope', '100')
    .option('--seed <n>', 'seed of the generator', '42')
    .action((options: GenerateOptions) => {
      if (!syntheticTypes().includes(options.type)) {
        throw new ConfigError(
          'option_invalid',
          `--type "${options.type}" is not one of ${syntheticTypes().join(', ')}.`,
        );
      }
      const envelopes = positiveInt(options.envelopes, '--envelopes');
      const eventsPerEnvelope = positiveInt(options.events, '--events');
      const seed = positiveInt(options.seed, '--seed');
      const type = options.type as LogType;
      const records = [...syntheticEnvelopes({ type, envelopes, eventsPerEnvelope, seed })].map(
        (envelope, index) => ({
          eventSource: 'aws:kinesis',
          eventID: `shardId-000000000000:${String(index).padStart(56, '0')}`,
          kinesis: {
            partitionKey: envelope.logStream,
            sequenceNumber: String(index).padStart(56, '0'),
            data: gzipSync(JSON.stringify(envelope)).toString('base64'),
          },
        }),
      );
      process.stdout.write(`${JSON.stringify({ Records: records })}\n`);
    });
};
