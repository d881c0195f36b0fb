import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import {
  type GroupResult,
  subscribeGroup,
  subscriberConfigFromEnv,
  sweep,
  unsubscribeAll,
} from './subscriber';

/** A `CreateLogGroup` call as EventBridge delivers it from CloudTrail. */
interface CreateLogGroupEvent {
  readonly 'detail-type': string;
  readonly detail?: { readonly requestParameters?: { readonly logGroupName?: string } };
}

/** A CloudFormation custom resource event as the CDK provider framework hands it on. */
interface CustomResourceEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
}

const config = subscriberConfigFromEnv(process.env);
const logs = new CloudWatchLogsClient({});

// CloudFormation hands custom resource data back as strings.
const summary = (results: readonly GroupResult[]): Record<string, string> => {
  const counts: Record<string, number> = {};
  for (const result of results) counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).map(([outcome, count]) => [outcome, String(count)]));
};

/**
 * One function, two callers: EventBridge (a new log group: subscribe it within seconds) and the deploy-time
 * custom resource (sweep every existing group on create and update; remove cwlpipe's filters on delete).
 */
export const handler = async (
  event: CreateLogGroupEvent | CustomResourceEvent,
): Promise<{ PhysicalResourceId: string; Data: Record<string, string> } | GroupResult | undefined> => {
  if ('RequestType' in event) {
    const physicalResourceId = event.PhysicalResourceId ?? 'cwlpipe-subscription-sweep';
    if (event.RequestType === 'Delete') {
      const removed = await unsubscribeAll(logs, config);
      console.log(JSON.stringify({ message: 'Subscription filters removed.', removed: removed.length }));
      return { PhysicalResourceId: physicalResourceId, Data: { removed: String(removed.length) } };
    }
    const results = await sweep(logs, config);
    const counts = summary(results);
    const full = results.filter((result) => result.outcome === 'full').map((result) => result.logGroup);
    console.log(JSON.stringify({ message: 'Sweep done.', ...counts, full }));
    return { PhysicalResourceId: physicalResourceId, Data: counts };
  }
  const logGroup = event.detail?.requestParameters?.logGroupName;
  if (logGroup === undefined) {
    console.warn(JSON.stringify({ message: 'Event without a log group name; ignored.', event }));
    return undefined;
  }
  const result = await subscribeGroup(logs, logGroup, config);
  console.log(JSON.stringify({ message: 'Log group handled.', ...result }));
  return result;
};
