import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { ISecurityGroup, IVpc, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import { type IRole, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { AccountSubscription } from './account-policy';
import { RawArchive } from './archive';
import type { CwlpipeSettings } from './config';
import { Consumer } from './consumer';
import { backfillLogGroupName, DailyBatch } from './daily-batch';
import { FirehosePath } from './firehose';
import { Monitoring } from './monitoring';
import { acknowledge, acknowledgeWildcards, arnOf, FUNCTION_VERSIONS } from './nag';
import { SearchDomain } from './opensearch';
import { LogStream } from './stream';
import { PerGroupSubscriptions } from './subscriptions';
import { WarehouseMirror } from './warehouse';

export interface CwlpipeStackProps extends StackProps {
  readonly settings: CwlpipeSettings;
  /** Changes on every deploy (the sweep and setup custom resources run again); fixed in tests. */
  readonly deployStamp: string;
}

/** The environment variable through which the consumer learns the raw archive bucket. */
export const ARCHIVE_BUCKET_VARIABLE = 'CWLPIPE_ARCHIVE_BUCKET';

/**
 * The whole pipeline in one stack: stream, subscriptions, consumer, optional Firehose path, OpenSearch,
 * warehouse, raw archive, alarms and dashboard, and the daily batch; each part switched by its settings.
 *
 * @example
 * ```ts
 * new CwlpipeStack(app, 'Cwlpipe', { settings: resolveSettings(app.node.tryGetContext('cwlpipe')), deployStamp: new Date().toISOString() });
 * ```
 */
export class CwlpipeStack extends Stack {
  public readonly logStream: LogStream;
  public readonly consumer: Consumer;
  public readonly search: SearchDomain;
  public readonly archive?: RawArchive;
  public readonly subscriptions?: PerGroupSubscriptions;
  public readonly firehose?: FirehosePath;
  public readonly warehouse?: WarehouseMirror;
  public readonly dailyBatch?: DailyBatch;
  public readonly monitoring?: Monitoring;
  public readonly topic: Topic;

  public constructor(scope: Construct, id: string, props: CwlpipeStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const { prefix } = settings;
    this.acknowledgeSharedPolicies();
    this.logStream = new LogStream(this, 'Stream', { settings });
    this.subscriptions = this.subscribe(settings, props.deployStamp);

    // The flow log group's format reaches the consumer through its configuration.
    const pipelineConfig = {
      ...settings.pipelineConfig,
      logGroups: [
        ...(((settings.pipelineConfig as { logGroups?: unknown[] }).logGroups ?? []) as unknown[]),
        ...(this.subscriptions?.logGroupRules ?? []),
      ],
    };
    const pipelineEnv = {
      CWLPIPE_CONFIG: JSON.stringify(pipelineConfig),
      CWLPIPE_CONNECTORS: SearchDomain.connectors,
    };

    this.search = new SearchDomain(this, 'Search', {
      prefix,
      settings: settings.openSearch,
      environment: pipelineEnv,
      deployStamp: props.deployStamp,
    });
    const destinationEnv = { ...pipelineEnv, ...this.search.environment };
    const inVpc = placementOf(this.search);
    this.archive = settings.archive.enabled
      ? new RawArchive(this, 'Archive', { settings: settings.archive })
      : undefined;
    this.consumer = this.createConsumer(settings, withArchive(destinationEnv, this.archive), inVpc);
    const writers: IRole[] = [this.consumer.function.role as IRole];
    if (settings.firehose.enabled) this.firehose = this.createFirehose(settings, pipelineEnv);
    this.topic = this.alertsTopic(prefix);
    if (settings.warehouse.enabled) {
      this.warehouse = new WarehouseMirror(this, 'Warehouse', {
        prefix,
        settings: settings.warehouse,
        environment: destinationEnv,
        scheduleBackup: !settings.dailyBatch.enabled,
        ...(inVpc !== undefined && { placement: inVpc }),
      });
      writers.push(this.warehouse.function.role as IRole);
    }
    if (settings.dailyBatch.enabled)
      this.dailyBatch = this.createDailyBatch(settings, withArchive(destinationEnv, this.archive), inVpc);
    this.search.grantWriters(writers);
    if (settings.alarms.enabled)
      this.monitoring = new Monitoring(this, 'Monitoring', {
        prefix,
        settings: settings.alarms,
        consumer: this.consumer.function,
        onFailure: this.consumer.onFailure,
        topic: this.topic,
      });
  }

  /** Findings that hold for every function of the stack, CDK's own custom resource providers included. */
  private acknowledgeSharedPolicies(): void {
    acknowledge(
      this,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "Every function (cwlpipe's and CDK's custom resource providers) writes its own logs through the basic execution policy; it grants logging only.",
    );
    acknowledge(
      this,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
      'Functions placed in a VPC need network interfaces; the VPC access execution policy grants only that and logging.',
    );
    acknowledgeWildcards(
      this,
      'Invoking a function includes its versions and aliases (<arn>:*); no other function is reachable.',
      [FUNCTION_VERSIONS],
    );
  }

  /** The log groups' subscriptions to the stream: per group, and the account-wide policy, each when enabled. */
  private subscribe(settings: CwlpipeSettings, deployStamp: string): PerGroupSubscriptions | undefined {
    const { prefix } = settings;
    const ownLogGroups = ownLogGroupNames(prefix);
    const subscriptions = settings.perGroup.enabled
      ? new PerGroupSubscriptions(this, 'Subscriptions', {
          settings,
          stream: this.logStream.stream,
          logsRole: this.logStream.logsRole,
          ownLogGroups,
          deployStamp,
        })
      : undefined;
    if (settings.accountPolicy.enabled)
      new AccountSubscription(this, 'AccountPolicy', {
        prefix,
        stream: this.logStream.stream,
        logsRole: this.logStream.logsRole,
        ownLogGroups,
      });
    return subscriptions;
  }

  /** The consumer reading the stream; with an archive, it may also write (only write) the raw payloads. */
  private createConsumer(
    settings: CwlpipeSettings,
    environment: Record<string, string>,
    inVpc: Placement | undefined,
  ): Consumer {
    const consumer = new Consumer(this, 'Consumer', {
      prefix: settings.prefix,
      settings: settings.consumer,
      stream: this.logStream.stream,
      environment,
      ...(inVpc !== undefined && { placement: inVpc }),
    });
    if (this.archive !== undefined) {
      // PutObject only: the consumer writes payloads and never reads, lists or deletes them.
      consumer.function.addToRolePolicy(
        new PolicyStatement({
          actions: ['s3:PutObject'],
          resources: [this.archive.bucket.arnForObjects('*')],
        }),
      );
      acknowledge(
        this,
        `AwsSolutions-IAM5[Resource::${arnOf(this.archive.bucket)}/*]`,
        'Objects of the raw archive bucket: payload keys are made at run time (by day and hour).',
      );
    }
    return consumer;
  }

  /** The Firehose path; to OpenSearch, it joins the domain (its VPC, its writers) when there is one. */
  private createFirehose(settings: CwlpipeSettings, environment: Record<string, string>): FirehosePath {
    const search = this.search;
    return new FirehosePath(this, 'Firehose', {
      settings,
      stream: this.logStream.stream,
      accessLogs:
        this.archive?.accessLogs ??
        new RawArchive(this, 'FirehoseAccessLogs', { settings: settings.archive }).accessLogs,
      environment,
      ...(settings.firehose.destination === 'opensearch' &&
        search.domainArn !== undefined && {
          search: {
            domainArn: search.domainArn,
            indexPrefix: settings.openSearch.indexPrefix,
            ...(search.vpc !== undefined &&
              search.securityGroup !== undefined && {
                placement: { vpc: search.vpc, securityGroup: search.securityGroup },
              }),
            admit: (roles) => search.mapToWriterRole(roles),
          },
        }),
    });
  }

  /** The topic alarms and the daily batch notify, encrypted with a key of its own. */
  private alertsTopic(prefix: string): Topic {
    // A key of our own: CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed SNS key.
    const topicKey = new Key(this, 'AlertsKey', {
      description: 'cwlpipe alerts topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    topicKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    return new Topic(this, 'Alerts', {
      topicName: `${prefix}-alerts`,
      enforceSSL: true,
      masterKey: topicKey,
    });
  }

  private createDailyBatch(
    settings: CwlpipeSettings,
    environment: Record<string, string>,
    inVpc: Placement | undefined,
  ): DailyBatch {
    return new DailyBatch(this, 'DailyBatch', {
      prefix: settings.prefix,
      settings: settings.dailyBatch,
      environment,
      ...(this.archive !== undefined && { archive: this.archive.bucket }),
      ...(this.warehouse !== undefined && { warehouse: this.warehouse.function }),
      topic: this.topic,
      ...(inVpc !== undefined && { placement: inVpc }),
      grantSearch: (roles) => this.search.grantWriters(roles),
    });
  }
}

/** Where the functions that talk to the domain run: in its VPC and security group, when it has them. */
type Placement = { vpc: IVpc; securityGroups: ISecurityGroup[]; vpcSubnets: SubnetSelection };

const placementOf = (search: SearchDomain): Placement | undefined =>
  search.vpc !== undefined && search.securityGroup !== undefined
    ? {
        vpc: search.vpc,
        securityGroups: [search.securityGroup],
        vpcSubnets: { subnets: search.vpc.privateSubnets },
      }
    : undefined;

/** The environment plus the raw archive bucket's name, when there is an archive. */
const withArchive = (
  environment: Record<string, string>,
  archive: RawArchive | undefined,
): Record<string, string> => ({
  ...environment,
  ...(archive !== undefined && { [ARCHIVE_BUCKET_VARIABLE]: archive.bucket.bucketName }),
});

/** cwlpipe's own log groups, known by name before anything is created: never subscribed. */
const ownLogGroupNames = (prefix: string): string[] => [
  `/aws/lambda/${prefix}-consumer`,
  `/aws/lambda/${prefix}-subscriber`,
  `/aws/lambda/${prefix}-setup`,
  `/aws/lambda/${prefix}-firehose-transformer`,
  `/aws/lambda/${prefix}-warehouse`,
  `/aws/lambda/${prefix}-batch-steps`,
  backfillLogGroupName(prefix),
  `/${prefix}/internal/firehose`,
  `/${prefix}/internal/daily-batch`,
  `/${prefix}/internal/subscription-sweep`,
  `/${prefix}/internal/setup-provider`,
  `/${prefix}/internal/opensearch-slow`,
  `/${prefix}/internal/opensearch-app`,
];
