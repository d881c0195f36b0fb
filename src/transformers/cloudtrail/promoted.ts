import type { FieldSpec } from '../../core';
import { isRecord, keyword } from './coerce';

/**
 * A few keys of the per-API objects copied to keyword fields, for filters and dashboards. The whole
 * object stays in its JSON string; a copy is made only of a value that reads as a keyword.
 */
interface Promoted {
  /** Dotted path under `cloudtrail`, e.g. `request.bucketName`. */
  readonly name: string;
  readonly description: string;
  readonly read: (record: Record<string, unknown>) => string | string[] | undefined;
  /** See `FieldSpec.freeText`: an object key or a session name is whatever its caller chose. */
  readonly freeText?: true;
}

const at = (value: unknown, path: readonly string[]): unknown => {
  let current = value;
  for (const key of path) {
    if (!isRecord(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
};

const keywordAt =
  (...path: string[]) =>
  (record: Record<string, unknown>): string | undefined =>
    keyword(at(record, path));

const INSTANCES_SET_ITEMS = ['instancesSet', 'items'];
const INSTANCE_ID = ['instanceId'];

/** EC2 lists instances as `instancesSet.items[].instanceId` (one item may come as a bare object). */
const instanceIds = (container: unknown): string[] | undefined => {
  const items = at(container, INSTANCES_SET_ITEMS);
  const ids = new Set<string>();
  const single = at(container, INSTANCE_ID);
  if (typeof single === 'string' && single !== '') ids.add(single);
  for (const item of Array.isArray(items) ? items : [items]) {
    const id = at(item, INSTANCE_ID);
    if (typeof id === 'string' && id !== '') ids.add(id);
  }
  return ids.size > 0 ? [...ids] : undefined;
};

export const PROMOTED: readonly Promoted[] = [
  {
    name: 'request.bucketName',
    description: 'The S3 bucket of an S3 request (requestParameters.bucketName).',
    read: keywordAt('requestParameters', 'bucketName'),
  },
  {
    name: 'request.key',
    description: 'The S3 object key of an S3 object request (requestParameters.key).',
    read: keywordAt('requestParameters', 'key'),
    freeText: true,
  },
  {
    name: 'request.roleArn',
    description: 'The role an AssumeRole* call asked for (requestParameters.roleArn).',
    read: keywordAt('requestParameters', 'roleArn'),
  },
  {
    name: 'request.roleSessionName',
    description: 'The session name an AssumeRole* call asked for (requestParameters.roleSessionName).',
    read: keywordAt('requestParameters', 'roleSessionName'),
    freeText: true,
  },
  {
    name: 'request.userName',
    description: 'The IAM user an IAM call acts on, e.g. CreateUser (requestParameters.userName).',
    read: keywordAt('requestParameters', 'userName'),
  },
  {
    name: 'request.instanceIds',
    description:
      'The EC2 instances a request names (requestParameters.instanceId and instancesSet.items[].instanceId).',
    read: (record) => instanceIds(record.requestParameters),
  },
  {
    name: 'response.instanceIds',
    description: 'The EC2 instances a response names, e.g. those RunInstances launched.',
    read: (record) => instanceIds(record.responseElements),
  },
  {
    name: 'response.consoleLogin',
    description: 'Success or Failure of a ConsoleLogin (responseElements.ConsoleLogin).',
    read: keywordAt('responseElements', 'ConsoleLogin'),
  },
  {
    name: 'response.accessKeyId',
    description:
      'The access key of the temporary credentials an STS call issued (responseElements.credentials.accessKeyId): later calls with it carry it in userIdentity.accessKeyId.',
    read: keywordAt('responseElements', 'credentials', 'accessKeyId'),
  },
  {
    name: 'response.assumedRoleArn',
    description:
      'The ARN of the role session an AssumeRole* call created (responseElements.assumedRoleUser.arn).',
    read: keywordAt('responseElements', 'assumedRoleUser', 'arn'),
  },
  {
    name: 'additional.MFAUsed',
    description: 'Yes or No: whether a ConsoleLogin used MFA (additionalEventData.MFAUsed).',
    read: keywordAt('additionalEventData', 'MFAUsed'),
  },
];

/** Each promoted field with its section and key split out once, not per record. */
const PLACED = PROMOTED.map(({ name, read }) => {
  const [section = '', key = ''] = name.split('.');
  return { read, section, key };
});

/**
 * The promoted fields of one record, nested as `{ request: { bucketName } }`.
 *
 * @example
 * ```ts
 * promote({ requestParameters: { bucketName: 'logs' } }); // { request: { bucketName: 'logs' } }
 * ```
 */
export const promote = (record: Record<string, unknown>): Record<string, Record<string, unknown>> => {
  const out: Record<string, Record<string, unknown>> = {};
  for (const { read, section, key } of PLACED) {
    const value = read(record);
    if (value === undefined) continue;
    out[section] ??= {};
    out[section][key] = value;
  }
  return out;
};

export const PROMOTED_FIELDS: readonly FieldSpec[] = PROMOTED.map((field) => ({
  name: `cloudtrail.${field.name}`,
  type: 'keyword',
  description: field.description,
  ...(field.freeText && { freeText: true }),
}));
