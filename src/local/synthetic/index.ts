import type { Envelope, LogEvent, LogType, SyntheticSource } from '../../core';
import { LOG_TYPES } from '../../transformers';
import { SeededRandom } from './random';

export { SeededRandom } from './random';

export interface SyntheticOptions {
  readonly type: LogType;
  /** How many envelopes (Kinesis records) to make. */
  readonly envelopes: number;
  /** Log events per envelope (CloudWatch Logs batches many per record). */
  readonly eventsPerEnvelope: number;
  readonly seed?: number;
  /** Time of the first event, epoch ms. */
  readonly startMs?: number;
}

/**
 * The synthetic data a log type provides in `src/transformers/<type>/synthetic.ts`, or undefined when it
 * provides none. Found by convention (the type's folder), so adding a log type adds its synthetic data
 * without a second registry, and only development code ever loads it.
 *
 * @example
 * ```ts
 * syntheticSourceOf('vpcflow')?.logGroup; // '/aws/vpc/flowlogs/prod'
 * ```
 */
export const syntheticSourceOf = (type: LogType): SyntheticSource | undefined => {
  if (!/^[a-z0-9_-]+$/.test(type)) return undefined;
  let path: string;
  try {
    path = require.resolve(`../../transformers/${type}/synthetic`);
  } catch {
    return undefined; // the type provides no synthetic data
  }
  // Found: any error loading it is a broken maker, and says so.
  return (require(path) as { synthetic?: SyntheticSource }).synthetic;
};

/** The registered log types that provide synthetic data, in registry order. */
export const syntheticTypes = (): LogType[] =>
  LOG_TYPES.filter((type) => syntheticSourceOf(type) !== undefined);

/**
 * Makes a stream of realistic subscription envelopes of one log type, deterministic for a seed:
 * the generator behind `npm run bench`, `npm start --generate` and load tests. Event ids are unique
 * across the stream, as CloudWatch Logs ids are.
 *
 * @example
 * ```ts
 * for (const envelope of syntheticEnvelopes({ type: 'vpcflow', envelopes: 10, eventsPerEnvelope: 100 })) send(envelope);
 * ```
 */
export function* syntheticEnvelopes(options: SyntheticOptions): Generator<Envelope> {
  const random = new SeededRandom(options.seed ?? 42);
  const source = syntheticSourceOf(options.type);
  if (source === undefined)
    throw new Error(
      `The log type "${options.type}" has no synthetic data (src/transformers/${options.type}/synthetic.ts).`,
    );
  let timeMs = options.startMs ?? Date.UTC(2024, 4, 1, 12, 0, 0);
  let serial = 0;
  for (let e = 0; e < options.envelopes; e++) {
    const logEvents: LogEvent[] = [];
    while (logEvents.length < options.eventsPerEnvelope) {
      for (const message of source.messages(random, timeMs)) {
        if (logEvents.length >= options.eventsPerEnvelope) break;
        logEvents.push({ id: syntheticEventId(timeMs, serial++), timestamp: timeMs, message });
      }
      timeMs += random.int(0, 20);
    }
    yield {
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup: source.logGroup,
      logStream: `${options.type}-stream-${e % 4}`,
      subscriptionFilters: [`cwlpipe-${options.type}`],
      logEvents,
    };
  }
}

/** A 56-digit id shaped like CloudWatch Logs': time first, then a serial, so ids sort by time. */
export const syntheticEventId = (timeMs: number, serial: number): string =>
  `${String(timeMs).padStart(20, '0')}${String(serial).padStart(36, '0')}`;
