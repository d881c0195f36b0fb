import type { DocBody, LogEvent, LogSource, TransformResult } from '../../../../src/core';
import { cloudtrailTransformer } from '../../../../src/transformers/cloudtrail';
import { DEFAULT_LIMITS } from '../../../../src/transformers/common';

export const ACCOUNT = '493827165034';
/** The CloudWatch Logs time of the test events: five minutes after the records' eventTime. */
export const CWL_TIME = Date.UTC(2024, 4, 1, 12, 5, 0);

export const source: LogSource = {
  owner: ACCOUNT,
  logGroup: `aws-cloudtrail-logs-${ACCOUNT}-7f3c91ab`,
  logStream: `${ACCOUNT}_CloudTrail_eu-west-1`,
  subscriptionFilters: ['CloudTrail_to_Kinesis'],
};

/** A CloudTrail S3 CreateBucket record by an assumed role; tests change what they are about. */
export const ctRecord = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  eventVersion: '1.09',
  userIdentity: {
    type: 'AssumedRole',
    principalId: 'AROAXD4QK2M7ZXCVBNM12:deploy',
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/platform-deployer/deploy`,
    accountId: ACCOUNT,
    accessKeyId: 'ASIAXD4QK2M7WJ5ZNB6Q',
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAXD4QK2M7ZXCVBNM12',
        arn: `arn:aws:iam::${ACCOUNT}:role/platform-deployer`,
        accountId: ACCOUNT,
        userName: 'platform-deployer',
      },
      attributes: { creationDate: '2024-05-01T11:50:00Z', mfaAuthenticated: 'false' },
    },
  },
  eventTime: '2024-05-01T12:00:00Z',
  eventSource: 's3.amazonaws.com',
  eventName: 'CreateBucket',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '34.243.118.52',
  userAgent: 'aws-cli/2.15.40',
  requestParameters: { bucketName: 'orders-exports', Host: 's3.eu-west-1.amazonaws.com' },
  responseElements: null,
  requestID: 'N3RKQ8YV2WZ5T7P1',
  eventID: '6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e',
  readOnly: false,
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: ACCOUNT,
  eventCategory: 'Management',
  ...overrides,
});

export const eventOf = (message: string): LogEvent => ({
  id: '38262004561233957120538462318640291054337210954113155072',
  timestamp: CWL_TIME,
  message,
});

export const transformMessage = (message: string): TransformResult =>
  cloudtrailTransformer.transform(eventOf(message), source, {
    ingestedAt: '2026-01-01T00:00:00.000Z',
    limits: DEFAULT_LIMITS,
  });

/** The one document of a record that must transform; fails the test otherwise. */
export const transformRecord = (record: Record<string, unknown>): DocBody & { cloudtrail: CloudTrailDoc } => {
  const result = transformMessage(JSON.stringify(record));
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  const [doc] = result.docs;
  if (doc === undefined) throw new Error('expected one document');
  return doc as DocBody & { cloudtrail: CloudTrailDoc };
};

// biome-ignore lint/suspicious/noExplicitAny: tests read nested document fields freely.
export type CloudTrailDoc = Record<string, any>;
