import { gzipSync } from 'node:zlib';
import type { Envelope, LogEvent } from '../../core';
import { decodeBase64, decodeBytes } from '../../pipeline';
import type { FileRecord } from '../files';
import { KINESIS_LIMITS, type PutLimits } from './limits';

/** What CloudWatch Logs would put on the stream: a gzip envelope, partitioned by log stream. */
export interface StreamRecord {
  readonly data: Uint8Array;
  readonly partitionKey: string;
}

/** Stream records regrouped from what was read, and what they hold. */
export interface ReplayLoad {
  readonly records: StreamRecord[];
  readonly envelopes: number;
  readonly events: number;
  /** Records that do not decode, kept byte for byte (so a replay shows them dead-lettered). */
  readonly corrupt: number;
}

// A generous cap for reading files; the pipeline applies the configured one.
const READ_GUNZIP_CAP = 256 * 1024 * 1024;

/** The log stream, as CloudWatch Logs partitions; control messages and odd inputs may have none. */
export const partitionKeyOf = (header: { logStream: string; logGroup: string }): string =>
  (header.logStream || header.logGroup || 'cwlpipe').slice(0, 256);

/**
 * Regroups records read from files the way a subscription delivers them: one gzip envelope per
 * owner, log group, log stream and filter, split by events when an envelope would pass the record
 * limit (as CloudWatch Logs does). Control messages are kept; undecodable records are kept as they are.
 *
 * @example
 * ```ts
 * const load = replayRecords(readInputFile('fixtures/vpcflow/v2-default.json').records);
 * ```
 */
export const replayRecords = (
  inputs: Iterable<FileRecord>,
  limits: PutLimits = KINESIS_LIMITS,
): ReplayLoad => {
  const groups = new Map<string, { header: Omit<Envelope, 'logEvents'>; events: LogEvent[] }>();
  const records: StreamRecord[] = [];
  let events = 0;
  let corrupt = 0;
  for (const input of inputs) {
    const decoded =
      input.kind === 'base64'
        ? decodeBase64(input.data, { maxGunzipBytes: READ_GUNZIP_CAP })
        : decodeBytes(input.bytes, { maxGunzipBytes: READ_GUNZIP_CAP });
    if (decoded.kind === 'set_aside') {
      corrupt++;
      const bytes = input.kind === 'base64' ? Buffer.from(String(input.data ?? ''), 'base64') : input.bytes;
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
    const key = JSON.stringify([header.owner, header.logGroup, header.logStream, header.subscriptionFilters]);
    const group = groups.get(key) ?? { header, events: [] };
    group.events.push(...logEvents);
    groups.set(key, group);
  }
  let envelopes = 0;
  for (const { header, events: groupEvents } of groups.values()) {
    const partitionKey = partitionKeyOf(header);
    for (const data of envelopesWithin(
      header,
      groupEvents,
      limits.maxRecordBytes - (limits.countsPartitionKey ? Buffer.byteLength(partitionKey) : 0),
    )) {
      records.push({ data, partitionKey });
      envelopes++;
    }
  }
  return { records, envelopes, events, corrupt };
};

/**
 * Gzip envelopes of `events`, each at most `maxBytes` compressed: an envelope too large is halved by
 * events until it fits. A single event that cannot fit is an error naming it.
 */
export const envelopesWithin = (
  header: Omit<Envelope, 'logEvents'>,
  events: readonly LogEvent[],
  maxBytes: number,
): Buffer[] => {
  const data = gzipSync(JSON.stringify({ ...header, messageType: 'DATA_MESSAGE', logEvents: events }));
  if (data.length <= maxBytes) return [data];
  if (events.length <= 1) {
    throw new RangeError(
      `The log event ${events[0]?.id ?? '?'} of ${header.logGroup}/${header.logStream} is ${data.length} bytes gzipped, above the ${maxBytes}-byte record limit.`,
    );
  }
  const half = Math.ceil(events.length / 2);
  return [
    ...envelopesWithin(header, events.slice(0, half), maxBytes),
    ...envelopesWithin(header, events.slice(half), maxBytes),
  ];
};
