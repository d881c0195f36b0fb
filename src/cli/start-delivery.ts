import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type KinesisClient, PutRecordsCommand, type PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';
import { readInputFile } from '../consumers/files';
import { sleep } from '../consumers/poller/backoff';
import type { Envelope, LogEvent } from '../core';
import { decodeBase64, decodeBytes } from '../pipeline';

/** What CloudWatch Logs would put on the stream: a gzip envelope, partitioned by log stream. */
export interface StreamRecord {
  readonly data: Uint8Array;
  readonly partitionKey: string;
}

/** The fixtures as stream records, and what they hold. */
/** What npm start takes from fixture configs: only what is scoped to the fixtures' own log groups. */
export interface FixturePrivacy {
  readonly overrides: unknown[];
  readonly rules: unknown[];
  readonly fields: unknown[];
  readonly filters: unknown[];
}

interface FixtureConfig {
  readonly logGroups?: unknown[];
  readonly privacy?: { overrides?: unknown[]; rules?: unknown[] };
  readonly fields?: unknown[];
  readonly filters?: unknown[];
}

export interface FixtureLoad {
  readonly records: StreamRecord[];
  readonly files: number;
  readonly events: number;
  /** Records that are corrupt on purpose (decode fixtures), sent as they are to show the dead-letter path. */
  readonly corrupt: number;
  /** `logGroups` rules from the fixtures' `.config.json` files (custom VPC formats and the like). */
  readonly logGroupRules: unknown[];
  /** Their log-group scoped privacy settings: overrides, rules, field policies and filters. */
  readonly privacy: FixturePrivacy;
}

// Kinesis takes records up to 1 MiB; CloudWatch Logs stays well below with its own batching.
const MAX_ENVELOPE_JSON_BYTES = 900 * 1024;
// A generous cap for reading fixtures; the pipeline applies the configured one.
const FIXTURE_GUNZIP_CAP = 256 * 1024 * 1024;

/**
 * Reads every fixture under `dir` (any input form) and regroups its log events the way a
 * subscription delivers them: one gzip envelope per log group, log stream and filter, cut below
 * the Kinesis record size, partition key = log stream. Control messages are kept; records that do
 * not decode (corrupt on purpose) are kept byte for byte, so the run shows them dead-lettered.
 *
 * @example
 * ```ts
 * const load = loadFixtures('fixtures');
 * await putRecords(client, 'cwlpipe-local', load.records);
 * ```
 */
export const loadFixtures = (dir: string): FixtureLoad => {
  const groups = new Map<string, { header: Omit<Envelope, 'logEvents'>; events: LogEvent[] }>();
  const records: StreamRecord[] = [];
  const logGroupRules: unknown[] = [];
  const privacy: FixturePrivacy = { overrides: [], rules: [], fields: [], filters: [] };
  let files = 0;
  let events = 0;
  let corrupt = 0;
  for (const file of fixtureFiles(dir)) {
    if (file.endsWith('.config.json')) {
      const config = JSON.parse(readFileSync(file, 'utf8')) as FixtureConfig;
      logGroupRules.push(...(config.logGroups ?? []));
      privacy.overrides.push(...(config.privacy?.overrides ?? []));
      privacy.rules.push(...(config.privacy?.rules ?? []));
      privacy.fields.push(...(config.fields ?? []));
      privacy.filters.push(...(config.filters ?? []));
      continue;
    }
    files++;
    for (const input of readInputFile(file).records) {
      const decoded =
        input.kind === 'base64'
          ? decodeBase64(input.data, { maxGunzipBytes: FIXTURE_GUNZIP_CAP })
          : decodeBytes(input.bytes, { maxGunzipBytes: FIXTURE_GUNZIP_CAP });
      if (decoded.kind === 'set_aside') {
        corrupt++;
        const bytes = input.kind === 'base64' ? Buffer.from(input.data, 'base64') : input.bytes;
        records.push({ data: bytes.length > 0 ? bytes : Buffer.from(' '), partitionKey: 'corrupt' });
        continue;
      }
      const { logEvents, ...header } = decoded.envelope;
      if (decoded.kind === 'control') {
        records.push({
          data: gzipSync(JSON.stringify(decoded.envelope)),
          partitionKey: partitionKeyOf(header),
        });
        continue;
      }
      events += logEvents.length;
      const key = JSON.stringify([
        header.owner,
        header.logGroup,
        header.logStream,
        header.subscriptionFilters,
      ]);
      const group = groups.get(key) ?? { header, events: [] };
      group.events.push(...logEvents);
      groups.set(key, group);
    }
  }
  for (const { header, events: groupEvents } of groups.values()) {
    for (const logEvents of chunkBySize(groupEvents)) {
      const envelope: Envelope = { ...header, messageType: 'DATA_MESSAGE', logEvents };
      records.push({ data: gzipSync(JSON.stringify(envelope)), partitionKey: partitionKeyOf(header) });
    }
  }
  return { records, files, events, corrupt, logGroupRules, privacy };
};

/** Envelopes as CloudWatch Logs would send them, for generated events. */
export const envelopeRecords = (envelopes: Iterable<Envelope>): StreamRecord[] =>
  [...envelopes].map((envelope) => ({
    data: gzipSync(JSON.stringify(envelope)),
    partitionKey: partitionKeyOf(envelope),
  }));

/** The log stream, as CloudWatch Logs partitions; control messages and odd fixtures may have none. */
const partitionKeyOf = (header: { logStream: string; logGroup: string }): string =>
  (header.logStream || header.logGroup || 'cwlpipe').slice(0, 256);

/**
 * PutRecords in calls of at most 500 records and 5 MiB, re-sending the entries Kinesis refused
 * (throttling) after a short backoff, until all are in.
 *
 * @example
 * ```ts
 * await putRecords(client, 'cwlpipe-local', records, (n) => bar.increment(n));
 * ```
 */
export const putRecords = async (
  client: KinesisClient,
  stream: string,
  records: readonly StreamRecord[],
  onPut: (count: number) => void = () => undefined,
): Promise<void> => {
  for (const call of chunkForPut(records)) {
    let pending: PutRecordsRequestEntry[] = call.map((record) => ({
      Data: record.data,
      PartitionKey: record.partitionKey,
    }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      const output = await client.send(new PutRecordsCommand({ StreamName: stream, Records: pending }));
      const refused = pending.filter((_, i) => output.Records?.[i]?.ErrorCode !== undefined);
      onPut(pending.length - refused.length);
      pending = refused;
      if (pending.length > 0) await sleep(Math.min(2_000, 50 * 2 ** attempt));
    }
  }
};

const chunkForPut = (records: readonly StreamRecord[]): StreamRecord[][] => {
  const calls: StreamRecord[][] = [];
  let current: StreamRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = record.data.length + Buffer.byteLength(record.partitionKey);
    if (current.length === 500 || (current.length > 0 && bytes + size > 5 * 1024 * 1024 - 1024)) {
      calls.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) calls.push(current);
  return calls;
};

const chunkBySize = (events: readonly LogEvent[]): LogEvent[][] => {
  const chunks: LogEvent[][] = [];
  let current: LogEvent[] = [];
  let bytes = 0;
  for (const event of events) {
    const size = Buffer.byteLength(JSON.stringify(event));
    if (current.length > 0 && bytes + size > MAX_ENVELOPE_JSON_BYTES) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(event);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
};

/** Input files under `dir`, sorted, golden files left out. */
const fixtureFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.expected.json'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
