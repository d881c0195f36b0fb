import { gunzipSync, gzipSync } from 'node:zlib';
import type { DeliverBatch, PolledRecord } from '../../../src/consumers/poller';

/**
 * moto (5.2.1) sends subscription envelopes with the real shape (gzip JSON: messageType, owner,
 * logGroup, logStream, subscriptionFilters, logEvents) but with one difference from CloudWatch Logs:
 * an event's `id` is a JSON number (a process-wide counter from 0) where CloudWatch Logs sends a
 * 56-digit decimal string. cwlpipe's decoder rightly refuses the number, so these tests turn each id
 * into a CWL-shaped string: event time (20 digits), a per-run tag (8) and moto's counter (28). The
 * same mapping applied to FilterLogEvents' `eventId` (moto gives the counter as a string there) gives
 * the same id, as with CloudWatch Logs; the run tag keeps reruns against a kept cluster apart.
 */
export const cwlEventId = (runTag: string, timestamp: number, motoId: number | string): string =>
  `${String(timestamp).padStart(20, '0')}${runTag}${String(motoId).padStart(28, '0')}`;

export interface MotoEnvelope {
  messageType: string;
  owner: string;
  logGroup: string;
  logStream: string;
  subscriptionFilters: string[];
  logEvents: Array<{ id: number | string; timestamp: number; message: string }>;
}

export const readEnvelope = (data: Uint8Array): MotoEnvelope =>
  JSON.parse(gunzipSync(data).toString('utf8')) as MotoEnvelope;

/** Re-encodes a moto record with CWL-shaped string ids (see {@link cwlEventId}). */
export const withCwlIds = (data: Uint8Array, runTag: string): Buffer => {
  const envelope = readEnvelope(data);
  return gzipSync(
    JSON.stringify({
      ...envelope,
      logEvents: envelope.logEvents.map((event) => ({
        ...event,
        id: cwlEventId(runTag, event.timestamp, event.id),
      })),
    }),
  );
};

/** The poller's delivery, with moto's ids fixed on the way in. */
export const motoCompatible =
  (deliver: DeliverBatch, runTag: string): DeliverBatch =>
  (records, shardId) =>
    deliver(
      records.map((record): PolledRecord => ({ ...record, data: withCwlIds(record.data, runTag) })),
      shardId,
    );
