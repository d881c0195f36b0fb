import { writeFileSync } from 'node:fs';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { S3Client } from '@aws-sdk/client-s3';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { buildConnectors, buildDeadLetterSink } from '../connectors';
import {
  ArchiveError,
  type ArchiveLocation,
  archiveLocationFromEnv,
  archiveS3Client,
  parseArchiveUri,
} from '../consumers/archive';
import {
  archiveSlice,
  type BackfillCheckpoints,
  type BackfillProgress,
  type BackfillReport,
  type BackfillSlice,
  backfillSucceeded,
  checkRange,
  DEFAULT_BACKFILL_CHECKPOINTS,
  FileBackfillCheckpoints,
  formatBackfillReport,
  logGroupSlice,
  NoCheckpoints,
  resolveLogGroups,
  runBackfill,
  S3BackfillCheckpoints,
  type TimeRange,
  timeSlices,
} from '../consumers/backfill';
import { type BareMessageSource, bareMessageSource, routeBareMessages } from '../consumers/bare-messages';
import { consumerEnv } from '../consumers/env';
import { ConfigError, type DeadLetterSink } from '../core';
import { loadConfigFile, Pipeline } from '../pipeline';
import { syncWarehouse } from '../warehouse';
import { positiveInt, withDestination } from './options';
import { parseTime } from './warehouse';

interface BackfillCliOptions {
  from: string;
  to: string;
  logGroup: string[];
  logGroupPrefix: string[];
  archive: string[];
  sliceMinutes: string;
  parallel: string;
  checkpoints: string;
  fresh?: boolean;
  dryRun?: boolean;
  report?: string;
  warehouse: boolean;
  config?: string;
  pageTimeoutSeconds: string;
  bareLogGroup?: string;
  bareType?: string;
}

const HOUR_MS = 3_600_000;

const NO_DEAD_LETTERS: DeadLetterSink = {
  id: 'none',
  write: async (letters) => ({ written: 0, failed: [...letters] }),
};
const collect = (value: string, previous: string[]): string[] => [...previous, value];

/**
 * `cwlpipe backfill`: history through the same pipeline, from CloudWatch Logs (FilterLogEvents) and the
 * raw archive, resumable, then the warehouse re-sync of the minutes it touched. The daily batch's entrypoint.
 */
export const registerBackfill = (program: Command): void => {
  withDestination(program.command('backfill'))
    .description(
      'Read history from CloudWatch Logs (FilterLogEvents) or the raw archive in S3 through the same pipeline, with the same document ids: running it twice, or over what the stream delivered, duplicates nothing.',
    )
    .requiredOption(
      '--from <time>',
      'start of the range, inclusive (ISO 8601, e.g. 2024-05-01 or 2024-05-01T12:00Z)',
    )
    .requiredOption('--to <time>', 'end of the range, exclusive')
    .option('--log-group <name>', 'a log group to read with FilterLogEvents (repeatable)', collect, [])
    .option(
      '--log-group-prefix <prefix>',
      'every log group whose name starts with this (repeatable)',
      collect,
      [],
    )
    .option(
      '--archive <s3-address>',
      'the raw archive, s3://bucket[/prefix], read by whole hours of receipt (repeatable)',
      collect,
      [],
    )
    .option(
      '--slice-minutes <n>',
      'FilterLogEvents time slice: the unit of parallel work and of resumption',
      '60',
    )
    .option('--parallel <n>', 'slices read at once', '4')
    .option(
      '--checkpoints <file-or-s3>',
      'where finished slices are remembered, a file or s3://bucket/key',
      DEFAULT_BACKFILL_CHECKPOINTS,
    )
    .option('--fresh', 'ignore the checkpoints of an earlier run and start over')
    .option('--dry-run', 'count the events that would be read; send nothing, remember nothing')
    .option('--report <file>', 'also write the final report as JSON')
    .option('--no-warehouse', 'do not re-sync the warehouse minutes afterwards')
    .option('-c, --config <file>', 'pipeline config file (default: CWLPIPE_CONFIG_FILE or CWLPIPE_CONFIG)')
    .option(
      '--page-timeout-seconds <n>',
      'how long one page may take, retries included, before its slice fails',
      '600',
    )
    .action(async (options: BackfillCliOptions) => {
      await runBackfillCommand(options);
    });
};

