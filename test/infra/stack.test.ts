import { Match, type Template } from 'aws-cdk-lib/assertions';
import { FLOW_LOG_FORMAT } from '../../infra/lib/subscriptions';
import { CONNECTORS } from '../../src/connectors';
import { functionNamed, resourcesOf, templateOf } from './support';

// Both templates were synthesized once by global-setup.ts, with bundling and cdk-nag: reaching these tests
// means both configurations synthesize with no unacknowledged AwsSolutions finding.
const defaults = templateOf('defaults');
const everything = templateOf('everything');
const existing = templateOf('existing');

const statementsOf = (
  template: Template,
): { Action: string | string[]; Resource: unknown; Effect: string }[] =>
  Object.values(resourcesOf(template, 'AWS::IAM::Policy')).flatMap(
    (policy) => (policy.Properties.PolicyDocument as { Statement: never[] }).Statement,
  );

describe('CDK app: the stream', () => {
  it('is an on-demand Kinesis stream encrypted with the AWS-managed key', () => {
    // Prepare // Act // Assess
    defaults.hasResourceProperties('AWS::Kinesis::Stream', {
      Name: 'cwlpipe-logs',
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
      RetentionPeriodHours: 24,
    });
  });

  it('has a role only CloudWatch Logs of this account and region can assume, allowed only to put records', () => {
    // Prepare
    const roles = Object.values(resourcesOf(defaults, 'AWS::IAM::Role')).filter((role) =>
      JSON.stringify(role.Properties.AssumeRolePolicyDocument).includes('logs.amazonaws.com'),
    );
    // Act
    const [role] = roles;
    // Assess
    expect(roles).toHaveLength(1);
    expect(JSON.stringify(role?.Properties.AssumeRolePolicyDocument)).toContain('aws:SourceArn');
    const writes = statementsOf(defaults).filter((statement) =>
      /"Stream[0-9A-F]{8}"/.test(JSON.stringify(statement.Resource)),
    );
    const actions = writes.flatMap((statement) => [statement.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['kinesis:PutRecord', 'kinesis:PutRecords']));
  });
});

