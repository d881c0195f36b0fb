import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { ArchiveSettings } from './config';
import { acknowledge } from './nag';

/**
 * The raw archive: every subscription payload as received, which the backfill reads long after OpenSearch's
 * retention. Encrypted, TLS only, private, moved to cheaper storage as it ages; its access logs go to a second
 * bucket. Both are kept when the stack is deleted (history is the point of the archive).
 *
 * @example
 * ```ts
 * const archive = new RawArchive(this, 'Archive', { settings: settings.archive });
 * archive.bucket.grantPut(consumer);
 * ```
 */
export class RawArchive extends Construct {
  public readonly bucket: Bucket;
  public readonly accessLogs: Bucket;

  public constructor(scope: Construct, id: string, props: { readonly settings: ArchiveSettings }) {
    super(scope, id);
    const { settings } = props;
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.accessLogs,
      'AwsSolutions-S1',
      "This bucket receives the archive's server access logs; logging it too would only log the logging.",
    );
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'archive/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'age-to-cheaper-storage',
          transitions: [
            {
              storageClass: StorageClass.INFREQUENT_ACCESS,
              transitionAfter: Duration.days(settings.infrequentAccessDays),
            },
            {
              storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL,
              transitionAfter: Duration.days(settings.glacierDays),
            },
          ],
          ...(settings.expireDays > 0 && { expiration: Duration.days(settings.expireDays) }),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
  }
}