const runBackfillCommand = async (options: BackfillCliOptions): Promise<void> => {
  const range: TimeRange = {
    from: parseTime(options.from, '--from').getTime(),
    to: parseTime(options.to, '--to').getTime(),
  };
  checkRange(range);
  const sliceMs = positiveInt(options.sliceMinutes, '--slice-minutes') * 60_000;
  const parallel = positiveInt(options.parallel, '--parallel');
  const pageTimeoutMs = positiveInt(options.pageTimeoutSeconds, '--page-timeout-seconds') * 1000;
  const archives = archivesToRead(options);
  const dryRun = options.dryRun === true;
  const settings = consumerEnv();
  const bare = bareMessageSource(options.bareLogGroup, options.bareType);
  const config = options.config === undefined ? settings.pipeline : loadConfigFile(options.config);
  const pipeline = new Pipeline(bare === undefined ? config : routeBareMessages(config, bare));
  const s3 = needsS3(archives.length, options.checkpoints)
    ? await archiveS3Client(process.env, { maxAttempts: 8, retryMode: 'adaptive' })
    : undefined;
  const logs = options.logGroup.length + options.logGroupPrefix.length > 0 ? logsClient() : undefined;
  try {
    const slices = [
      ...(logs !== undefined ? await logGroupSlices(logs, options, range, sliceMs) : []),
      ...(s3 !== undefined ? archiveSlices(s3, archives, range, bare) : []),
    ];
    const connectors = dryRun ? [] : buildConnectors(settings.connectors, process.env);
    // A dry run sends nothing, so it needs no destination configured at all.
    const deadLetters: DeadLetterSink = dryRun ? NO_DEAD_LETTERS : buildDeadLetterSink(process.env);
    const checkpoints = dryRun
      ? new NoCheckpoints()
      : checkpointsAt(options.checkpoints, options.fresh === true, s3);
    const progress = progressReporter(dryRun);
    try {
      const report = await runBackfill(
        slices,
        {
          engine: { pipeline, connectors, deadLetters },
          checkpoints,
          ...(options.warehouse && {
            resync: ({ from, to }) => syncWarehouse({ from: new Date(from), to: new Date(to) }),
          }),
          onProgress: progress.update,
          onSliceFailed: (slice, reason) => progress.note(`slice ${slice.label} failed: ${reason}`),
        },
        { parallel, dryRun, pageTimeoutMs },
      );
      progress.stop();
      reportBackfill(report, options.report);
    } finally {
      progress.stop();
      await Promise.all([...connectors.map((connector) => connector.close?.()), deadLetters.close?.()]);
    }
  } finally {
    logs?.destroy();
    s3?.destroy();
  }
};

/** The archives named by --archive or, when nothing at all is named, the one the consumers write to. */
const archivesToRead = (options: BackfillCliOptions): ArchiveLocation[] => {
  const archives = options.archive.map(archiveAddress);
  if (options.logGroup.length + options.logGroupPrefix.length + archives.length > 0) return archives;
  // Named nowhere: the archive the consumers write to (CWLPIPE_ARCHIVE_BUCKET), as in the daily batch.
  const configured = archiveLocationFromEnv(process.env);
  if (configured === undefined) {
    throw new ConfigError(
      'option_invalid',
      'Name what to backfill: --log-group, --log-group-prefix (CloudWatch Logs) or --archive (s3://bucket/prefix), or set CWLPIPE_ARCHIVE_BUCKET.',
    );
  }
  return [configured];
};

/** One slice per time slice and log group, the log groups named or matched by prefix. */
const logGroupSlices = async (
  logs: CloudWatchLogsClient,
  options: BackfillCliOptions,
  range: TimeRange,
  sliceMs: number,
): Promise<BackfillSlice[]> => {
  const groups = await resolveLogGroups(logs, { names: options.logGroup, prefixes: options.logGroupPrefix });
  if (groups.length === 0)
    say('No log group matches the prefixes given; nothing to read from CloudWatch Logs.');
  return timeSlices(range, sliceMs).flatMap((part) =>
    groups.map((group) => logGroupSlice(logs, group, part)),
  );
};

