import { Command, InvalidArgumentError } from 'commander';
import type { LogType } from '../../src/core';
import { startLocalElasticsearch } from '../../src/local/elasticsearch/node';
import { startLocalOpenSearch } from '../../src/local/opensearch/node';
import { syntheticTypes } from '../../src/local/synthetic';
import { parsedOrExit } from '../parse-options';
import { benchCore, type CoreBenchRow } from './core';
import { benchHandler } from './handler';
import { benchOpenSearch } from './opensearch';
import { benchStoredBytes } from './stored-bytes';

/** Core targets from the issue: VPC and Lambda data at half the raw gunzip + JSON.parse ceiling or better. */
const CORE_TARGETS: Partial<Record<LogType, number>> = { vpcflow: 0.5, lambda: 0.5 };
/** To the wire (issue 9): the whole path into `_bulk` bodies, against the same ceiling. */
const WIRE_TARGETS: Partial<Record<LogType, number>> = { vpcflow: 0.35, lambda: 0.32, cloudtrail: 0.3 };
/** The connector at 0.8 of a raw loader posting pre-built `_bulk` bodies with the same concurrency. */
const OPENSEARCH_TARGET = 0.8;

/** The clusters the end-to-end figure can run against: how each is reached, or started locally. */
const ENGINES = {
  opensearch: { name: 'OpenSearch', urlVariable: 'OPENSEARCH_URL', start: startLocalOpenSearch },
  elasticsearch: { name: 'Elasticsearch', urlVariable: 'ELASTICSEARCH_URL', start: startLocalElasticsearch },
} as const;
type Engine = keyof typeof ENGINES;

interface BenchOptions {
  types: LogType[];
  rounds: number;
  opensearch: boolean;
  opensearchEvents: number;
  storedEvents: number;
  handler: boolean;
  engine: Engine;
}

const positiveInt =
  (option: string) =>
  (text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1)
      throw new InvalidArgumentError(`${option} must be a whole number ≥ 1, not "${text}".`);
    return value;
  };

const typeList = (text: string): LogType[] =>
  text.split(',').map((type) => {
    if (!syntheticTypes().includes(type))
      throw new InvalidArgumentError(`"${type}" is not one of ${syntheticTypes().join(', ')}.`);
    return type as LogType;
  });

const engineOf = (text: string): Engine => {
  if (!Object.hasOwn(ENGINES, text))
    throw new InvalidArgumentError(`"${text}" is not one of ${Object.keys(ENGINES).join(', ')}.`);
  return text as Engine;
};

/**
 * `npm run bench`: throughput as ratios within one run, never absolute timings. Exits 2 on a usage error.
 *
 * @example
 * ```ts
 * await main(['node', 'bench', '--no-opensearch', '--no-handler', '--rounds', '3']);
 * ```
 */
export const main = async (argv: readonly string[]): Promise<void> => {
  const program = new Command('bench')
    .description(
      'Measure decode + route + transform against the raw gunzip + JSON.parse ceiling, per log type.',
    )
    .option(
      '--types <list>',
      'comma-separated log types (default: every type with synthetic data)',
      typeList,
      syntheticTypes(),
    )
    .option('--rounds <n>', 'rounds per measurement (the best is kept)', positiveInt('--rounds'), 25)
    .option('--no-opensearch', 'skip the end-to-end figure into OpenSearch')
    .option('--no-handler', 'skip the Kinesis handler figure (to a local server that accepts everything)')
    .option(
      '--opensearch-events <n>',
      'documents per end-to-end round',
      positiveInt('--opensearch-events'),
      60_000,
    )
    .option(
      '--stored-events <n>',
      'documents per type and setting for the stored bytes per document',
      positiveInt('--stored-events'),
      5_000,
    )
    .option(
      '--engine <engine>',
      'the end-to-end cluster: opensearch or elasticsearch ($ELASTICSEARCH_URL, else a local node)',
      engineOf,
      'opensearch' as Engine,
    );
  if (!parsedOrExit(program, argv)) return;
  const options = program.opts<BenchOptions>();
  const rows = printCore(options.types, options.rounds);
  printWire(rows);
  printInflate(rows);
  if (options.handler) await printHandler(options.types, options.rounds);
  if (options.opensearch)
    await benchEndToEnd(options.opensearchEvents, options.engine, options.types, options.storedEvents);
};

