import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { ConfigError, type Envelope, type LogEvent, type LogType } from '../core';
import { isGzip, type PipelineConfig } from '../pipeline';
import { isLogType, LOG_TYPES } from '../transformers';

/**
 * Where bare messages came from, which they no longer say themselves: Firehose's "message extraction"
 * delivers only each event's message, without log group, stream, id or time.
 */
export interface BareMessageSource {
  readonly logGroup: string;
  readonly type: LogType;
}

/** Events per envelope made from bare lines: CloudWatch Logs' own batch limit, well under the engine's cap. */
const EVENTS_PER_ENVELOPE = 10_000;
const GUNZIP_LIMIT = 64 * 1024 * 1024;

/**
 * Reads `--bare-log-group` and `--bare-type` together: both or neither.
 *
 * @example
 * ```ts
 * bareMessageSource('/vpc/flow', 'vpcflow'); // { logGroup: '/vpc/flow', type: 'vpcflow' }
 * ```
 */
export const bareMessageSource = (
  logGroup: string | undefined,
  type: string | undefined,
): BareMessageSource | undefined => {
  if (logGroup === undefined && type === undefined) return undefined;
  if (logGroup === undefined || logGroup === '' || type === undefined) {
    throw new ConfigError(
      'option_invalid',
      'Bare messages need both --bare-log-group (the log group they came from) and --bare-type (their log type).',
    );
  }
  if (!isLogType(type)) {
    throw new ConfigError('option_invalid', `--bare-type "${type}" is not one of ${LOG_TYPES.join(', ')}.`);
  }
  return { logGroup, type };
};

/**
 * The id of a bare message: 56 decimal digits (the shape of a CloudWatch Logs event id) from the SHA-256 of
 * the object's address and the line's position in it, so reading the same object again gives the same ids
 * and the same documents are not indexed twice. The real event id is gone; a message that Firehose delivered
 * in two different objects gets two ids.
 *
 * @example
 * ```ts
 * bareMessageId('s3://bucket/2024/05/01/13/stream-1-2024-05-01-13-00-00-abcd.gz', 0); // '1834…' (56 digits)
 * ```
 */
export const bareMessageId = (address: string, line: number): string => {
  const digest = createHash('sha256').update(`${address}\n${line}`).digest('hex');
  // 232 bits give 70 decimal digits; the first 56 are uniform enough for an id.
  return BigInt(`0x${digest.slice(0, 58)}`)
    .toString()
    .padStart(70, '0')
    .slice(-56);
};

/**
 * The envelopes of a file or archive object holding bare messages, one per line (gzip or not), as the
 * subscription would have sent them: the configured log group, the type's filter name (so they route to
 * it), the file or object as the log stream, ids from {@link bareMessageId}, and `receivedAtMs` (the file's
 * or object's time) as every event's timestamp. A transformer that reads the content's own time (a VPC
 * record's `start`, CloudTrail's `eventTime`, a JSON `timestamp`) puts that in `@timestamp`. Blank lines
 * are skipped; an `owner` is unknown and left empty.
 *
 * @example
 * ```ts
 * const envelopes = bareMessageEnvelopes(bytes, 's3://b/k.gz', { logGroup: '/vpc/flow', type: 'vpcflow' }, Date.parse('2024-05-01T13:00Z'));
 * ```
 */
export const bareMessageEnvelopes = (
  bytes: Uint8Array,
  address: string,
  source: BareMessageSource,
  receivedAtMs: number,
): Envelope[] => {
  const text = (
    isGzip(bytes) ? gunzipSync(bytes, { maxOutputLength: GUNZIP_LIMIT }) : Buffer.from(bytes)
  ).toString('utf8');
  const events: LogEvent[] = [];
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const message = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (message.trim() === '') continue;
    events.push({ id: bareMessageId(address, index), timestamp: receivedAtMs, message });
  }
  const envelopes: Envelope[] = [];
  for (let start = 0; start < events.length; start += EVENTS_PER_ENVELOPE) {
    envelopes.push({
      messageType: 'DATA_MESSAGE',
      owner: '',
      logGroup: source.logGroup,
      logStream: address,
      subscriptionFilters: [`cwlpipe-${source.type}`],
      logEvents: events.slice(start, start + EVENTS_PER_ENVELOPE),
    });
  }
  return envelopes;
};

/**
 * The pipeline configuration with the bare messages' log group routed to their type first, whatever the
 * other rules say (they were named on the command line for exactly these messages).
 *
 * @example
 * ```ts
 * const config = routeBareMessages(buildConfig(), { logGroup: '/app/orders', type: 'json' });
 * ```
 */
export const routeBareMessages = (config: PipelineConfig, source: BareMessageSource): PipelineConfig => ({
  ...config,
  logGroups: [
    {
      pattern: source.logGroup,
      matcher: new RegExp(`^${source.logGroup.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
      type: source.type,
    },
    ...config.logGroups,
  ],
});