/** The archive is laid out by hour of receipt: its slices are whole hours, the range rounded outward. */
const archiveSlices = (
  s3: S3Client,
  archives: readonly ArchiveLocation[],
  range: TimeRange,
  bare: BareMessageSource | undefined,
): BackfillSlice[] => {
  const hours = {
    from: Math.floor(range.from / HOUR_MS) * HOUR_MS,
    to: Math.ceil(range.to / HOUR_MS) * HOUR_MS,
  };
  return archives.flatMap((location) =>
    timeSlices(hours, HOUR_MS).map((part) => archiveSlice(s3, location, part, bare)),
  );
};

/** The report on stdout (and as JSON in a file when asked); a failed backfill exits 1. */
const reportBackfill = (report: BackfillReport, file: string | undefined): void => {
  process.stdout.write(formatBackfillReport(report));
  if (file !== undefined) writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  if (!backfillSucceeded(report)) process.exitCode = 1;
};

/** An archive address, or one clear line naming what is wrong with it. */
const archiveAddress = (address: string): ArchiveLocation => {
  try {
    return parseArchiveUri(address);
  } catch (error) {
    if (!(error instanceof ArchiveError)) throw error;
    throw new ConfigError('option_invalid', `--archive: ${error.message}`);
  }
};

const needsS3 = (archives: number, checkpoints: string): boolean =>
  archives > 0 || checkpoints.startsWith('s3://');

const checkpointsAt = (address: string, fresh: boolean, s3: S3Client | undefined): BackfillCheckpoints => {
  if (!address.startsWith('s3://')) return new FileBackfillCheckpoints(address, { fresh });
  const { bucket, prefix } = archiveAddress(address);
  if (prefix === '' || s3 === undefined) {
    throw new ConfigError(
      'option_invalid',
      `--checkpoints "${address}" must name an object: s3://bucket/key.`,
    );
  }
  return new S3BackfillCheckpoints(s3, bucket, prefix, { fresh });
};

/** FilterLogEvents is throttled per account and Region: the adaptive mode slows down instead of failing. */
const logsClient = (): CloudWatchLogsClient =>
  new CloudWatchLogsClient({ maxAttempts: 10, retryMode: 'adaptive' });

const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** A progress bar with events/s and an ETA on a terminal; a line every 30 s otherwise (ECS logs). */
const progressReporter = (dryRun: boolean) => {
  const startedAt = Date.now();
  const rate = (events: number): number =>
    Math.round(events / Math.max((Date.now() - startedAt) / 1000, 0.001));
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      format: ` {bar} {value}/{total} slices | {events} events | {rate} events/s | ETA {eta_formatted}${dryRun ? ' | dry run' : ''}`,
      hideCursor: true,
      clearOnComplete: false,
      stream: process.stderr,
      etaBuffer: 20,
    });
    let started = false;
    return {
      update: (progress: BackfillProgress): void => {
        if (!started) {
          bar.start(progress.slicesTotal, progress.slicesDone, { events: 0, rate: 0 });
          started = true;
        }
        bar.update(progress.slicesDone, { events: progress.events, rate: rate(progress.events) });
      },
      note: (line: string): void => {
        bar.stop();
        started = false;
        say(line);
      },
      stop: (): void => bar.stop(),
    };
  }
  let lastAt = 0;
  return {
    update: (progress: BackfillProgress): void => {
      if (Date.now() - lastAt < 30_000 && progress.slicesDone < progress.slicesTotal) return;
      lastAt = Date.now();
      say(
        JSON.stringify({
          message: 'Backfill progress',
          slicesDone: progress.slicesDone,
          slicesTotal: progress.slicesTotal,
          events: progress.events,
          eventsPerSecond: rate(progress.events),
        }),
      );
    },
    note: say,
    stop: (): void => undefined,
  };
};