describe('CDK app: subscriptions', () => {
  it("installs an account-level subscription filter policy that leaves out cwlpipe's own log groups", () => {
    // Prepare
    const [policy] = Object.values(resourcesOf(defaults, 'AWS::Logs::AccountPolicy'));
    // Act
    const criteria = String(policy?.Properties.SelectionCriteria);
    // Assess
    expect(policy?.Properties).toMatchObject({ PolicyType: 'SUBSCRIPTION_FILTER_POLICY', Scope: 'ALL' });
    expect(criteria).toMatch(/^LogGroupName NOT IN \[/);
    for (const own of [
      '/aws/lambda/cwlpipe-consumer',
      '/aws/lambda/cwlpipe-setup',
      '/cwlpipe/internal/backfill',
    ])
      expect(criteria).toContain(`"${own}"`);
    expect(JSON.stringify(policy?.Properties.PolicyDocument)).toContain('DestinationArn');
  });

  it('creates no per-group machinery unless asked', () => {
    // Prepare // Act // Assess
    defaults.resourceCountIs('AWS::EC2::FlowLog', 0);
    defaults.resourceCountIs('AWS::CloudTrail::Trail', 0);
    defaults.resourceCountIs('AWS::Events::Rule', 0);
    expect(() => functionNamed(defaults, 'cwlpipe-subscriber')).toThrow('found 0');
  });

  it('creates flow logs with every v2–v8 field and hands that format to the consumer', () => {
    // Prepare
    const consumer = functionNamed(everything, 'cwlpipe-consumer');
    // Act
    const config = JSON.parse(
      (consumer.properties.Environment as { Variables: Record<string, string> }).Variables
        .CWLPIPE_CONFIG as string,
    );
    // Assess
    everything.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceId: 'vpc-0a1b2c3d4e5f60718',
      ResourceType: 'VPC',
      LogDestinationType: 'cloud-watch-logs',
      LogFormat: FLOW_LOG_FORMAT,
      MaxAggregationInterval: 60,
    });
    for (const field of ['${version}', '${flow-direction}', '${ecs-task-id}', '${reject-reason}'])
      expect(FLOW_LOG_FORMAT).toContain(field);
    expect(config.logGroups).toContainEqual({
      pattern: '/cwlpipe/vpc-flow-logs',
      type: 'vpcflow',
      vpcFormat: FLOW_LOG_FORMAT,
    });
  });

  it('creates a trail logging to a group the subscriber covers', () => {
    // Prepare
    const subscriber = functionNamed(everything, 'cwlpipe-subscriber');
    // Act
    const variables = (subscriber.properties.Environment as { Variables: Record<string, string> }).Variables;
    // Assess
    everything.hasResourceProperties('AWS::CloudTrail::Trail', {
      TrailName: 'cwlpipe-trail',
      IsLogging: true,
    });
    expect(JSON.parse(variables.CWLPIPE_RULES as string)).toEqual([
      { name: '/cwlpipe/vpc-flow-logs', type: 'vpcflow' },
      { name: '/cwlpipe/cloudtrail', type: 'cloudtrail' },
      { prefix: '/aws/lambda/', type: 'lambda' },
      { prefix: '/app/', type: 'auto' },
    ]);
    expect(JSON.parse(variables.CWLPIPE_OWN_PREFIXES as string)).toEqual([
      '/aws/lambda/cwlpipe-',
      '/cwlpipe/internal/',
    ]);
  });

  it('subscribes new log groups through an EventBridge rule on CreateLogGroup, and sweeps on every deploy', () => {
    // Prepare // Act // Assess
    everything.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.logs'],
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: {
          eventName: ['CreateLogGroup'],
          requestParameters: {
            logGroupName: [
              '/cwlpipe/vpc-flow-logs',
              '/cwlpipe/cloudtrail',
              { prefix: '/aws/lambda/' },
              { prefix: '/app/' },
            ],
          },
        },
      },
    });
    everything.hasResourceProperties('Custom::CwlpipeSubscriptionSweep', { deployStamp: 'test' });
  });

  it('lets the subscriber manage filters only on the groups its rules match, and pass only the Logs role', () => {
    // Prepare
    const subscriber = functionNamed(everything, 'cwlpipe-subscriber');
    const roleId = (subscriber.properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
    const [policy] = Object.values(resourcesOf(everything, 'AWS::IAM::Policy')).filter((candidate) =>
      JSON.stringify(candidate.Properties.Roles).includes(roleId as string),
    );
    // Act
    const text = JSON.stringify(policy?.Properties.PolicyDocument);
    // Assess
    expect(text).toContain('log-group:/aws/lambda/*');
    expect(text).toContain('log-group:/app/*');
    expect(text).toContain('iam:PassRole');
    expect(text).not.toContain('"logs:*"');
  });
});

describe('CDK app: the consumer', () => {
  it('is the Kinesis handler on arm64 with the newest Node.js runtime, JSON logs and its safety margin', () => {
    // Prepare // Act
    const consumer = functionNamed(defaults, 'cwlpipe-consumer');
    // Assess
    expect(consumer.properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 120,
      MemorySize: 1024,
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } },
      Environment: {
        Variables: expect.objectContaining({
          CWLPIPE_SAFETY_MARGIN_MS: '10000',
          CWLPIPE_CONNECTORS: 'opensearch',
          NODE_OPTIONS: '--enable-source-maps',
        }),
      },
    });
  });

  it('names in CWLPIPE_CONNECTORS the registered connectors whose endpoint variables it sets', () => {
    // Prepare
    const { Variables: variables } = functionNamed(defaults, 'cwlpipe-consumer').properties.Environment as {
      Variables: Record<string, unknown>;
    };

    // Act
    const named = String(variables.CWLPIPE_CONNECTORS).split(',');
    const endpoints = named.map(
      (id) => CONNECTORS.find((registration) => registration.id === id)?.endpointVariable,
    );

    // Assess
    expect(named).toEqual(CONNECTORS.filter((c) => endpoints.includes(c.endpointVariable)).map((c) => c.id));
    for (const variable of endpoints) expect(Object.keys(variables)).toContain(variable);
  });

  it('reads the stream with partial batch failures, bisection, bounded retries and age, and an SQS on-failure destination', () => {
    // Prepare // Act // Assess
    defaults.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 86_400,
      ParallelizationFactor: 2,
      BatchSize: 500,
      StartingPosition: 'TRIM_HORIZON',
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('ConsumerOnFailure'), 'Arn'] } },
      },
    });
    defaults.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'cwlpipe-consumer-on-failure',
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1_209_600,
    });
  });
});

