import type { SyntheticSource } from '../../core';

const ACCOUNT = '123456789012';

/** Synthetic data: CloudTrail management and S3 data events, one in twenty failing with AccessDenied, for benchmarks and load runs (development code only). */
export const synthetic: SyntheticSource = {
  logGroup: 'aws-cloudtrail-logs-123456789012-prod',
  messages: (random, timeMs) => {
    const eventName = random.pick([
      'GetObject',
      'AssumeRole',
      'DescribeInstances',
      'PutObject',
      'ConsoleLogin',
    ]);
    const eventSource = eventName.endsWith('Object')
      ? 's3.amazonaws.com'
      : eventName === 'AssumeRole'
        ? 'sts.amazonaws.com'
        : eventName === 'ConsoleLogin'
          ? 'signin.amazonaws.com'
          : 'ec2.amazonaws.com';
    const failed = random.next() < 0.05;
    return [
      JSON.stringify({
        eventVersion: '1.09',
        userIdentity: {
          type: 'AssumedRole',
          principalId: `AROA${random.hex(16).toUpperCase()}:session-${random.hex(6)}`,
          arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app-role/session-${random.hex(6)}`,
          accountId: ACCOUNT,
          accessKeyId: `ASIA${random.hex(16).toUpperCase()}`,
        },
        eventTime: new Date(timeMs - random.int(0, 300_000)).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        eventSource,
        eventName,
        awsRegion: random.pick(['us-east-1', 'eu-west-1']),
        sourceIPAddress: random.ipv4('203.0'),
        userAgent: 'aws-sdk-js/3.600.0',
        ...(failed && {
          errorCode: 'AccessDenied',
          errorMessage: 'User is not authorized to perform this action',
        }),
        requestParameters: { bucketName: `bucket-${random.hex(4)}`, key: `path/${random.hex(12)}.json` },
        responseElements: null,
        requestID: random.hex(16).toUpperCase(),
        eventID: random.uuid(),
        readOnly: eventName.startsWith('Get') || eventName.startsWith('Describe'),
        eventType: 'AwsApiCall',
        managementEvent: !eventName.endsWith('Object'),
        recipientAccountId: ACCOUNT,
      }),
    ];
  },
};
