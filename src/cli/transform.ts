import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { bareMessageSource, routeBareMessages } from '../consumers/bare-messages';
import { InputError, readInputFile } from '../consumers/files';
import { ConfigError, excerpt } from '../core';
import {
  buildConfig,
  loadConfigFile,
  Pipeline,
  type PipelineConfig,
  PipelineStats,
  vpcFormatOrThrow,
} from '../pipeline';

export const DEFAULT_CONFIG_FILE = 'cwlpipe.config.json';

interface TransformOptions {
  config?: string;
  bareLogGroup?: string;
  bareType?: string;
  vpcFormat?: string;
  ingestedAt?: string;
}

/** `cwlpipe transform FILE…`: decode and transform files, one document per line on stdout. */
export const registerTransform = (program: Command): void => {
  program
    .command('transform')
    .description(
      'Decode and transform files (Lambda Kinesis event, Firehose event, envelope, gzip envelope) to NDJSON.',
    )
    .argument('<files...>', 'input files')
    .option('-c, --config <file>', `config file (default: ./${DEFAULT_CONFIG_FILE} when present)`)
    .option(
      '--vpc-format <format>',
      "VPC flow log format for log groups without one configured, e.g. '${version} ${srcaddr} …'",
    )
    .option('--ingested-at <iso>', 'fix @ingested (for reproducible output)')
    .option(
      '--bare-log-group <name>',
      "read files that hold bare messages, one per line (Firehose's message extraction), as from this log group",
    )
    .option('--bare-type <type>', 'the log type of those bare messages (with --bare-log-group)')
    .action((files: string[], options: TransformOptions) => {
      const bare = bareMessageSource(options.bareLogGroup, options.bareType);
      const config =
        bare === undefined ? resolveConfig(options) : routeBareMessages(resolveConfig(options), bare);
      const clock = ingestedClock(options.ingestedAt);
      const pipeline = new Pipeline(config, clock);
      const stats = new PipelineStats();
      const out: string[] = [];
      const unreadable: string[] = [];
      for (const file of files) {
        let records: ReturnType<typeof readInputFile>['records'];
        try {
          records = readInputFile(file, bare).records;
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          // One bad file costs only itself: the documents of the others are printed, and the exit says so.
          unreadable.push(file);
          process.stderr.write(`cwlpipe: ${error.message}\n`);
          continue;
        }
        for (const record of records) {
          const outcome = pipeline.process(record);
          stats.add(outcome);
          for (const doc of outcome.docs) out.push(JSON.stringify(doc.body));
          for (const item of outcome.setAside) {
            process.stderr.write(
              `set aside (${item.code}): ${describeOrigin(item.origin)}: ${excerpt(item.reason)}\n`,
            );
          }
          if (out.length >= 1000) flush(out);
        }
      }
      flush(out);
      process.stderr.write(`${stats.summary()}\n`);
      if (unreadable.length > 0) {
        process.stderr.write(
          `cwlpipe: ${unreadable.length} of ${files.length} files could not be read: ${unreadable.join(', ')}.\n`,
        );
        process.exitCode = 2;
      }
    });
};

const flush = (lines: string[]): void => {
  if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
  lines.length = 0;
};

export const resolveConfig = (options: { config?: string; vpcFormat?: string }): PipelineConfig => {
  const base =
    options.config !== undefined
      ? loadConfigFile(options.config)
      : existsSync(DEFAULT_CONFIG_FILE)
        ? loadConfigFile(DEFAULT_CONFIG_FILE)
        : buildConfig();
  if (options.vpcFormat === undefined) return base;
  return { ...base, defaultVpcFormat: vpcFormatOrThrow(options.vpcFormat, '--vpc-format', 'command line') };
};

const ingestedClock = (iso: string | undefined): (() => Date) => {
  if (iso === undefined) return () => new Date();
  const fixed = new Date(iso);
  if (Number.isNaN(fixed.getTime()))
    throw new ConfigError('option_invalid', `--ingested-at "${iso}" is not an ISO-8601 time.`);
  return () => fixed;
};

export const describeOrigin = (origin: {
  file?: string;
  recordIndex: number;
  sequenceNumber?: string;
}): string =>
  `${origin.file ?? 'record'}#${origin.recordIndex}${origin.sequenceNumber ? ` (sequence ${origin.sequenceNumber})` : ''}`;