describe('CDK app: the Firehose path', () => {
  it('is off by default', () => {
    // Prepare // Act // Assess
    defaults.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 0);
  });

  it('reads the stream, transforms with the Firehose handler into NDJSON and backs the source up to S3', () => {
    // Prepare
    const transformer = functionNamed(existing, 'cwlpipe-firehose-transformer');
    // Act // Assess
    existing.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'KinesisStreamAsSource',
      ExtendedS3DestinationConfiguration: Match.objectLike({
        CompressionFormat: 'GZIP',
        S3BackupMode: 'Enabled',
        ProcessingConfiguration: {
          Enabled: true,
          Processors: [
            Match.objectLike({
              Type: 'Lambda',
              Parameters: Match.arrayWith([
                { ParameterName: 'LambdaArn', ParameterValue: { 'Fn::GetAtt': [transformer.id, 'Arn'] } },
              ]),
            }),
          ],
        },
      }),
    });
    const variables = (transformer.properties.Environment as { Variables: Record<string, string> }).Variables;
    expect(variables.CWLPIPE_FIREHOSE_OUTPUT).toBeUndefined();
  });

  it('delivers to the domain through the OpenSearch Service destination, one document per record, in its VPC', () => {
    // Prepare
    const transformer = functionNamed(everything, 'cwlpipe-firehose-transformer');
    const [domainId] = Object.keys(resourcesOf(everything, 'AWS::OpenSearchService::Domain'));
    const [stream] = Object.values(resourcesOf(everything, 'AWS::KinesisFirehose::DeliveryStream'));
    // Act
    const destination = stream?.Properties.AmazonopensearchserviceDestinationConfiguration as Record<
      string,
      unknown
    >;
    // Assess
    expect(stream?.Properties.ExtendedS3DestinationConfiguration).toBeUndefined();
    expect(destination).toMatchObject({
      DomainARN: { 'Fn::GetAtt': [domainId, 'Arn'] },
      IndexName: 'cwl-firehose',
      IndexRotationPeriod: 'OneDay',
      S3BackupMode: 'AllDocuments',
      RetryOptions: { DurationInSeconds: 300 },
      ProcessingConfiguration: {
        Enabled: true,
        Processors: [
          expect.objectContaining({
            Parameters: expect.arrayContaining([
              { ParameterName: 'LambdaArn', ParameterValue: { 'Fn::GetAtt': [transformer.id, 'Arn'] } },
            ]),
          }),
        ],
      },
      VpcConfiguration: {
        SubnetIds: ['subnet-0aaa1111bbbb2222c', 'subnet-0ddd3333eeee4444f'],
        SecurityGroupIds: [expect.anything()],
      },
    });
    expect(
      (transformer.properties.Environment as { Variables: Record<string, string> }).Variables,
    ).toMatchObject({ CWLPIPE_FIREHOSE_OUTPUT: 'document' });
  });

  it("lets the delivery role write to this domain only, and maps it to cwlpipe's OpenSearch role", () => {
    // Prepare
    const [domainId] = Object.keys(resourcesOf(everything, 'AWS::OpenSearchService::Domain'));
    const roleId = Object.entries(resourcesOf(everything, 'AWS::IAM::Role')).find(([id]) =>
      /^FirehoseRole[0-9A-F]{8}$/.test(id),
    )?.[0] as string;
    // Act
    const writes = statementsOf(everything).filter((statement) =>
      [statement.Action].flat().includes('es:ESHttpPost'),
    );
    const firehoseWrite = writes.find(
      (statement) =>
        JSON.stringify([statement.Action].flat()) ===
        JSON.stringify(['es:ESHttpGet', 'es:ESHttpPost', 'es:ESHttpPut']),
    );
    // Assess
    expect(firehoseWrite?.Resource).toEqual([
      { 'Fn::GetAtt': [domainId, 'Arn'] },
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': [domainId, 'Arn'] }, '/*']] },
    ]);
    everything.hasResourceProperties('Custom::CwlpipeSetup', {
      writerRoleArns: Match.arrayWith([{ 'Fn::GetAtt': [roleId, 'Arn'] }]),
    });
  });
});

describe('CDK app: OpenSearch', () => {
  it('is a domain encrypted at rest and between nodes, HTTPS with TLS 1.2, with fine-grained access control', () => {
    // Prepare
    const setup = functionNamed(defaults, 'cwlpipe-setup');
    // Act // Assess
    defaults.hasResourceProperties('AWS::OpenSearchService::Domain', {
      DomainName: 'cwlpipe-logs',
      EngineVersion: 'OpenSearch_2.19',
      EncryptionAtRestOptions: { Enabled: true },
      NodeToNodeEncryptionOptions: { Enabled: true },
      DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07' },
      AdvancedSecurityOptions: {
        Enabled: true,
        InternalUserDatabaseEnabled: false,
        MasterUserOptions: {
          MasterUserARN: {
            'Fn::GetAtt': [(setup.properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0], 'Arn'],
          },
        },
      },
      ClusterConfig: Match.objectLike({
        InstanceCount: 2,
        ZoneAwarenessEnabled: true,
        DedicatedMasterEnabled: false,
      }),
    });
  });

  it("allows only cwlpipe's roles in its access policy", () => {
    // Prepare
    const [domain] = Object.values(resourcesOf(defaults, 'AWS::OpenSearchService::Domain'));
    if (domain === undefined) throw new Error('The template has no OpenSearch domain.');
    // Act
    const statements = (domain.Properties.AccessPolicies as { Statement: { Principal: { AWS: unknown } }[] })
      .Statement;
    // Assess
    expect(statements).toHaveLength(1);
    expect(JSON.stringify(statements[0]?.Principal.AWS)).toContain('ConsumerFunctionServiceRole');
    expect(JSON.stringify(statements[0]?.Principal)).not.toContain('"*"');
  });

  it("runs cwlpipe's setup on every deploy, mapping the writers' roles", () => {
    // Prepare // Act // Assess
    defaults.hasResourceProperties('Custom::CwlpipeSetup', {
      deployStamp: 'test',
      dashboards: 'fail',
      writerRoleArns: Match.arrayWith([
        { 'Fn::GetAtt': [Match.stringLikeRegexp('ConsumerFunctionServiceRole'), 'Arn'] },
      ]),
    });
    const setup = functionNamed(defaults, 'cwlpipe-setup');
    expect((setup.properties.Environment as { Variables: Record<string, string> }).Variables).toMatchObject({
      OPENSEARCH_AWS_SERVICE: 'es',
      OPENSEARCH_INDEX_PREFIX: 'cwl',
      OPENSEARCH_RETENTION_DAYS: '30',
    });
  });

  it('imports the dashboards on every deploy, failing the deploy or reporting as set, with an output saying what happened', () => {
    // Prepare
    const [setupResource] = Object.keys(resourcesOf(defaults, 'Custom::CwlpipeSetup'));
    // Act
    const outputs = defaults.findOutputs('*', { Value: { 'Fn::GetAtt': [setupResource, 'dashboards'] } });
    // Assess
    expect(Object.keys(outputs)).toHaveLength(1);
    everything.hasResourceProperties('Custom::CwlpipeSetup', { dashboards: 'report' });
    existing.hasResourceProperties('Custom::CwlpipeSetup', {
      dashboards: 'fail',
      dashboardsUrl: 'https://logs.example.com/_dashboards',
    });
    expect(
      (
        functionNamed(existing, 'cwlpipe-setup').properties.Environment as {
          Variables: Record<string, string>;
        }
      ).Variables,
    ).toMatchObject({
      OPENSEARCH_URL: 'https://search-logs-abc123.eu-west-1.es.amazonaws.com',
      OPENSEARCH_INDEX_PREFIX: 'logs',
    });
  });

  it('can be placed in a VPC with a security group of its own', () => {
    // Prepare // Act // Assess
    everything.hasResourceProperties('AWS::OpenSearchService::Domain', {
      VPCOptions: {
        SubnetIds: ['subnet-0aaa1111bbbb2222c', 'subnet-0ddd3333eeee4444f'],
        SecurityGroupIds: [Match.anyValue()],
      },
    });
    for (const name of ['cwlpipe-consumer', 'cwlpipe-setup', 'cwlpipe-warehouse', 'cwlpipe-batch-steps'])
      expect(functionNamed(everything, name).properties.VpcConfig).toBeDefined();
  });
});

describe('CDK app: the warehouse mirror', () => {
  it('runs sync every minute with BigQuery credentials from Secrets Manager', () => {
    // Prepare
    const warehouse = functionNamed(everything, 'cwlpipe-warehouse');
    // Act
    const variables = (warehouse.properties.Environment as { Variables: Record<string, unknown> }).Variables;
    // Assess
    expect(variables).toMatchObject({
      CWLPIPE_WAREHOUSE: 'bigquery',
      CWLPIPE_BIGQUERY_PROJECT: 'acme-logs',
      CWLPIPE_BIGQUERY_DATASET: 'cwlpipe',
      CWLPIPE_BIGQUERY_LOCATION: 'EU',
      CWLPIPE_BIGQUERY_CREDENTIALS_SECRET: { Ref: expect.stringMatching(/BigQueryCredentials/) },
    });
    everything.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      Target: Match.objectLike({ Input: JSON.stringify({ action: 'sync' }) }),
    });
    const reads = statementsOf(everything).filter((statement) =>
      [statement.Action].flat().includes('secretsmanager:GetSecretValue'),
    );
    expect(reads).toHaveLength(1);
  });

  it('leaves the daily backup to the daily batch when that runs, and schedules it otherwise', () => {
    // Prepare // Act
    const schedules = Object.values(resourcesOf(everything, 'AWS::Scheduler::Schedule')).map((schedule) =>
      JSON.stringify(schedule.Properties.Target),
    );
    // Assess
    expect(schedules.filter((target) => target.includes('backup'))).toHaveLength(0);
    defaults.resourceCountIs('AWS::Scheduler::Schedule', 0);
  });
});

describe('CDK app: the raw archive', () => {
  it('is encrypted, TLS only, private, logged and moved to cheaper storage as it ages', () => {
    // Prepare // Act // Assess
    defaults.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: Match.objectLike({
        BlockPublicAcls: true,
        RestrictPublicBuckets: true,
      }),
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'archive/' },
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            Transitions: [
              { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
              { StorageClass: 'GLACIER_IR', TransitionInDays: 90 },
            ],
          }),
        ],
      },
    });
    defaults.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('lets the consumer put objects and nothing else', () => {
    // Prepare // Act
    const archiveStatements = statementsOf(defaults).filter((statement) =>
      JSON.stringify(statement.Resource).includes('ArchiveBucket'),
    );
    // Assess
    expect(archiveStatements.map((statement) => statement.Action)).toEqual(['s3:PutObject']);
  });
});

describe('CDK app: alarms and dashboard', () => {
  it('alarms on iterator age, errors, throttles, dead letters and the on-failure queue, notifying an encrypted topic', () => {
    // Prepare
    const alarms = Object.values(resourcesOf(defaults, 'AWS::CloudWatch::Alarm'));
    // Act
    const metrics = alarms.map((alarm) => alarm.Properties.MetricName).sort();
    // Assess
    expect(metrics).toEqual([
      'ApproximateNumberOfMessagesVisible',
      'DeadLetterFailed',
      'DeadLettered',
      'Errors',
      'IteratorAge',
      'Throttles',
    ]);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
    defaults.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    defaults.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'DeadLettered',
      Namespace: 'cwlpipe',
      Dimensions: [{ Name: 'service', Value: 'cwlpipe-kinesis' }],
    });
    everything.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
  });

  it("draws cwlpipe's own metrics on a dashboard", () => {
    // Prepare
    const [dashboard] = Object.values(resourcesOf(defaults, 'AWS::CloudWatch::Dashboard'));
    // Act
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    // Assess
    for (const metric of ['Documents', 'Delivered', 'DeadLettered', 'IngestLagMax', 'FailedRecords'])
      expect(body).toContain(metric);
  });
});

describe('CDK app: the daily batch', () => {
  it('is off by default', () => {
    // Prepare // Act // Assess
    defaults.resourceCountIs('AWS::StepFunctions::StateMachine', 0);
    defaults.resourceCountIs('AWS::ECS::TaskDefinition', 0);
  });

  it('runs the backfill image as an arm64 Fargate task', () => {
    // Prepare // Act // Assess
    everything.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Family: 'cwlpipe-backfill',
      RequiresCompatibilities: ['FARGATE'],
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
      ContainerDefinitions: [
        Match.objectLike({ Name: 'backfill', LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }) }),
      ],
    });
    everything.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
  });

  it('chains range, snapshot, backfill, warehouse re-sync and backup, with a failure branch that notifies and stops tasks', () => {
    // Prepare
    const [machine] = Object.values(resourcesOf(everything, 'AWS::StepFunctions::StateMachine'));
    if (machine === undefined) throw new Error('The template has no state machine.');
    // Act
    const definition = JSON.parse(
      (machine.Properties.DefinitionString as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1]
        .map((part) => (typeof part === 'string' ? part : 'REF'))
        .join(''),
    );
    // Assess
    expect(definition.StartAt).toBe('ResolveRange');
    expect(definition.States.ResolveRange.Next).toBe('Snapshot');
    expect(definition.States.Snapshot.Next).toBe('Backfill');
    expect(definition.States.Backfill.Resource).toContain('ecs:runTask.sync');
    expect(definition.States.Backfill.TimeoutSeconds).toBe(21_600);
    expect(definition.States.Backfill.Next).toBe('WarehouseResync');
    expect(definition.States.WarehouseResync.Parameters).toEqual({
      action: 'sync',
      'from.$': '$.range.from',
      'to.$': '$.range.to',
    });
    expect(definition.States.WarehouseResync.Next).toBe('WarehouseBackup');
    expect(definition.States.WarehouseBackup.Next).toBe('Done');
    for (const state of ['ResolveRange', 'Snapshot', 'Backfill', 'WarehouseResync', 'WarehouseBackup'])
      expect(definition.States[state].Catch[0].Next).toBe('NotifyFailure');
    expect(definition.States.NotifyFailure.Next).toBe('ListRunningTasks');
    expect(definition.States.ListRunningTasks.Next).toBe('StopRunningTasks');
    expect(JSON.stringify(definition.States.StopRunningTasks)).toContain('ecs:stopTask');
    expect(definition.States.StopRunningTasks.Next).toBe('Failed');
    expect(definition.States.Failed.Type).toBe('Fail');
    everything.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
    });
  });

  it('passes the configured sources to the backfill after the range, leaving the warehouse to its function', () => {
    // Prepare // Act
    const steps = functionNamed(everything, 'cwlpipe-batch-steps');
    // Assess
    expect((steps.properties.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      CWLPIPE_BACKFILL_ARGUMENTS: JSON.stringify(['--log-group-prefix', '/aws/lambda/', '--no-warehouse']),
      CWLPIPE_SNAPSHOT_REPOSITORY: 'cwlpipe-snapshots',
    });
  });

  it('is started daily by EventBridge Scheduler with the scheduled time', () => {
    // Prepare // Act // Assess
    everything.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(15 1 * * ? *)',
      Target: Match.objectLike({
        Input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
      }),
    });
  });
});

describe('CDK app: least privilege', () => {
  it.each([
    ['defaults', defaults],
    ['everything', everything],
    ['existing', existing],
  ])('grants no wildcard action in the %s configuration', (_name, template) => {
    // Prepare // Act
    const wildcards = statementsOf(template)
      .flatMap((statement) => [statement.Action].flat())
      .filter((action) => action === '*' || action.endsWith(':*'));
    // Assess
    expect(wildcards).toEqual([]);
  });
});