/** Decode + route + transform against the ceiling, and what the default privacy rules cost; the rows. */
const printCore = (types: readonly LogType[], rounds: number): CoreBenchRow[] => {
  process.stdout.write(
    'core: decode + route + transform vs the raw ceiling (base64 + gunzip + JSON.parse)\n',
  );
  process.stdout.write(
    `${'type'.padEnd(11)}${'events'.padStart(8)}${'pipeline ev/s'.padStart(15)}${'ceiling ev/s'.padStart(14)}${'ratio'.padStart(8)}${'privacy'.padStart(9)}${'to wire'.padStart(9)}  target\n`,
  );
  const rows = benchCore({ types, rounds });
  for (const row of rows) {
    process.stdout.write(
      `${row.type.padEnd(11)}${String(row.events).padStart(8)}${fmt(row.pipelineEventsPerSec).padStart(15)}${fmt(row.ceilingEventsPerSec).padStart(14)}${row.ratio.toFixed(2).padStart(8)}${percent(row.privacyCost).padStart(9)}${percent(row.privacyCostToWire).padStart(9)}  ${verdictOf(row.ratio, CORE_TARGETS[row.type])}\n`,
    );
  }
  return rows;
};

/** The whole path into `_bulk` bodies against the same ceiling, and the floor no stringify design passes. */
const printWire = (rows: readonly CoreBenchRow[]): void => {
  process.stdout.write(
    '\nto the wire: decode + route + transform + privacy (default) + the exact _bulk bodies the connector sends (before compression, no network), same ceiling; floor: the ratio with only the ceiling + JSON.parse of each JSON line + JSON.stringify of each document (everything else free)\n',
  );
  process.stdout.write(
    `${'type'.padEnd(11)}${'wire ev/s'.padStart(12)}${'ceiling ev/s'.padStart(14)}${'ratio'.padStart(8)}${'floor'.padStart(8)}${'_bulk B/ev'.padStart(12)}  target\n`,
  );
  for (const row of rows) {
    process.stdout.write(
      `${row.type.padEnd(11)}${fmt(row.wireEventsPerSec).padStart(12)}${fmt(row.ceilingEventsPerSec).padStart(14)}${row.wireRatio.toFixed(2).padStart(8)}${row.stringifyFloorRatio.toFixed(2).padStart(8)}${row.bulkBytesPerEvent.toFixed(0).padStart(12)}  ${verdictOf(row.wireRatio, WIRE_TARGETS[row.type])}\n`,
    );
  }
};

/** Inflating alone per type, with node:zlib (the inflater of cwlpipe and of the ceiling). */
const printInflate = (rows: readonly CoreBenchRow[]): void => {
  process.stdout.write(
    `\ninflate: the payloads' uncompressed MB/s (cwlpipe and the ceiling inflate with node:zlib)\n${'type'.padEnd(11)}${'node:zlib'.padStart(11)}\n`,
  );
  for (const row of rows)
    process.stdout.write(`${row.type.padEnd(11)}${row.inflateMBps.nodeZlib.toFixed(0).padStart(11)}\n`);
};

