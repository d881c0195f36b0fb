import {
  type CloudWatchLogsClient,
  type FilteredLogEvent,
  paginateFilterLogEvents,
} from '@aws-sdk/client-cloudwatch-logs';
import type { EngineInput, Envelope, LogEvent } from '../../core';
import type { LogGroupSource } from './log-groups';
import { describeRange } from './slices';
import type { BackfillSlice, TimeRange } from './types';

/** FilterLogEvents' largest page (10,000 events or 1 MB, whichever comes first). */
const PAGE_LIMIT = 10_000;

/**
 * One log group over one time slice, read with FilterLogEvents, page by page. Each page becomes one
 * envelope per log stream, shaped exactly as the subscription would have sent it (the same event ids,
 * owner, log group and stream, and the group's filter names), so the pipeline gives the same documents
 * under the same `_id`s. FilterLogEvents' `endTime` is inclusive; the slice's end is not, so it asks for
 * `to - 1`. Throttling is retried by the client (adaptive retry mode, see `backfillClients`).
 *
 * @example
 * ```ts
 * for await (const inputs of logGroupSlice(logs, group, { from, to }).read()) await processBatch(inputs, deps, deadline);
 * ```
 */
export const logGroupSlice = (
  client: CloudWatchLogsClient,
  group: LogGroupSource,
  range: TimeRange,
): BackfillSlice => ({
  ...range,
  id: `logs:${group.name}:${describeRange(range)}`,
  label: `${group.name} ${describeRange(range)}`,
  read: () => readPages(client, group, range),
});

async function* readPages(
  client: CloudWatchLogsClient,
  group: LogGroupSource,
  range: TimeRange,
): AsyncGenerator<EngineInput[]> {
  const pages = paginateFilterLogEvents(
    { client, pageSize: PAGE_LIMIT },
    { logGroupName: group.name, startTime: range.from, endTime: range.to - 1 },
  );
  let page = 0;
  for await (const answer of pages) {
    const envelopes = envelopesByStream(group, answer.events ?? []);
    if (envelopes.length > 0) {
      yield envelopes.map((envelope, index) => ({
        kind: 'envelope',
        envelope,
        origin: { recordIndex: index, file: `${group.name} page ${page}` },
      }));
    }
    page++;
  }
}

/** A page's events as envelopes, one per log stream, events in the order FilterLogEvents gave them. */
export const envelopesByStream = (group: LogGroupSource, events: readonly FilteredLogEvent[]): Envelope[] => {
  const byStream = new Map<string, LogEvent[]>();
  for (const event of events) {
    const stream = event.logStreamName ?? '';
    let list = byStream.get(stream);
    if (list === undefined) {
      list = [];
      byStream.set(stream, list);
    }
    // Passed on as AWS gave them: the decoder's schema check sets aside an event without id or time.
    list.push({ id: event.eventId, timestamp: event.timestamp, message: event.message } as LogEvent);
  }
  return [...byStream].map(([logStream, logEvents]) => ({
    messageType: 'DATA_MESSAGE',
    owner: group.owner,
    logGroup: group.name,
    logStream,
    subscriptionFilters: group.subscriptionFilters,
    logEvents,
  }));
};
