import { CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Trail } from 'aws-cdk-lib/aws-cloudtrail';
import { CfnFlowLog } from 'aws-cdk-lib/aws-ec2';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { type IRole, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct, type IConstruct } from 'constructs';
import { VPC_FIELD_DEFINITIONS } from '../../src/transformers/vpcflow/fields';
import type { SubscriptionRule } from '../lambda/subscriber/subscriber';
import type { CwlpipeSettings } from './config';
import { CwlpipeFunction } from './functions';
import { acknowledge, acknowledgeWildcards, arnOf } from './nag';

/**
 * The VPC Flow Log format the stack's flow logs use: every field of versions 2 to 8, so the consumer gets
 * everything AWS can say about a flow. It is handed to the consumer as the log group's `vpcFormat`.
 */
export const FLOW_LOG_FORMAT = VPC_FIELD_DEFINITIONS.slice(
  0,
  // The consumer's own field table, in AWS's order, up to the last version 8 field.
  VPC_FIELD_DEFINITIONS.findIndex((field) => field.awsName === 'reject-reason') + 1,
)
  .map((field) => `\${${field.awsName}}`)
  .join(' ');

export interface PerGroupSubscriptionsProps {
  readonly settings: CwlpipeSettings;
  readonly stream: IStream;
  readonly logsRole: IRole;
  /** cwlpipe's own log groups, never subscribed. */
  readonly ownLogGroups: readonly string[];
  /** Changes on every deploy, so the sweep runs on every deploy. */
  readonly deployStamp: string;
}

/**
 * Subscription filters per log group: the VPC Flow Log group (a flow log created here, or an existing group),
 * the CloudTrail group (a trail created here, or an existing group), and groups matched by name prefixes.
 * A small subscriber function gives each group its filter: at every deploy for the groups that exist (a custom
 * resource), and within seconds for groups created later (an EventBridge rule on `CreateLogGroup`).
 *
 * @example
 * ```ts
 * const subscriptions = new PerGroupSubscriptions(this, 'Subscriptions', { settings, stream, logsRole, ownLogGroups, deployStamp });
 * subscriptions.logGroupRules; // [{ pattern: '/cwlpipe/vpc-flow', vpcFormat: '${version} …' }] for the consumer's config
 * ```
 */
export class PerGroupSubscriptions extends Construct {
  public readonly subscriber: CwlpipeFunction;
  /** Rules for the consumer's configuration (`logGroups`): the flow log group with its format. */
  public readonly logGroupRules: { pattern: string; type: string; vpcFormat?: string }[] = [];
  public readonly rules: SubscriptionRule[] = [];

