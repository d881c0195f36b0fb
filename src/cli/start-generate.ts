import { randomInt } from 'node:crypto';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { sleep } from '../consumers/poller/backoff';
import type { Envelope } from '../core';
import { syntheticEnvelopes, syntheticTypes } from '../local/synthetic';
import { envelopeRecords, putRecords } from './start-delivery';

const EVENTS_PER_ENVELOPE = 100;

/**
 * Puts synthetic CloudWatch Logs envelopes (every log type in turn, via the shared generator) on the
 * stream at about `eventsPerSecond`, until the signal aborts. Event ids carry a per-run number and
 * a counter, so every generated event is a new document.
 *
 * @example
 * ```ts
 * void generateLoad(client, 'cwlpipe-local', 500, controller.signal, (n) => (put += n));
 * ```
 */
export const generateLoad = async (
  client: KinesisClient,
  stream: string,
  eventsPerSecond: number,
  signal: AbortSignal,
  onPut: (records: number, events: number) => void = () => undefined,
): Promise<void> => {
  const run = String(randomInt(0, 99_999_999)).padStart(8, '0');
  let serial = 0;
  // Every registered log type that provides synthetic data, in turn.
  const types = syntheticTypes();
  for (let tick = 0; !signal.aborted; tick++) {
    const startedAt = Date.now();
    const envelopes: Envelope[] = [];
    let remaining = eventsPerSecond;
    for (const [i, type] of types.entries()) {
      const share = Math.floor(remaining / (types.length - i));
      remaining -= share;
      if (share === 0) continue;
      const made = syntheticEnvelopes({
        type,
        envelopes: Math.ceil(share / EVENTS_PER_ENVELOPE),
        eventsPerEnvelope: Math.min(share, EVENTS_PER_ENVELOPE),
        seed: tick * types.length + i + 1,
        startMs: startedAt,
      });
      for (const envelope of made) {
        envelopes.push({
          ...envelope,
          logEvents: envelope.logEvents.map((event) => ({
            ...event,
            id: `${String(event.timestamp).padStart(20, '0')}${run}${String(serial++).padStart(28, '0')}`,
          })),
        });
      }
    }
    const records = envelopeRecords(envelopes);
    await putRecords(client, stream, records);
    onPut(
      records.length,
      envelopes.reduce((count, envelope) => count + envelope.logEvents.length, 0),
    );
    await sleep(1_000 - (Date.now() - startedAt), signal);
  }
};