/** The real Kinesis handler to a server that accepts everything, per CPU-second against the ceiling. */
const printHandler = async (types: readonly LogType[], rounds: number): Promise<void> => {
  process.stdout.write(
    '\nhandler: the real Kinesis handler over batches of 10,000 events to a local server (another process) answering every _bulk item 201 at once; events per CPU-second of this process vs the ceiling per CPU-second\n',
  );
  process.stdout.write(
    `${'type'.padEnd(11)}${'compression'.padStart(12)}${'events/CPU-s'.padStart(14)}${'ceiling/CPU-s'.padStart(15)}${'ratio'.padStart(8)}\n`,
  );
  for (const row of await benchHandler(types, Math.min(rounds, 5))) {
    process.stdout.write(
      `${row.type.padEnd(11)}${row.compression.padStart(12)}${fmt(row.eventsPerCpuSecond).padStart(14)}${fmt(row.ceilingPerCpuSecond).padStart(15)}${row.ratio.toFixed(2).padStart(8)}\n`,
    );
  }
};

const verdictOf = (ratio: number, target: number | undefined): string =>
  target === undefined ? '' : `≥ ${target} ${ratio >= target ? 'met' : 'MISSED'}`;

/** A relative cost as `+12%`. */
const percent = (share: number): string => `${share >= 0 ? '+' : ''}${(share * 100).toFixed(0)}%`;

const fmt = (perSec: number): string => Math.round(perSec).toLocaleString('en-US');

/**
 * Documents/s through the connector into the cluster ($OPENSEARCH_URL or $ELASTICSEARCH_URL, else a local
 * node) vs a raw loader. The connector speaks to both engines through the one HTTP layer, so against
 * Elasticsearch this also measures that layer against the fastest any client could be.
 */
const benchEndToEnd = async (
  events: number,
  engine: Engine,
  types: readonly LogType[],
  storedEvents: number,
): Promise<void> => {
  const { name, urlVariable, start } = ENGINES[engine];
  const existing = process.env[urlVariable];
  const node = existing ? undefined : await start({ log: (line) => process.stderr.write(`${line}\n`) });
  const url = existing ?? node?.url ?? '';
  try {
    process.stdout.write(
      `\nend to end: documents/s into ${name} at ${url}, connector vs raw _bulk loader (same concurrency)\n`,
    );
    const result = await benchOpenSearch(url, events);
    process.stdout.write(
      `${'connector'.padEnd(11)}${fmt(result.connectorDocsPerSec).padStart(12)} docs/s\n` +
        `${'raw loader'.padEnd(11)}${fmt(result.rawDocsPerSec).padStart(12)} docs/s\n` +
        `${'ratio'.padEnd(11)}${result.ratio.toFixed(2).padStart(12)}  ${verdictOf(result.ratio, OPENSEARCH_TARGET)}\n`,
    );
    // The stored-bytes figure installs cwlpipe's OpenSearch templates and ISM policy: OpenSearch only.
    if (engine === 'opensearch') await printStoredBytes(url, name, types, storedEvents);
    else process.stdout.write('\nstored bytes: measured on OpenSearch only (run without --engine).\n');
  } finally {
    await node?.stop();
  }
};

/** Stored bytes per document per type, `@message` kept everywhere (`preserveOriginal`) against the default. */
const printStoredBytes = async (
  url: string,
  name: string,
  types: readonly LogType[],
  events: number,
): Promise<void> => {
  process.stdout.write(
    `\nstored bytes: ${name}'s primary store size ÷ documents after _forcemerge to one segment, ${events} generated events per type, with preserveOriginal (every document keeps @message) and by default\n`,
  );
  process.stdout.write(
    `${'type'.padEnd(11)}${'docs'.padStart(8)}${'preserved B/doc'.padStart(17)}${'default B/doc'.padStart(15)}${'saved'.padStart(8)}${'no @message'.padStart(13)}\n`,
  );
  for (const row of await benchStoredBytes(url, types, events)) {
    const saved = 1 - row.defaultBytesPerDoc / row.preservedBytesPerDoc;
    process.stdout.write(
      `${row.type.padEnd(11)}${String(row.docs).padStart(8)}${row.preservedBytesPerDoc.toFixed(0).padStart(17)}${row.defaultBytesPerDoc.toFixed(0).padStart(15)}${`${Math.round(saved * 100)}%`.padStart(8)}${`${(row.leanShare * 100).toFixed(0)}%`.padStart(13)}\n`,
    );
  }
};
