import type { LogType } from '../../core/transformer';
import type { SeededRandom } from './random';

/** Realistic log messages per type, for benchmarks and load runs (not for golden tests). */
export type MessageMaker = (random: SeededRandom, timeMs: number) => string[];

const ACCOUNT = '123456789012';

const vpcflow: MessageMaker = (random, timeMs) => {
  const start = Math.floor(timeMs / 1000) - random.int(0, 60);
  const protocol = random.pick([6, 6, 6, 17, 17, 1]);
  const action = random.next() < 0.9 ? 'ACCEPT' : 'REJECT';
  return [
    `2 ${ACCOUNT} eni-0${random.hex(16)} ${random.ipv4('10.0')} ${random.ipv4('172.31')} ${random.int(1024, 65535)} ${random.pick([443, 80, 22, 5432, 53])} ${protocol} ${random.int(1, 500)} ${random.int(40, 900000)} ${start} ${start + 60} ${action} OK`,
  ];
};

const lambda: MessageMaker = (random, timeMs) => {
  const requestId = random.uuid();
  const iso = new Date(timeMs).toISOString();
  const duration = (random.int(100, 300000) / 100).toFixed(2);
  const cold = random.next() < 0.1;
  return [
    `START RequestId: ${requestId} Version: $LATEST\n`,
    `${iso}\t${requestId}\tINFO\tprocessing order ${random.int(1, 999999)} for customer ${random.hex(8)}\n`,
    `${iso}\t${requestId}\tINFO\t{"event":"order_processed","orderId":${random.int(1, 999999)},"items":${random.int(1, 9)},"total":${random.int(100, 99999) / 100}}\n`,
    `END RequestId: ${requestId}\n`,
    `REPORT RequestId: ${requestId}\tDuration: ${duration} ms\tBilled Duration: ${Math.ceil(Number(duration))} ms\tMemory Size: 512 MB\tMax Memory Used: ${random.int(60, 400)} MB${cold ? `\tInit Duration: ${(random.int(10000, 90000) / 100).toFixed(2)} ms` : ''}\t\n`,
  ];
};

const cloudtrail: MessageMaker = (random, timeMs) => {
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
};

const json: MessageMaker = (random, timeMs) => [
  `${new Date(timeMs).toISOString()} INFO ${JSON.stringify({ level: 'info', msg: 'request served', method: random.pick(['GET', 'POST']), path: `/api/v1/items/${random.int(1, 9999)}`, status: random.pick([200, 200, 201, 404, 500]), duration_ms: random.int(1, 900), user: { id: random.hex(8), plan: random.pick(['free', 'pro']) } })}`,
];

const text: MessageMaker = (random) => [
  `worker ${random.int(1, 16)} finished batch ${random.hex(8)} in ${random.int(1, 5000)} ms (${random.int(0, 1000)} rows)`,
];

export const MESSAGE_MAKERS: Record<LogType, MessageMaker> = { vpcflow, lambda, cloudtrail, json, text };