  public constructor(scope: Construct, id: string, props: PerGroupSubscriptionsProps) {
    super(scope, id);
    const { settings } = props;
    const { prefix, perGroup } = settings;
    const stack = Stack.of(this);

    // Group names are written out (not tokens): they go into the subscriber's rules, the EventBridge pattern and
    // the consumer's configuration, all of which must be plain JSON at synth.
    const created: IConstruct[] = [];
    if (perGroup.vpcFlowLogs !== undefined) {
      if ('vpcIds' in perGroup.vpcFlowLogs) {
        const group = this.createFlowLogs(prefix, perGroup.vpcFlowLogs.vpcIds, created);
        this.addGroup(group, 'vpcflow', FLOW_LOG_FORMAT);
      } else {
        this.addGroup(perGroup.vpcFlowLogs.logGroupName, 'vpcflow', perGroup.vpcFlowLogs.format);
      }
    }
    if (perGroup.cloudTrail !== undefined) {
      const group =
        'create' in perGroup.cloudTrail
          ? this.createTrail(prefix, created)
          : perGroup.cloudTrail.logGroupName;
      this.addGroup(group, 'cloudtrail');
    }
    for (const rule of perGroup.prefixes) this.rules.push({ prefix: rule.prefix, type: rule.type });

    this.subscriber = new CwlpipeFunction(this, 'Subscriber', {
      entry: 'infra/lambda/subscriber/index.ts',
      functionName: `${prefix}-subscriber`,
      description:
        'Gives matching log groups the cwlpipe subscription filter (new groups and a sweep on deploy).',
      timeout: Duration.minutes(10),
      environment: {
        CWLPIPE_DESTINATION_ARN: props.stream.streamArn,
        CWLPIPE_ROLE_ARN: props.logsRole.roleArn,
        CWLPIPE_RULES: JSON.stringify(this.rules),
        CWLPIPE_OWN_GROUPS: JSON.stringify(props.ownLogGroups),
        CWLPIPE_OWN_PREFIXES: JSON.stringify([`/aws/lambda/${prefix}-`, `/${prefix}/internal/`]),
      },
    });
    this.grantSubscribe(stack, props.logsRole);

    // New log groups: CloudTrail's record of CreateLogGroup, matched by name here so the function runs only for ours.
    const names = this.rules.map((rule) => ('prefix' in rule ? { prefix: rule.prefix } : rule.name));
    if (names.length > 0) {
      new Rule(this, 'OnCreateLogGroup', {
        description: 'A new log group that cwlpipe subscribes.',
        eventPattern: {
          source: ['aws.logs'],
          detailType: ['AWS API Call via CloudTrail'],
          detail: {
            eventSource: ['logs.amazonaws.com'],
            eventName: ['CreateLogGroup'],
            requestParameters: { logGroupName: names },
          },
        },
        targets: [new LambdaFunction(this.subscriber, { retryAttempts: 4, maxEventAge: Duration.hours(2) })],
      });
    }

    // Existing log groups: swept on every deploy; on delete, cwlpipe's filters are removed again.
    const provider = new Provider(this, 'SweepProvider', {
      onEventHandler: this.subscriber,
      logGroup: new LogGroup(this, 'SweepProviderLogs', {
        logGroupName: `/${prefix}/internal/subscription-sweep`,
        retention: RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    acknowledgeProvider(provider, this.subscriber);
    const sweep = new CustomResource(this, 'Sweep', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::CwlpipeSubscriptionSweep',
      properties: { rules: JSON.stringify(this.rules), deployStamp: props.deployStamp },
    });
    // The sweep subscribes the groups created here, so it runs after them.
    for (const construct of created) sweep.node.addDependency(construct);
  }

  private addGroup(logGroupName: string, type: string, vpcFormat?: string): void {
    this.rules.push({ name: logGroupName, type });
    this.logGroupRules.push({ pattern: logGroupName, type, ...(vpcFormat !== undefined && { vpcFormat }) });
  }

  /** Least privilege: filters only on the groups the rules can match, PassRole only for the CloudWatch Logs role. */
  private grantSubscribe(stack: Stack, logsRole: IRole): void {
    const groupArns = this.rules.map((rule) => {
      const name = 'prefix' in rule ? `${rule.prefix}*` : rule.name;
      return `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:${name}`;
    });
    if (groupArns.length > 0) {
      this.subscriber.addToRolePolicy(
        new PolicyStatement({
          actions: [
            'logs:DescribeSubscriptionFilters',
            'logs:PutSubscriptionFilter',
            'logs:DeleteSubscriptionFilter',
          ],
          resources: groupArns,
        }),
      );
    }
    this.subscriber.addToRolePolicy(
      new PolicyStatement({
        actions: ['logs:DescribeLogGroups'],
        resources: [`arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`],
      }),
    );
    logsRole.grantPassRole(this.subscriber.grantPrincipal);
    acknowledgeWildcards(
      this.subscriber,
      "Subscription filters are managed on the log groups the prefixes match (log-group:<prefix>*); DescribeLogGroups lists the account's groups; no action is wildcarded.",
      [/^Resource::arn:<AWS::Partition>:logs:[^:]+:[^:]+:log-group:.*\*$/],
    );
  }

  private createFlowLogs(prefix: string, vpcIds: readonly string[], created: IConstruct[]): string {
    const logGroupName = `/${prefix}/vpc-flow-logs`;
    const group = new LogGroup(this, 'FlowLogs', {
      logGroupName,
      retention: RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'FlowLogsRole', {
      assumedBy: new ServicePrincipal('vpc-flow-logs.amazonaws.com'),
      description: 'VPC Flow Logs writes to the cwlpipe flow log group.',
    });
    group.grantWrite(role);
    role.addToPolicy(
      new PolicyStatement({ actions: ['logs:DescribeLogStreams'], resources: [group.logGroupArn] }),
    );
    vpcIds.forEach((vpcId, index) => {
      new CfnFlowLog(this, `FlowLog${index}`, {
        resourceId: vpcId,
        resourceType: 'VPC',
        trafficType: 'ALL',
        logDestinationType: 'cloud-watch-logs',
        logGroupName: group.logGroupName,
        deliverLogsPermissionArn: role.roleArn,
        logFormat: FLOW_LOG_FORMAT,
        maxAggregationInterval: 60,
      });
    });
    created.push(group);
    return logGroupName;
  }

  private createTrail(prefix: string, created: IConstruct[]): string {
    const logGroupName = `/${prefix}/cloudtrail`;
    const group = new LogGroup(this, 'TrailLogs', {
      logGroupName,
      retention: RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const trail = new Trail(this, 'Trail', {
      trailName: `${prefix}-trail`,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: group,
      isMultiRegionTrail: false,
      enableFileValidation: true,
    });
    acknowledge(
      trail,
      'AwsSolutions-S1',
      "The trail's own bucket: CloudTrail already records every write to it; access logs would double the record.",
    );
    created.push(group);
    return logGroupName;
  }
}

/** The provider framework's function is CDK's own code; its runtime and policy are CDK's choices. */
export const acknowledgeProvider = (provider: Provider, handler: IConstruct): void => {
  acknowledge(
    provider,
    'AwsSolutions-L1',
    "The custom resource provider framework function is CDK's own; its runtime is chosen by aws-cdk-lib.",
  );
  acknowledge(
    provider,
    `AwsSolutions-IAM5[Resource::${arnOf(handler)}:*]`,
    "CDK's provider framework may invoke only its handler function and that function's versions (<arn>:*).",
  );
};
