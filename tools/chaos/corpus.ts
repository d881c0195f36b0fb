import { gzipSync } from 'node:zlib';
import { partitionKeyOf, type StreamRecord } from '../../src/consumers/replay';
import type { Envelope, LogType } from '../../src/core';
import { syntheticEnvelopes, syntheticTypes } from '../../src/local/synthetic';

/** Events per generated envelope (one Kinesis record), as a busy subscription batches them. */
export const EVENTS_PER_ENVELOPE = 100;

/**
 * The generated half of the chaos corpus starts here: a day no fixture uses, so the warehouse's minutes of
 * this window hold only generated events and can be compared with totals counted from the raw lines.
 */
export const CHAOS_START_MS = Date.UTC(2023, 2, 14, 9, 0, 0);

/** Exact totals counted from the raw generated lines, without the pipeline: what the warehouse must hold. */
export interface RawTotals {
  readonly eventsByType: Record<string, number>;
  /** VPC flow records of the synthetic log group, by action. */
  readonly vpcByAction: Record<string, { flows: number; packets: number; bytes: number }>;
  /** Lambda REPORT lines of the synthetic function. */
  readonly lambda: { invocations: number; coldStarts: number; durationMsSum: number };
  /** CloudTrail records by event name, and those with an error code. */
  readonly cloudtrailByName: Record<string, number>;
  cloudtrailErrors: number;
}

/** The generated stream: records ready for PutRecords, and what they hold. */
export interface GeneratedCorpus {
  readonly records: StreamRecord[];
  readonly events: number;
  /** Tells a generated event id from any other and names its serial and type. */
  readonly ids: GeneratedIds;
  readonly totals: RawTotals;
  /** The event-time window of the generated events (content times included), for warehouse queries. */
  readonly window: { readonly fromMs: number; readonly toMs: number };
}

/**
 * Generated event ids: `<time, 20 digits><run tag, 8 digits><serial, 28 digits>`, 56 digits like CloudWatch
 * Logs ids. The serial indexes `types`, so a document's id alone says whether it was generated, which event
 * it is and of which type, without a set of half a million strings.
 */
export class GeneratedIds {
  public readonly types: Uint8Array;
  public readonly typeNames: readonly LogType[];

  public constructor(
    public readonly runTag: string,
    count: number,
    typeNames: readonly LogType[],
  ) {
    this.types = new Uint8Array(count);
    this.typeNames = typeNames;
  }

  public idOf(timeMs: number, serial: number): string {
    return `${String(timeMs).padStart(20, '0')}${this.runTag}${String(serial).padStart(28, '0')}`;
  }

  /** The serial of a generated id, or undefined for any other id. */
  public serialOf(id: string): number | undefined {
    if (id.length !== 56 || id.slice(20, 28) !== this.runTag) return undefined;
    const serial = Number(id.slice(28));
    return Number.isInteger(serial) && serial < this.types.length ? serial : undefined;
  }

  public typeOf(serial: number): LogType | undefined {
    return this.typeNames[this.types[serial] ?? 255];
  }
}

/**
 * At least `events` synthetic events of every log type that has synthetic data, round-robin by envelope of
 * {@link EVENTS_PER_ENVELOPE} events, deterministic for a seed, with raw totals counted on the way.
 *
 * @example
 * ```ts
 * const corpus = generateCorpus(500_000, 7);
 * corpus.records.length; // 5000
 * ```
 */
export const generateCorpus = (events: number, seed: number): GeneratedCorpus => {
  const types = syntheticTypes();
  const envelopesPerType = Math.max(1, Math.ceil(events / EVENTS_PER_ENVELOPE / types.length));
  const total = envelopesPerType * types.length * EVENTS_PER_ENVELOPE;
  const ids = new GeneratedIds(String(seed % 100_000_000).padStart(8, '0'), total, types);
  const totals: RawTotals = {
    eventsByType: Object.fromEntries(types.map((type) => [type, 0])),
    vpcByAction: {},
    lambda: { invocations: 0, coldStarts: 0, durationMsSum: 0 },
    cloudtrailByName: {},
    cloudtrailErrors: 0,
  };
  const generators = types.map((type, index) =>
    syntheticEnvelopes({
      type,
      envelopes: envelopesPerType,
      eventsPerEnvelope: EVENTS_PER_ENVELOPE,
      seed: seed * 16 + index,
      startMs: CHAOS_START_MS,
    }),
  );
  const records: StreamRecord[] = [];
  let serial = 0;
  let lastMs = CHAOS_START_MS;
  for (let round = 0; round < envelopesPerType; round++) {
    for (const [index, generator] of generators.entries()) {
      const type = types[index] as LogType;
      const made = generator.next();
      if (made.done === true) continue;
      const envelope: Envelope = {
        ...made.value,
        logEvents: made.value.logEvents.map((event) => {
          ids.types[serial] = index;
          lastMs = Math.max(lastMs, event.timestamp);
          countRaw(totals, type, event.message);
          return { ...event, id: ids.idOf(event.timestamp, serial++) };
        }),
      };
      records.push({ data: gzipSync(JSON.stringify(envelope)), partitionKey: partitionKeyOf(envelope) });
    }
  }
  // Content times reach a few minutes before the CloudWatch Logs times (CloudTrail: 5, VPC: 1).
  return {
    records,
    events: serial,
    ids,
    totals,
    window: { fromMs: CHAOS_START_MS - 10 * 60_000, toMs: lastMs + 10 * 60_000 },
  };
};

/**
 * Adds one raw line to the totals, read by hand (split and regular expressions), not by the transformers:
 * the warehouse is compared with what the lines say, not with what the pipeline made of them.
 */
export const countRaw = (totals: RawTotals, type: LogType, message: string): void => {
  totals.eventsByType[type] = (totals.eventsByType[type] ?? 0) + 1;
  if (type === 'vpcflow') {
    // version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status
    const parts = message.split(' ');
    const action = parts[12] ?? '?';
    const row = totals.vpcByAction[action] ?? { flows: 0, packets: 0, bytes: 0 };
    totals.vpcByAction[action] = row;
    row.flows++;
    row.packets += Number(parts[8]);
    row.bytes += Number(parts[9]);
  } else if (type === 'lambda' && message.startsWith('REPORT RequestId:')) {
    totals.lambda.invocations++;
    if (message.includes('Init Duration:')) totals.lambda.coldStarts++;
    totals.lambda.durationMsSum += Number(/\tDuration: ([\d.]+) ms/.exec(message)?.[1]);
  } else if (type === 'cloudtrail') {
    const record = JSON.parse(message) as { eventName: string; errorCode?: string };
    totals.cloudtrailByName[record.eventName] = (totals.cloudtrailByName[record.eventName] ?? 0) + 1;
    if (record.errorCode !== undefined) totals.cloudtrailErrors++;
  }
};
