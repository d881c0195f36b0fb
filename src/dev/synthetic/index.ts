import type { Envelope, LogEvent, LogType } from '../../core/transformer';
import { MESSAGE_MAKERS } from './messages';
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

const LOG_GROUPS: Record<LogType, string> = {
  vpcflow: '/aws/vpc/flowlogs/prod',
  lambda: '/aws/lambda/orders-api',
  cloudtrail: 'aws-cloudtrail-logs-123456789012-prod',
  json: '/ecs/checkout-service',
  text: '/ecs/batch-worker',
};

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
  const make = MESSAGE_MAKERS[options.type];
  let timeMs = options.startMs ?? Date.UTC(2024, 4, 1, 12, 0, 0);
  let serial = 0;
  for (let e = 0; e < options.envelopes; e++) {
    const logEvents: LogEvent[] = [];
    while (logEvents.length < options.eventsPerEnvelope) {
      for (const message of make(random, timeMs)) {
        if (logEvents.length >= options.eventsPerEnvelope) break;
        logEvents.push({ id: syntheticEventId(timeMs, serial++), timestamp: timeMs, message });
      }
      timeMs += random.int(0, 20);
    }
    yield {
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup: LOG_GROUPS[options.type],
      logStream: `${options.type}-stream-${e % 4}`,
      subscriptionFilters: [`cwlpipe-${options.type}`],
      logEvents,
    };
  }
}

/** A 56-digit id shaped like CloudWatch Logs': time first, then a serial, so ids sort by time. */
export const syntheticEventId = (timeMs: number, serial: number): string =>
  `${String(timeMs).padStart(20, '0')}${String(serial).padStart(36, '0')}`;
