import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { AlarmSettings } from './config';

/** The namespace and service dimension of the consumer's embedded metrics (`src/consumers/metrics.ts`, `kinesis.ts`). */
export const METRICS_NAMESPACE = 'cwlpipe';
export const CONSUMER_SERVICE = 'cwlpipe-kinesis';

export interface MonitoringProps {
  readonly prefix: string;
  readonly settings: AlarmSettings;
  readonly consumer: IFunction;
  readonly onFailure: IQueue;
  /** The topic alarms and the daily batch's failures notify. */
  readonly topic: Topic;
}

/**
 * Alarms on what needs a person (the consumer falling behind, failing or throttled, documents going to the
 * dead letters, records Lambda gave up on), all notifying one SNS topic, and a dashboard of cwlpipe's own
 * metrics next to the function's.
 *
 * @example
 * ```ts
 * new Monitoring(this, 'Monitoring', { prefix, settings: settings.alarms, consumer: consumer.function, onFailure: consumer.onFailure, topic });
 * ```
 */
export class Monitoring extends Construct {
  public readonly alarms: Alarm[] = [];
  public readonly dashboard: Dashboard;

  public constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { consumer, settings, prefix } = props;
    if (settings.email !== undefined) props.topic.addSubscription(new EmailSubscription(settings.email));
    const iteratorAge = consumer.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) });
    this.alarmOnConsumer(prefix, settings, consumer, iteratorAge);
    this.alarmOnLostWork(prefix, props.onFailure);
    for (const alarm of this.alarms) alarm.addAlarmAction(new SnsAction(props.topic));
    this.dashboard = this.createDashboard(prefix, consumer, iteratorAge);
  }

  /** The consumer falls behind, fails or is throttled. */
  private alarmOnConsumer(
    prefix: string,
    settings: AlarmSettings,
    consumer: IFunction,
    iteratorAge: IMetric,
  ): void {
    this.alarm(
      'IteratorAge',
      `${prefix}: the consumer is more than ${settings.iteratorAgeMs / 1000} s behind the stream`,
      iteratorAge,
      settings.iteratorAgeMs,
      5,
    );
    this.alarm(
      'ConsumerErrors',
      `${prefix}: consumer invocations fail`,
      consumer.metricErrors({ period: Duration.minutes(5) }),
      0,
      1,
    );
    this.alarm(
      'ConsumerThrottles',
      `${prefix}: consumer invocations are throttled`,
      consumer.metricThrottles({ period: Duration.minutes(5) }),
      0,
      1,
    );
  }

  /** Documents go to the dead letters (or cannot), or Lambda gives up on records. */
  private alarmOnLostWork(prefix: string, onFailure: IQueue): void {
    this.alarm('DeadLetters', `${prefix}: documents go to the dead-letter index`, own('DeadLettered'), 0, 1);
    this.alarm(
      'DeadLetterFailures',
      `${prefix}: dead letters could not be written`,
      own('DeadLetterFailed'),
      0,
      1,
    );
    this.alarm(
      'OnFailureQueue',
      `${prefix}: Lambda gave up on Kinesis records (see the on-failure queue)`,
      onFailure.metricApproximateNumberOfMessagesVisible({
        statistic: 'Maximum',
        period: Duration.minutes(5),
      }),
      0,
      1,
    );
  }

  /** cwlpipe's own metrics beside the function's, two graphs a row. */
  private createDashboard(prefix: string, consumer: IFunction, iteratorAge: IMetric): Dashboard {
    const graph = (title: string, left: IMetric[]): GraphWidget =>
      new GraphWidget({ title, left, width: 12, height: 6 });
    return new Dashboard(this, 'Dashboard', {
      dashboardName: `${prefix}-pipeline`,
      widgets: [
        [
          graph('Records and events', [own('Records'), own('Events'), own('ControlMessages')]),
          graph('Documents', [own('Documents'), own('Delivered'), own('Skipped')]),
        ],
        [
          graph('Problems', [
            own('SetAside'),
            own('DeadLettered'),
            own('Retryable'),
            own('Rejected'),
            own('FailedRecords'),
            own('UnfinishedRecords'),
            own('PluginErrors'),
          ]),
          graph('Ingest lag (ms)', [
            new Metric({
              namespace: METRICS_NAMESPACE,
              metricName: 'IngestLagMax',
              dimensionsMap: { service: CONSUMER_SERVICE },
              statistic: 'Maximum',
            }),
            iteratorAge,
          ]),
        ],
        [
          graph('Consumer', [
            consumer.metricInvocations(),
            consumer.metricErrors(),
            consumer.metricThrottles(),
          ]),
          graph('Consumer duration (ms)', [
            consumer.metricDuration({ statistic: 'p99' }),
            consumer.metricDuration({ statistic: 'Maximum' }),
          ]),
        ],
      ],
    });
  }

  private alarm(
    id: string,
    description: string,
    metric: IMetric,
    threshold: number,
    evaluationPeriods: number,
  ): void {
    this.alarms.push(
      new Alarm(this, id, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        // No data means nothing happened: no records, no errors, no dead letters.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}

/** One of the consumer's own metrics, summed over 5 minutes. */
const own = (name: string): Metric =>
  new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: CONSUMER_SERVICE },
    statistic: 'Sum',
    period: Duration.minutes(5),
  });
