import { Duration } from 'aws-cdk-lib';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ConsumerSettings } from './config';
import { CwlpipeFunction } from './functions';
import { acknowledge } from './nag';

export interface ConsumerProps {
  readonly prefix: string;
  readonly settings: ConsumerSettings;
  readonly stream: IStream;
  /** The destination's variables (`OPENSEARCH_*`) and cwlpipe's configuration. */
  readonly environment: Record<string, string>;
  /** VPC placement, when the domain is in a VPC. */
  readonly placement?: Pick<NodejsFunctionProps, 'vpc' | 'vpcSubnets' | 'securityGroups'>;
}

/**
 * The Kinesis consumer: `src/consumers/kinesis.handler.ts` behind an event source mapping that reports
 * partial batch failures, bisects a failing batch, gives up after a bounded number of retries or a maximum
 * record age, and hands what it gave up on to an SQS queue (with the shard and sequence numbers, so
 * `cwlpipe` can re-read them) instead of losing it.
 *
 * @example
 * ```ts
 * const consumer = new Consumer(this, 'Consumer', { prefix: 'cwlpipe', settings: settings.consumer, stream, environment });
 * ```
 */
export class Consumer extends Construct {
  public readonly function: CwlpipeFunction;
  public readonly onFailure: Queue;

  public constructor(scope: Construct, id: string, props: ConsumerProps) {
    super(scope, id);
    const { settings } = props;
    this.onFailure = new Queue(this, 'OnFailure', {
      queueName: `${props.prefix}-consumer-on-failure`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.onFailure,
      'AwsSolutions-SQS3',
      'This queue is itself the dead-letter destination of the event source mapping; its depth is alarmed on.',
    );
    this.function = new CwlpipeFunction(this, 'Function', {
      entry: 'src/consumers/kinesis.handler.ts',
      functionName: `${props.prefix}-consumer`,
      description: 'cwlpipe: CloudWatch Logs subscription records from Kinesis into the destination.',
      memorySize: settings.memoryMiB,
      timeout: Duration.seconds(settings.timeoutSeconds),
      ...props.placement,
      environment: {
        ...props.environment,
        CWLPIPE_SAFETY_MARGIN_MS: String(settings.safetyMarginMs),
      },
    });
    this.function.addEventSource(
      new KinesisEventSource(props.stream, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: settings.batchSize,
        maxBatchingWindow: Duration.seconds(settings.maxBatchingWindowSeconds),
        parallelizationFactor: settings.parallelizationFactor,
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: settings.retryAttempts,
        maxRecordAge: Duration.hours(settings.maxRecordAgeHours),
        onFailure: new SqsDlq(this.onFailure),
      }),
    );
  }
}
