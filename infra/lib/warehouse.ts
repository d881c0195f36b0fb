import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { WarehouseSettings } from './config';
import { CwlpipeFunction } from './functions';
import { acknowledge } from './nag';

export interface WarehouseMirrorProps {
  readonly prefix: string;
  readonly settings: WarehouseSettings;
  /** `OPENSEARCH_*` and cwlpipe's configuration: sync reads its aggregations from OpenSearch. */
  readonly environment: Record<string, string>;
  /** Run the daily backup on its own schedule (off when the daily batch runs it after the backfill). */
  readonly scheduleBackup: boolean;
  /** VPC placement, when the domain is in a VPC (sync reads from it). */
  readonly placement?: Pick<NodejsFunctionProps, 'vpc' | 'vpcSubnets' | 'securityGroups'>;
}

/**
 * The warehouse mirror: one function (`handler({ action: 'sync' | 'backup' })`) run by EventBridge Scheduler,
 * `sync` every minute and `backup` daily, writing to BigQuery with a service-account key held in Secrets
 * Manager (created empty here; put the key JSON in it after the first deploy).
 *
 * @example
 * ```ts
 * const warehouse = new WarehouseMirror(this, 'Warehouse', { prefix, settings: settings.warehouse, environment, scheduleBackup: true });
 * ```
 */
export class WarehouseMirror extends Construct {
  public readonly function: CwlpipeFunction;
  public readonly credentials: Secret;

  public constructor(scope: Construct, id: string, props: WarehouseMirrorProps) {
    super(scope, id);
    const { settings } = props;
    this.credentials = new Secret(this, 'BigQueryCredentials', {
      secretName: `${props.prefix}/bigquery-service-account`,
      description: 'The BigQuery service-account key (JSON) the cwlpipe warehouse writes with.',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.credentials,
      'AwsSolutions-SMG4',
      'A Google Cloud service-account key is rotated in Google Cloud (a new key, then put-secret-value); AWS cannot rotate it.',
    );
    this.function = new CwlpipeFunction(this, 'Function', {
      entry: settings.entry,
      functionName: `${props.prefix}-warehouse`,
      description: 'cwlpipe warehouse: sync changed minutes from OpenSearch to BigQuery; daily backup.',
      memorySize: 1024,
      timeout: Duration.minutes(5),
      // In AWS the warehouse is BigQuery; the native DuckDB module is loaded only when DuckDB is chosen.
      bundling: { externalModules: ['@duckdb/node-api'] },
      ...props.placement,
      environment: {
        ...props.environment,
        CWLPIPE_WAREHOUSE: 'bigquery',
        CWLPIPE_BIGQUERY_PROJECT: settings.bigQuery.project,
        CWLPIPE_BIGQUERY_DATASET: settings.bigQuery.dataset,
        ...(settings.bigQuery.location !== undefined && {
          CWLPIPE_BIGQUERY_LOCATION: settings.bigQuery.location,
        }),
        CWLPIPE_BIGQUERY_CREDENTIALS_SECRET: this.credentials.secretArn,
      },
    });
    this.credentials.grantRead(this.function);
    new Schedule(this, 'Sync', {
      description: 'cwlpipe warehouse sync',
      schedule: ScheduleExpression.expression(settings.syncSchedule),
      target: new LambdaInvoke(this.function, {
        input: ScheduleTargetInput.fromObject({ action: 'sync' }),
        retryAttempts: 0,
      }),
    });
    if (props.scheduleBackup)
      new Schedule(this, 'Backup', {
        description: 'cwlpipe warehouse daily backup',
        schedule: ScheduleExpression.expression(settings.backupSchedule),
        target: new LambdaInvoke(this.function, {
          input: ScheduleTargetInput.fromObject({ action: 'backup' }),
          retryAttempts: 2,
        }),
      });
  }
}
