import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { type FileRecord, readInputFile } from '../consumers/files';
import { partitionKeyOf, publishToKinesis, replayRecords, type StreamRecord } from '../consumers/replay';
import type { Envelope } from '../core';
import { fixtureFiles } from '../local/fixtures';

export type { StreamRecord } from '../consumers/replay';

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

/**
 * Reads every fixture under `dir` (any input form) and regroups its log events the way a
 * subscription delivers them, through the replay code (`cwlpipe replay`): one gzip envelope per log
 * group, log stream and filter, within the Kinesis record size, partition key = log stream.
 *
 * @example
 * ```ts
 * const load = loadFixtures('fixtures');
 * await putRecords(client, 'cwlpipe-local', load.records);
 * ```
 */
export const loadFixtures = (dir: string): FixtureLoad => {
  const inputs: FileRecord[] = [];
  const logGroupRules: unknown[] = [];
  const privacy: FixturePrivacy = { overrides: [], rules: [], fields: [], filters: [] };
  const { payloads, configs } = fixtureFiles(dir);
  for (const file of configs) {
    const config = JSON.parse(readFileSync(file, 'utf8')) as FixtureConfig;
    logGroupRules.push(...(config.logGroups ?? []));
    privacy.overrides.push(...(config.privacy?.overrides ?? []));
    privacy.rules.push(...(config.privacy?.rules ?? []));
    privacy.fields.push(...(config.fields ?? []));
    privacy.filters.push(...(config.filters ?? []));
  }
  for (const file of payloads) inputs.push(...readInputFile(file).records);
  const load = replayRecords(inputs);
  return {
    records: load.records,
    files: payloads.length,
    events: load.events,
    corrupt: load.corrupt,
    logGroupRules,
    privacy,
  };
};

/** Envelopes as CloudWatch Logs would send them, for generated events. */
export const envelopeRecords = (envelopes: Iterable<Envelope>): StreamRecord[] =>
  [...envelopes].map((envelope) => ({
    data: gzipSync(JSON.stringify(envelope)),
    partitionKey: partitionKeyOf(envelope),
  }));

/**
 * PutRecords through the replay publisher: calls within the limits, refused records retried.
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
  await publishToKinesis(client, stream, records, { onPut });
};
