import type {
  FieldSpec,
  LogEvent,
  LogSource,
  TransformContext,
  Transformer,
  TransformResult,
} from '../../core';
import { baseDoc, invalid, keepsMessage, ok } from '../common';
import { hasLossyNumber } from '../json/exact-numbers';
import { stringifyJson } from '../json/stringify';
import { isRecord, parseIsoMillis } from './coerce';
import { PROMOTED_FIELDS, promote } from './promoted';
import { RECORD } from './record';
import { fieldsOfShape, type Leftovers, readShape } from './shape';

/**
 * A CloudTrail record names its service in `eventSource`; an Insights event (`eventType`
 * `AwsCloudTrailInsight`) has none at the top, only in `insightDetails.eventSource`.
 */
const hasEventSource = (record: Record<string, unknown>): boolean =>
  typeof record.eventSource === 'string' ||
  (isRecord(record.insightDetails) && typeof record.insightDetails.eventSource === 'string');

const FIELDS: readonly FieldSpec[] = [
  ...fieldsOfShape(RECORD, 'cloudtrail'),
  ...PROMOTED_FIELDS,
  {
    name: 'cloudtrail.unmapped',
    type: 'text',
    description:
      'Record values no cloudtrail field holds (a newer CloudTrail field, a value of an unexpected type), as one JSON object keyed by dotted path.',
  },
];

/** The paths of the record's date fields (`eventTime`, `userIdentity.sessionContext.attributes.creationDate`). */
const DATE_PATHS: readonly (readonly string[])[] = fieldsOfShape(RECORD, 'cloudtrail')
  .filter((field) => field.type === 'date')
  .map((field) => field.name.split('.').slice(1));

// A fraction of four digits or more: its date field keeps milliseconds only.
const FINER_THAN_MILLIS = /\.\d{4}/;

const valueAtPath = (record: Record<string, unknown>, path: readonly string[]): unknown => {
  let node: unknown = record;
  for (const key of path) node = isRecord(node) && Object.hasOwn(node, key) ? node[key] : undefined;
  return node;
};

/**
 * Whether every part of a record that parsed is in its fields: mapped keys are typed fields and everything
 * else is in `cloudtrail.unmapped`, so only what reading itself rounds is nowhere else — a number a double
 * cannot hold, a time finer than a millisecond. Those records keep `@message`.
 */
const readsWhole = (message: string, record: Record<string, unknown>): boolean => {
  for (const path of DATE_PATHS) {
    const value = valueAtPath(record, path);
    if (typeof value === 'string' && FINER_THAN_MILLIS.test(value)) return false;
  }
  return !hasLossyNumber(message);
};

/**
 * One CloudTrail record per CloudWatch Logs event (a trail delivering to CloudWatch Logs), under
 * `cloudtrail.*` with CloudTrail's own field names.
 *
 * `{"eventVersion":"1.08","eventTime":"2024-05-01T12:00:00Z","eventSource":"s3.amazonaws.com",
 * "eventName":"CreateBucket","requestParameters":{"bucketName":"logs"},…}` becomes
 * `{ '@type': 'cloudtrail', '@timestamp': '2024-05-01T12:00:00.000Z', cloudtrail: { eventVersion: '1.08',
 * eventSource: 's3.amazonaws.com', eventName: 'CreateBucket', requestParameters: '{"bucketName":"logs"}',
 * request: { bucketName: 'logs' }, … }, … }`.
 *
 * No `@message`: the record is all in `cloudtrail.*` (kept with the log group's `preserveOriginal`, and
 * always for a record whose reading rounds something). A message that is no CloudTrail record is invalid,
 * set aside with its raw text.
 */
export const cloudtrailTransformer: Transformer = {
  id: 'cloudtrail',
  mayOmitMessage: true,
  fields: FIELDS,
  // Runs on every event that is not routed explicitly, so it only looks: no parsing.
  matches: (event: LogEvent): boolean =>
    event.message.charCodeAt(0) === 0x7b &&
    event.message.includes('"eventVersion"') &&
    (event.message.includes('"eventSource"') || event.message.includes('"insightDetails"')),
  transform: (event: LogEvent, source: LogSource, context: TransformContext): TransformResult => {
    let record: unknown;
    try {
      record = JSON.parse(event.message);
    } catch (error) {
      return invalid(
        'cloudtrail_not_json',
        `The message is not JSON, so it is not a CloudTrail record: ${(error as Error).message}.`,
      );
    }
    if (!isRecord(record)) {
      return invalid(
        'cloudtrail_not_record',
        'The message is JSON but not an object, so it is not a CloudTrail record.',
      );
    }
    if (typeof record.eventVersion !== 'string' || !hasEventSource(record)) {
      return invalid(
        'cloudtrail_not_record',
        'The message is a JSON object without a string eventVersion and eventSource (or insightDetails.eventSource), so it is not a CloudTrail record.',
      );
    }
    const leftovers: Leftovers = new Map();
    const cloudtrail: Record<string, unknown> = {
      ...readShape(RECORD, record, leftovers, ''),
      ...promote(record),
    };
    if (leftovers.size > 0) cloudtrail.unmapped = stringifyJson(Object.fromEntries(leftovers));
    // An eventTime that is there but no date is flagged `unreadable`; a missing one is no correction.
    const timeMs =
      record.eventTime === undefined ? undefined : (parseIsoMillis(record.eventTime) ?? Number.NaN);
    const doc = baseDoc(
      'cloudtrail',
      event,
      source,
      context,
      timeMs,
      keepsMessage(readsWhole(event.message, record), context),
    );
    doc.cloudtrail = cloudtrail;
    return ok(doc);
  },
};
