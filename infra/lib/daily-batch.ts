import { Annotations, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { type ISecurityGroup, type IVpc, Peer, Port, SecurityGroup, Vpc } from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import {
  Cluster,
  type ContainerDefinition,
  ContainerImage,
  ContainerInsights,
  CpuArchitecture,
  FargateTaskDefinition,
  LogDriver,
  OperatingSystemFamily,
} from 'aws-cdk-lib/aws-ecs';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import {
  Chain,
  DefinitionBody,
  Fail,
  IntegrationPattern,
  JsonPath,
  LogLevel,
  Map as MapState,
  StateMachine,
  Succeed,
  TaskInput,
  type TaskStateBase,
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import {
  CallAwsService,
  EcsFargateLaunchTarget,
  EcsRunTask,
  LambdaInvoke,
  SnsPublish,
} from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { DailyBatchSettings } from './config';
import { CwlpipeFunction, REPO_ROOT } from './functions';
import { acknowledge, acknowledgeWildcards } from './nag';

export interface DailyBatchProps {
  readonly prefix: string;
  readonly settings: DailyBatchSettings;
  /** `OPENSEARCH_*`, cwlpipe's configuration and the archive bucket, for the task and the snapshot step. */
  readonly environment: Record<string, string>;
  readonly archive?: IBucket;
  /** Runs the warehouse backup after the backfill. */
  readonly warehouse?: IFunction;
  readonly topic: ITopic;
  /** The domain's VPC placement, when it is in a VPC: the snapshot step runs there, the task joins its group. */
  readonly placement?: Pick<NodejsFunctionProps, 'vpc' | 'vpcSubnets' | 'securityGroups'>;
  /** Called with every role that talks to OpenSearch (the task's, the snapshot step's). */
  readonly grantSearch: (roles: IRole[]) => void;
}

/** The backfill task's log group; the subscriptions leave it out like every `/<prefix>/internal/` group. */
export const backfillLogGroupName = (prefix: string): string => `/${prefix}/internal/backfill`;

/**
 * The daily batch, as the original pipeline ran it: EventBridge Scheduler starts a Step Functions state
 * machine each night that resolves the range (the previous UTC day, or the range it was started with), takes
 * an optional OpenSearch snapshot, runs `cwlpipe backfill --from … --to …` as an ECS Fargate task (the
 * repository's Dockerfile), then the warehouse re-sync of the range and the warehouse backup. Any failure notifies the SNS topic and stops the
 * backfill tasks still running before the execution fails.
 *
 * @example
 * ```ts
 * new DailyBatch(this, 'DailyBatch', { prefix, settings: settings.dailyBatch, environment, archive: archive.bucket, topic, grantSearch });
 * ```
 */
export class DailyBatch extends Construct {
  public readonly stateMachine: StateMachine;
  public readonly cluster: Cluster;
  public readonly taskDefinition: FargateTaskDefinition;

  public constructor(scope: Construct, id: string, props: DailyBatchProps) {
    super(scope, id);
    const { settings, prefix } = props;
    const vpc: IVpc = Vpc.fromVpcAttributes(this, 'Vpc', {
      vpcId: settings.vpcId ?? '',
      availabilityZones: [...settings.availabilityZones],
      privateSubnetIds: [...settings.subnetIds],
    });
    this.cluster = new Cluster(this, 'Cluster', {
      clusterName: `${prefix}-batch`,
      vpc,
      containerInsightsV2: ContainerInsights.ENABLED,
    });
    const { task, container } = this.backfillTask(props);
    this.taskDefinition = task;
    this.grantTaskReads(props.archive);
    const securityGroup = this.taskSecurityGroup(vpc);
    const steps = this.stepsFunction(props);
    props.grantSearch([task.taskRole, steps.role as IRole]);

    // The night: resolve the range, the optional snapshot, the backfill task, the warehouse's re-sync and backup.
    const range = this.invoke(
      'ResolveRange',
      steps,
      // The whole input: `{ scheduledTime }` from the schedule, or `{ from, to }` given by hand.
      { action: 'range', input: JsonPath.objectAt('$') },
      '$.range',
    );
    const backfill = this.backfillStep(vpc, container, [
      securityGroup,
      ...(props.placement?.securityGroups ?? []),
    ]);
    const snapshot = settings.snapshot ? [this.snapshotStep(steps)] : [];
    const warehouse = props.warehouse !== undefined ? this.warehouseSteps(props.warehouse) : [];
    const failure = this.failureBranch(props);
    const night = this.inOrder([range, ...snapshot, backfill, ...warehouse], failure);
    this.stateMachine = this.createStateMachine(prefix, night);
    this.scheduleEveryNight(prefix, settings.schedule);
  }

  /** The Fargate task that runs `cwlpipe backfill` in the repository's image, logging to its own group. */
  private backfillTask({ prefix, settings, environment }: DailyBatchProps): {
    task: FargateTaskDefinition;
    container: ContainerDefinition;
  } {
    const logs = new LogGroup(this, 'TaskLogs', {
      logGroupName: backfillLogGroupName(prefix),
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const task = new FargateTaskDefinition(this, 'Task', {
      family: `${prefix}-backfill`,
      cpu: settings.cpu,
      memoryLimitMiB: settings.memoryMiB,
      runtimePlatform: {
        cpuArchitecture: CpuArchitecture.ARM64,
        operatingSystemFamily: OperatingSystemFamily.LINUX,
      },
    });
    const container = task.addContainer('backfill', {
      image: ContainerImage.fromAsset(REPO_ROOT, { file: 'Dockerfile', platform: Platform.LINUX_ARM64 }),
      logging: LogDriver.awsLogs({ logGroup: logs, streamPrefix: 'backfill' }),
      environment: { ...environment, AWS_REGION: Stack.of(this).region },
    });
    acknowledge(
      task,
      'AwsSolutions-ECS2',
      'The variables are settings (endpoint, index prefix, bucket name); no secret is passed in the environment.',
    );
    return { task, container };
  }

  /** The backfill reads history: the archive (when there is one) and any log group, read only. */
  private grantTaskReads(archive: IBucket | undefined): void {
    const stack = Stack.of(this);
    const role = this.taskDefinition.taskRole;
    if (archive !== undefined) {
      // Read only: list the archive and get its objects.
      role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['s3:ListBucket'], resources: [archive.bucketArn] }),
      );
      role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['s3:GetObject'], resources: [archive.arnForObjects('*')] }),
      );
    }
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:FilterLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams'],
        resources: [`arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`],
      }),
    );
    acknowledgeWildcards(
      this.taskDefinition,
      "The backfill reads history (read-only) from any log group the operator names and the archive's objects; pulling the image needs ecr:GetAuthorizationToken, which takes no resource.",
      [
        /^Resource::arn:<AWS::Partition>:logs:[^:]+:[^:]+:log-group:\*$/,
        /^Resource::<[A-Za-z0-9]+\.Arn>\/\*$/,
        /^Resource::\*$/,
      ],
    );
  }

  private taskSecurityGroup(vpc: IVpc): SecurityGroup {
    Annotations.of(this).acknowledgeWarning(
      '@aws-cdk/aws-ec2:noSubnetRouteTableId',
      'The subnets are given by id (no lookup at synth); nothing here reads their route tables.',
    );
    const securityGroup = new SecurityGroup(this, 'TaskSecurityGroup', {
      vpc,
      description: 'cwlpipe backfill task: HTTPS out only.',
      allowAllOutbound: false,
    });
    securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), 'HTTPS to OpenSearch and AWS endpoints');
    return securityGroup;
  }

  /** The function behind the state machine's own steps: resolving the range, starting the snapshot. */
  private stepsFunction({
    prefix,
    settings,
    placement,
    environment,
    warehouse,
  }: DailyBatchProps): CwlpipeFunction {
    return new CwlpipeFunction(this, 'Steps', {
      entry: 'infra/lambda/batch-steps/index.ts',
      functionName: `${prefix}-batch-steps`,
      description: 'cwlpipe daily batch: resolves the range and starts the OpenSearch snapshot.',
      ...placement,
      environment: {
        ...environment,
        CWLPIPE_SNAPSHOT_REPOSITORY: settings.snapshotRepository,
        // With a warehouse function, the state machine re-syncs the range there (it holds the warehouse's
        // credentials); the task only fills the search cluster.
        CWLPIPE_BACKFILL_ARGUMENTS: JSON.stringify([
          ...settings.arguments,
          ...(warehouse !== undefined ? ['--no-warehouse'] : []),
        ]),
      },
    });
  }

  /** The failure branch: notify, then stop every backfill task of this family still running, then fail. */
  private failureBranch({ prefix, topic }: DailyBatchProps): Chain {
    const stack = Stack.of(this);
    const notify = new SnsPublish(this, 'NotifyFailure', {
      topic,
      subject: `${prefix} daily batch failed`,
      message: TaskInput.fromObject({
        execution: JsonPath.executionId,
        range: JsonPath.objectAt('$.range'),
        error: JsonPath.objectAt('$.error'),
      }),
      resultPath: JsonPath.DISCARD,
    });
    const listTasks = new CallAwsService(this, 'ListRunningTasks', {
      service: 'ecs',
      action: 'listTasks',
      parameters: {
        Cluster: this.cluster.clusterArn,
        Family: this.taskDefinition.family,
        DesiredStatus: 'RUNNING',
      },
      iamResources: ['*'],
      iamAction: 'ecs:ListTasks',
      resultSelector: { taskArns: JsonPath.listAt('$.TaskArns') },
      resultPath: '$.running',
    });
    const stopOne = new CallAwsService(this, 'StopTask', {
      service: 'ecs',
      action: 'stopTask',
      parameters: {
        Cluster: this.cluster.clusterArn,
        Task: JsonPath.stringAt('$'),
        Reason: 'cwlpipe daily batch failed',
      },
      iamResources: [`arn:${stack.partition}:ecs:${stack.region}:${stack.account}:task/${prefix}-batch/*`],
      iamAction: 'ecs:StopTask',
      resultPath: JsonPath.DISCARD,
    });
    const stopAll = new MapState(this, 'StopRunningTasks', {
      itemsPath: '$.running.taskArns',
      resultPath: JsonPath.DISCARD,
    });
    stopAll.itemProcessor(stopOne);
    const failed = new Fail(this, 'Failed', {
      error: 'DailyBatchFailed',
      cause: 'A step failed; see the notification and the execution history.',
    });
    return Chain.start(notify).next(listTasks).next(stopAll).next(failed);
  }

  /** `cwlpipe backfill` over the resolved range, as the Fargate task; the step waits for it to end. */
  private backfillStep(
    vpc: IVpc,
    container: ContainerDefinition,
    securityGroups: ISecurityGroup[],
  ): EcsRunTask {
    return new EcsRunTask(this, 'Backfill', {
      integrationPattern: IntegrationPattern.RUN_JOB,
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      launchTarget: new EcsFargateLaunchTarget(),
      subnets: { subnets: vpc.privateSubnets },
      securityGroups,
      taskTimeout: Timeout.duration(Duration.hours(6)),
      containerOverrides: [{ containerDefinition: container, command: JsonPath.listAt('$.range.command') }],
      resultPath: JsonPath.DISCARD,
    });
  }

  /** An OpenSearch snapshot before the backfill writes (`dailyBatch.snapshot`). */
  private snapshotStep(steps: IFunction): LambdaInvoke {
    return this.invoke(
      'Snapshot',
      steps,
      { action: 'snapshot', range: JsonPath.objectAt('$.range') },
      '$.snapshot',
    );
  }

  /** The warehouse's re-sync of the range, then its backup (it runs the backup itself without a daily batch). */
  private warehouseSteps(warehouse: IFunction): LambdaInvoke[] {
    return [
      this.invoke('WarehouseResync', warehouse, {
        action: 'sync',
        from: JsonPath.stringAt('$.range.from'),
        to: JsonPath.stringAt('$.range.to'),
      }),
      this.invoke('WarehouseBackup', warehouse, { action: 'backup' }),
    ];
  }

  /** The steps one after the other, then done; any step's error goes to the failure branch. */
  private inOrder(states: readonly [TaskStateBase, ...TaskStateBase[]], failure: Chain): Chain {
    let chain = Chain.start(states[0]);
    for (const state of states.slice(1)) chain = chain.next(state);
    for (const state of states) state.addCatch(failure, { resultPath: '$.error' });
    return chain.next(new Succeed(this, 'Done'));
  }

  /** A Lambda step that passes its response on (`resultPath`) or discards it. */
  private invoke(
    id: string,
    lambdaFunction: IFunction,
    payload: Record<string, unknown>,
    resultPath: string = JsonPath.DISCARD,
  ): LambdaInvoke {
    return new LambdaInvoke(this, id, {
      lambdaFunction,
      payload: TaskInput.fromObject(payload),
      payloadResponseOnly: true,
      resultPath,
    });
  }

  private createStateMachine(prefix: string, definition: Chain): StateMachine {
    const machineLogs = new LogGroup(this, 'StateMachineLogs', {
      logGroupName: `/${prefix}/internal/daily-batch`,
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: `${prefix}-daily-batch`,
      definitionBody: DefinitionBody.fromChainable(definition),
      timeout: Duration.hours(8),
      tracingEnabled: true,
      logs: { destination: machineLogs, level: LogLevel.ALL, includeExecutionData: true },
    });
    acknowledgeWildcards(
      stateMachine,
      "ecs:ListTasks, X-Ray and log delivery take no resource; StopTask is limited to this cluster's tasks; RunTask names the task family (any revision).",
      [
        /^Resource::\*$/,
        /^Resource::arn:<AWS::Partition>:ecs:[^:]+:[^:]+:task\/[a-z0-9-]+-batch\/\*$/,
        /^Resource::arn:\{"Fn::Select".*:\*$/,
      ],
    );
    return stateMachine;
  }

  /** EventBridge Scheduler starts the state machine with the scheduled time, from which it takes the day. */
  private scheduleEveryNight(prefix: string, schedule: string): void {
    new Schedule(this, 'Daily', {
      description: `${prefix} daily batch: the previous UTC day`,
      schedule: ScheduleExpression.expression(schedule),
      target: new StepFunctionsStartExecution(this.stateMachine, {
        input: ScheduleTargetInput.fromObject({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
        retryAttempts: 2,
      }),
    });
  }
}
