import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ISecurityGroup, IVpc } from 'aws-cdk-lib/aws-ec2';
import { type IRole, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import { CfnDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import { LogGroup, LogStream, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { FIREHOSE_INDEX } from '../../src/connectors/opensearch/templates';
import type { CwlpipeSettings } from './config';
import { CwlpipeFunction } from './functions';
import { acknowledge, arnOf } from './nag';

/** The OpenSearch Service domain Firehose delivers to (`firehose.destination: "opensearch"`). */
export interface FirehoseSearchTarget {
  readonly domainArn: string;
  readonly indexPrefix: string;
  /** The domain's VPC placement, which Firehose's network interfaces join. */
  readonly placement?: { readonly vpc: IVpc; readonly securityGroup: ISecurityGroup };
  /** Admits the delivery role to the domain and maps it to cwlpipe's OpenSearch role (fine-grained access control). */
  readonly admit: (roles: readonly IRole[]) => void;
}

export interface FirehosePathProps {
  readonly settings: CwlpipeSettings;
  readonly stream: IStream;
  readonly accessLogs: Bucket;
  readonly environment: Record<string, string>;
  /** Required when `firehose.destination` is `opensearch`. */
  readonly search?: FirehoseSearchTarget;
}

/**
 * The optional Firehose path: a delivery stream reading the same Kinesis stream, transformed by
 * `src/consumers/firehose.handler.ts`, to one of two destinations (`firehose.destination`):
 * - `s3` (default): NDJSON (several documents per record), which S3 takes as it is (for Athena, or a later
 *   bulk load); the source records are backed up to S3 too, and records the transformation fails land in the
 *   `errors/` prefix.
 * - `opensearch`: Firehose's OpenSearch Service destination, which indexes each record as one document, so the
 *   transformation runs with `CWLPIPE_FIREHOSE_OUTPUT=document` (a record of several events goes back
 *   `ProcessingFailed` and lands in S3). Documents go to `<prefix>-firehose-<yyyy-MM-dd>` (Firehose rotates by
 *   arrival day, with its own `_id`s: no exactly-once, see docs/consumers.md); every document is also written to S3.
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
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'firehose/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.transformer = this.createTransformer(props);
    const errors = this.deliveryErrors(prefix);
    const role = this.deliveryRole(props.stream, errors.group);
    const common: DeliveryCommon = {
      source: { kinesisStreamArn: props.stream.streamArn, roleArn: role.roleArn },
      buffering: { intervalInSeconds: firehose.bufferSeconds, sizeInMBs: firehose.bufferMiB },
      processing: transformation(this.transformer),
      logging: {
        enabled: true,
        logGroupName: errors.group.logGroupName,
        logStreamName: errors.stream.logStreamName,
      },
    };
    if (firehose.destination === 'opensearch') {
      if (props.search === undefined)
        throw new Error(
          'firehose.destination is "opensearch" but no domain was handed to the Firehose path.',
        );
      this.deliveryStream = this.toOpenSearch(prefix, role, common, props.search);
      this.grantSearch(role, props.search);
    } else this.deliveryStream = this.toS3(prefix, role, common);
    this.deliveryStream.node.addDependency(role);
    acknowledge(
      this.deliveryStream,
      'AwsSolutions-KDF1',
      'A delivery stream reading a Kinesis stream cannot have its own server-side encryption; the source stream is encrypted, and so is the destination bucket.',
    );
  }

  /** The function Firehose calls on each buffer; to OpenSearch, it gives one document per record. */
  private createTransformer({ settings, environment }: FirehosePathProps): CwlpipeFunction {
    return new CwlpipeFunction(this, 'Transformer', {
      entry: 'src/consumers/firehose.handler.ts',
      functionName: `${settings.prefix}-firehose-transformer`,
      description: 'cwlpipe: Firehose data transformation of CloudWatch Logs records into NDJSON documents.',
      memorySize: 1024,
      // Firehose waits at most 5 minutes for a transformation.
      timeout: Duration.minutes(3),
      environment: {
        ...environment,
        ...(settings.firehose.destination === 'opensearch' && { CWLPIPE_FIREHOSE_OUTPUT: 'document' }),
      },
    });
  }

  /** Where Firehose logs its delivery errors. */
  private deliveryErrors(prefix: string): { group: LogGroup; stream: LogStream } {
    const group = new LogGroup(this, 'DeliveryLogs', {
      logGroupName: `/${prefix}/internal/firehose`,
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stream = new LogStream(this, 'DeliveryErrors', { logGroup: group, logStreamName: 'delivery' });
    return { group, stream };
  }

  /** The role Firehose takes: read the stream, run the transformation, write to the bucket, log errors. */
  private deliveryRole(stream: IStream, errors: LogGroup): Role {
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('firehose.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Firehose reads the cwlpipe stream, runs the transformation and writes to S3.',
    });
    stream.grantRead(role);
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
    return role;
  }

  /** To the OpenSearch Service domain, one document per record, every document also backed up to S3. */
  private toOpenSearch(
    prefix: string,
    role: Role,
    { source, buffering, processing, logging }: DeliveryCommon,
    search: FirehoseSearchTarget,
  ): CfnDeliveryStream {
    return new CfnDeliveryStream(this, 'DeliveryStream', {
      deliveryStreamName: `${prefix}-firehose`,
      deliveryStreamType: 'KinesisStreamAsSource',
      kinesisStreamSourceConfiguration: source,
      amazonopensearchserviceDestinationConfiguration: {
        domainArn: search.domainArn,
        roleArn: role.roleArn,
        // The index template `cwlpipe setup` installs for these indices matches this name.
        indexName: `${search.indexPrefix}-${FIREHOSE_INDEX}`,
        indexRotationPeriod: 'OneDay',
        bufferingHints: buffering,
        retryOptions: { durationInSeconds: 300 },
        processingConfiguration: processing,
        cloudWatchLoggingOptions: logging,
        s3BackupMode: 'AllDocuments',
        s3Configuration: {
          bucketArn: this.bucket.bucketArn,
          roleArn: role.roleArn,
          prefix: 'opensearch/',
          errorOutputPrefix: 'opensearch-errors/',
          compressionFormat: 'GZIP',
          cloudWatchLoggingOptions: logging,
        },
        ...(search.placement !== undefined && {
          vpcConfiguration: {
            roleArn: role.roleArn,
            subnetIds: search.placement.vpc.privateSubnets.map((subnet) => subnet.subnetId),
            securityGroupIds: [search.placement.securityGroup.securityGroupId],
          },
        }),
      },
    });
  }

  /** To S3 as NDJSON by hour, the source records backed up beside them. */
  private toS3(
    prefix: string,
    role: Role,
    { source, buffering, processing, logging }: DeliveryCommon,
  ): CfnDeliveryStream {
    return new CfnDeliveryStream(this, 'DeliveryStream', {
      deliveryStreamName: `${prefix}-firehose`,
      deliveryStreamType: 'KinesisStreamAsSource',
      kinesisStreamSourceConfiguration: source,
      extendedS3DestinationConfiguration: {
        bucketArn: this.bucket.bucketArn,
        roleArn: role.roleArn,
        prefix: 'documents/!{timestamp:yyyy/MM/dd/HH}/',
        errorOutputPrefix: 'errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/',
        bufferingHints: buffering,
        compressionFormat: 'GZIP',
        cloudWatchLoggingOptions: logging,
        processingConfiguration: processing,
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
  }

  /**
   * What Firehose's OpenSearch Service destination needs (AWS's documented policy), on this domain only: read
   * the domain's configuration, write documents, read the cluster state it checks; in a VPC, manage its network
   * interfaces. Inside the domain, fine-grained access control limits the role to cwlpipe's indices.
   */
  private grantSearch(role: Role, search: FirehoseSearchTarget): void {
    role.addToPolicy(
      new PolicyStatement({
        actions: ['es:DescribeDomain', 'es:DescribeDomains', 'es:DescribeDomainConfig'],
        resources: [search.domainArn],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        actions: ['es:ESHttpGet', 'es:ESHttpPost', 'es:ESHttpPut'],
        resources: [search.domainArn, `${search.domainArn}/*`],
      }),
    );
    search.admit([role]);
    if (search.placement !== undefined) {
      role.addToPolicy(
        new PolicyStatement({
          actions: [
            'ec2:DescribeVpcs',
            'ec2:DescribeVpcAttribute',
            'ec2:DescribeSubnets',
            'ec2:DescribeSecurityGroups',
            'ec2:DescribeNetworkInterfaces',
            'ec2:CreateNetworkInterface',
            'ec2:CreateNetworkInterfacePermission',
            'ec2:DeleteNetworkInterface',
          ],
          resources: ['*'],
        }),
      );
      acknowledge(
        role,
        'AwsSolutions-IAM5[Resource::*]',
        "Firehose's network interfaces in the domain's VPC: the EC2 describe and network-interface actions take no resource ARN known before they exist (AWS's documented Firehose VPC policy).",
      );
    }
  }
}

/** What both destinations share: the source stream, the buffer, the transformation and the error log. */
interface DeliveryCommon {
  readonly source: CfnDeliveryStream.KinesisStreamSourceConfigurationProperty;
  readonly buffering: CfnDeliveryStream.BufferingHintsProperty;
  readonly processing: CfnDeliveryStream.ProcessingConfigurationProperty;
  readonly logging: CfnDeliveryStream.CloudWatchLoggingOptionsProperty;
}

/** The Lambda transformation, called with at most 3 MB: well under Lambda's 6 MB payload limit. */
const transformation = (transformer: CwlpipeFunction): CfnDeliveryStream.ProcessingConfigurationProperty => ({
  enabled: true,
  processors: [
    {
      type: 'Lambda',
      parameters: [
        { parameterName: 'LambdaArn', parameterValue: transformer.functionArn },
        { parameterName: 'BufferSizeInMBs', parameterValue: '3' },
        { parameterName: 'BufferIntervalInSeconds', parameterValue: '60' },
      ],
    },
  ],
});
