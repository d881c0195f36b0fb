import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import { CfnDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import { LogGroup, LogStream, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { CwlpipeSettings } from './config';
import { CwlpipeFunction } from './functions';
import { acknowledge, arnOf } from './nag';

export interface FirehosePathProps {
  readonly settings: CwlpipeSettings;
  readonly stream: IStream;
  readonly accessLogs: Bucket;
  readonly environment: Record<string, string>;
}

/**
 * The optional Firehose path: a delivery stream reading the same Kinesis stream, transformed by
 * `src/consumers/firehose.handler.ts`. Its output is NDJSON (several documents per record), which S3 takes
 * as it is (for Athena, or a later bulk load); Firehose's OpenSearch destination takes one document per record
 * and would reject it, so the search path stays with the Kinesis consumer. The source records are backed up
 * to S3 too, and records the transformation fails land in the `errors/` prefix.
 *
 * @example
 * ```ts
 * new FirehosePath(this, 'Firehose', { settings, stream, accessLogs, environment });
 * ```
 */
export class FirehosePath extends Construct {
  public readonly deliveryStream: CfnDeliveryStream;
  public readonly bucket: Bucket;
  public readonly transformer: CwlpipeFunction;

  public constructor(scope: Construct, id: string, props: FirehosePathProps) {
    super(scope, id);
    const { prefix, firehose } = props.settings;
    const stack = Stack.of(this);
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'firehose/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.transformer = new CwlpipeFunction(this, 'Transformer', {
      entry: 'src/consumers/firehose.handler.ts',
      functionName: `${prefix}-firehose-transformer`,
      description: 'cwlpipe: Firehose data transformation of CloudWatch Logs records into NDJSON documents.',
      memorySize: 1024,
      // Firehose waits at most 5 minutes for a transformation.
      timeout: Duration.minutes(3),
      environment: props.environment,
    });
    const errors = new LogGroup(this, 'DeliveryLogs', {
      logGroupName: `/${prefix}/internal/firehose`,
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const errorStream = new LogStream(this, 'DeliveryErrors', {
      logGroup: errors,
      logStreamName: 'delivery',
    });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('firehose.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'Firehose reads the cwlpipe stream, runs the transformation and writes to S3.',
    });
    props.stream.grantRead(role);
    // What Firehose's S3 destination needs, on this bucket only (no delete).
    role.addToPolicy(
      new PolicyStatement({
        actions: [
          's3:AbortMultipartUpload',
          's3:GetBucketLocation',
          's3:ListBucket',
          's3:ListBucketMultipartUploads',
          's3:PutObject',
        ],
        resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
      }),
    );
    acknowledge(
      role,
      `AwsSolutions-IAM5[Resource::${arnOf(this.bucket)}/*]`,
      "Firehose names its objects (by hour) at run time; the role reaches only this bucket's objects.",
    );
    this.transformer.grantInvoke(role);
    role.addToPolicy(
      new PolicyStatement({ actions: ['logs:PutLogEvents'], resources: [errors.logGroupArn] }),
    );
    const logging = {
      enabled: true,
      logGroupName: errors.logGroupName,
      logStreamName: errorStream.logStreamName,
    };
    this.deliveryStream = new CfnDeliveryStream(this, 'DeliveryStream', {
      deliveryStreamName: `${prefix}-firehose`,
      deliveryStreamType: 'KinesisStreamAsSource',
      kinesisStreamSourceConfiguration: { kinesisStreamArn: props.stream.streamArn, roleArn: role.roleArn },
      extendedS3DestinationConfiguration: {
        bucketArn: this.bucket.bucketArn,
        roleArn: role.roleArn,
        prefix: 'documents/!{timestamp:yyyy/MM/dd/HH}/',
        errorOutputPrefix: 'errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/',
        bufferingHints: { intervalInSeconds: firehose.bufferSeconds, sizeInMBs: firehose.bufferMiB },
        compressionFormat: 'GZIP',
        cloudWatchLoggingOptions: logging,
        processingConfiguration: {
          enabled: true,
          processors: [
            {
              type: 'Lambda',
              parameters: [
                { parameterName: 'LambdaArn', parameterValue: this.transformer.functionArn },
                // 3 MB keeps the Lambda request well under its 6 MB payload limit.
                { parameterName: 'BufferSizeInMBs', parameterValue: '3' },
                { parameterName: 'BufferIntervalInSeconds', parameterValue: '60' },
              ],
            },
          ],
        },
        s3BackupMode: 'Enabled',
        s3BackupConfiguration: {
          bucketArn: this.bucket.bucketArn,
          roleArn: role.roleArn,
          prefix: 'source/!{timestamp:yyyy/MM/dd/HH}/',
          errorOutputPrefix: 'source-errors/!{timestamp:yyyy/MM/dd/HH}/',
          compressionFormat: 'UNCOMPRESSED',
          cloudWatchLoggingOptions: logging,
        },
      },
    });
    this.deliveryStream.node.addDependency(role);
    acknowledge(
      this.deliveryStream,
      'AwsSolutions-KDF1',
      'A delivery stream reading a Kinesis stream cannot have its own server-side encryption; the source stream is encrypted, and so is the destination bucket.',
    );
  }
}
