import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeSubscriptionFiltersCommand,
  PutSubscriptionFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateStreamCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  filterFor,
  type SubscriberConfig,
  subscribeGroup,
  subscriberConfigFromEnv,
  sweep,
  unsubscribeAll,
} from '../../infra/lambda/subscriber/subscriber';
import { type MotoServer, motoUnavailable, startMoto } from '../integration/e2e/moto-server';

const unavailable = motoUnavailable();
if (unavailable !== undefined)
  process.stderr.write(`\nSKIPPED test/infra/subscriber.test.ts: ${unavailable}\n`);
const describeWithMoto = unavailable === undefined ? describe : describe.skip;

const ACCOUNT = '123456789012'; // moto's default account
const REGION = 'eu-west-1';
const STREAM_ARN = `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/cwlpipe-logs`;
const OTHER_STREAM_ARN = `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/someone-else`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/cwlpipe-logs-to-kinesis`;

const config: SubscriberConfig = {
  destinationArn: STREAM_ARN,
  roleArn: ROLE_ARN,
  rules: [
    { name: '/cwlpipe/vpc-flow-logs', type: 'vpcflow' },
    { prefix: '/aws/lambda/', type: 'lambda' },
    { prefix: '/app/', type: 'auto' },
  ],
  ownGroups: ['/cwlpipe/internal/backfill'],
  ownPrefixes: ['/aws/lambda/cwlpipe-', '/cwlpipe/internal/'],
};

describe('Subscriber: which filter a log group gets', () => {
  it.each([
    ['/cwlpipe/vpc-flow-logs', { name: 'cwlpipe-vpcflow' }],
    ['/aws/lambda/orders', { name: 'cwlpipe-lambda' }],
    ['/app/checkout', { name: 'cwlpipe-auto' }],
    ['/aws/lambda/cwlpipe-consumer', 'own'],
    ['/cwlpipe/internal/backfill', 'own'],
    ['/ecs/unrelated', 'unmatched'],
  ])('%s → %j', (group, expected) => {
    // Prepare // Act
    const verdict = filterFor(group, config);
    // Assess
    expect(verdict).toEqual(expected);
  });

  it('names a missing or malformed variable', () => {
    // Prepare
    const env = { CWLPIPE_DESTINATION_ARN: STREAM_ARN, CWLPIPE_ROLE_ARN: ROLE_ARN, CWLPIPE_RULES: '[' };
    // Act // Assess
    expect(() => subscriberConfigFromEnv(env)).toThrow('CWLPIPE_RULES is not valid JSON');
    expect(() => subscriberConfigFromEnv({ ...env, CWLPIPE_RULES: '[]' })).toThrow(
      'The environment variable CWLPIPE_OWN_GROUPS is not set.',
    );
  });
});

describeWithMoto("Subscriber against moto server's CloudWatch Logs", () => {
  let moto: MotoServer;
  let logs: CloudWatchLogsClient;

  const filtersOf = async (group: string) =>
    (
      (await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName: group })))
        .subscriptionFilters ?? []
    )
      .map((filter) => ({ name: filter.filterName, destination: filter.destinationArn }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name)));

  const createGroups = async (...names: string[]) => {
    for (const name of names) await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
  };

  const putForeign = async (group: string, name: string) =>
    logs.send(
      new PutSubscriptionFilterCommand({
        logGroupName: group,
        filterName: name,
        filterPattern: '',
        destinationArn: OTHER_STREAM_ARN,
        roleArn: ROLE_ARN,
      }),
    );

  beforeAll(async () => {
    moto = await startMoto();
    const clientConfig = {
      endpoint: moto.endpoint,
      region: REGION,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      requestHandler: new NodeHttpHandler(),
    };
    logs = new CloudWatchLogsClient(clientConfig);
    // moto checks that a Kinesis destination exists.
    const kinesis = new KinesisClient(clientConfig);
    await kinesis.send(new CreateStreamCommand({ StreamName: 'cwlpipe-logs', ShardCount: 1 }));
    await kinesis.send(new CreateStreamCommand({ StreamName: 'someone-else', ShardCount: 1 }));
    kinesis.destroy();
  });

  afterAll(async () => {
    logs?.destroy();
    await moto?.stop();
  });

  it('sweeps the groups the rules cover, with the log type in the filter name, and leaves its own groups alone', async () => {
    // Prepare
    await createGroups(
      '/aws/lambda/orders',
      '/aws/lambda/cwlpipe-consumer',
      '/app/checkout',
      '/ecs/unrelated',
    );
    await createGroups('/cwlpipe/vpc-flow-logs');
    // Act
    const results = await sweep(logs, config);
    // Assess
    expect(results).toEqual([
      { logGroup: '/app/checkout', outcome: 'subscribed', filter: 'cwlpipe-auto' },
      { logGroup: '/aws/lambda/cwlpipe-consumer', outcome: 'own' },
      { logGroup: '/aws/lambda/orders', outcome: 'subscribed', filter: 'cwlpipe-lambda' },
      { logGroup: '/cwlpipe/vpc-flow-logs', outcome: 'subscribed', filter: 'cwlpipe-vpcflow' },
    ]);
    expect(await filtersOf('/aws/lambda/orders')).toEqual([
      { name: 'cwlpipe-lambda', destination: STREAM_ARN },
    ]);
    expect(await filtersOf('/aws/lambda/cwlpipe-consumer')).toEqual([]);
    expect(await filtersOf('/ecs/unrelated')).toEqual([]);
  });

  it('changes nothing on a second sweep', async () => {
    // Prepare // Act
    const results = await sweep(logs, config);
    // Assess
    expect(results.map((result) => result.outcome)).toEqual(['unchanged', 'own', 'unchanged', 'unchanged']);
  });

  it('takes the one free place beside a foreign filter, and never touches the foreign one', async () => {
    // Prepare
    await createGroups('/aws/lambda/billing');
    await putForeign('/aws/lambda/billing', 'splunk-forwarder');
    // Act
    const result = await subscribeGroup(logs, '/aws/lambda/billing', config);
    // Assess
    expect(result.outcome).toBe('subscribed');
    expect(await filtersOf('/aws/lambda/billing')).toEqual([
      { name: 'cwlpipe-lambda', destination: STREAM_ARN },
      { name: 'splunk-forwarder', destination: OTHER_STREAM_ARN },
    ]);
  });

  it('reports a group whose two places are taken by foreign filters as full, and leaves them', async () => {
    // Prepare
    await createGroups('/aws/lambda/payments');
    await putForeign('/aws/lambda/payments', 'datadog');
    await putForeign('/aws/lambda/payments', 'splunk');
    // Act
    const result = await subscribeGroup(logs, '/aws/lambda/payments', config);
    // Assess
    expect(result).toEqual({ logGroup: '/aws/lambda/payments', outcome: 'full' });
    expect((await filtersOf('/aws/lambda/payments')).map((filter) => filter.name)).toEqual([
      'datadog',
      'splunk',
    ]);
  });

  it("replaces its own filter when the group's log type changed", async () => {
    // Prepare
    await createGroups('/app/audit');
    await subscribeGroup(logs, '/app/audit', config);
    const retyped: SubscriberConfig = { ...config, rules: [{ prefix: '/app/', type: 'json' }] };
    // Act
    const result = await subscribeGroup(logs, '/app/audit', retyped);
    // Assess
    expect(result.outcome).toBe('updated');
    expect(await filtersOf('/app/audit')).toEqual([{ name: 'cwlpipe-json', destination: STREAM_ARN }]);
  });

  it('removes only its own filters on delete', async () => {
    // Prepare // Act
    const removed = await unsubscribeAll(logs, config);
    // Assess
    expect(removed).toEqual(
      expect.arrayContaining([
        '/app/checkout',
        '/aws/lambda/orders',
        '/aws/lambda/billing',
        '/cwlpipe/vpc-flow-logs',
      ]),
    );
    expect(await filtersOf('/aws/lambda/billing')).toEqual([
      { name: 'splunk-forwarder', destination: OTHER_STREAM_ARN },
    ]);
    expect((await filtersOf('/aws/lambda/payments')).map((filter) => filter.name)).toEqual([
      'datadog',
      'splunk',
    ]);
    expect(await filtersOf('/aws/lambda/orders')).toEqual([]);
  });
});
