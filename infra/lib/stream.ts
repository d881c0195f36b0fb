import { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Stream, StreamEncryption, StreamMode } from 'aws-cdk-lib/aws-kinesis';
import { Construct } from 'constructs';
import type { CwlpipeSettings } from './config';

/**
 * The Kinesis data stream every subscription writes to (on-demand by default, encrypted with the AWS-managed
 * key), and the role CloudWatch Logs assumes to write to it.
 *
 * @example
 * ```ts
 * const stream = new LogStream(this, 'Stream', { settings });
 * stream.stream.streamArn; stream.logsRole.roleArn;
 * ```
 */
export class LogStream extends Construct {
  public readonly stream: Stream;
  /** Assumed by CloudWatch Logs (subscription filters and the account policy) to put records. */
  public readonly logsRole: Role;

  public constructor(scope: Construct, id: string, props: { readonly settings: CwlpipeSettings }) {
    super(scope, id);
    const { prefix, stream } = props.settings;
    this.stream = new Stream(this, 'Stream', {
      streamName: `${prefix}-logs`,
      streamMode: stream.mode === 'on-demand' ? StreamMode.ON_DEMAND : StreamMode.PROVISIONED,
      ...(stream.mode === 'provisioned' && { shardCount: stream.shards }),
      retentionPeriod: Duration.hours(stream.retentionHours),
      encryption: StreamEncryption.MANAGED,
    });
    const stack = this.stream.stack;
    this.logsRole = new Role(this, 'LogsToKinesis', {
      // Only CloudWatch Logs of this account and region may assume it (confused-deputy guard).
      assumedBy: new ServicePrincipal('logs.amazonaws.com', {
        conditions: {
          StringLike: { 'aws:SourceArn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:*` },
        },
      }),
      description: 'CloudWatch Logs writes subscription payloads to the cwlpipe stream.',
    });
    // PutRecord/PutRecords only: the role cannot read or manage the stream.
    this.stream.grantWrite(this.logsRole);
  }
}
