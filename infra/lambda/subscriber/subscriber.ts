import {
  type CloudWatchLogsClient,
  DeleteSubscriptionFilterCommand,
  DescribeLogGroupsCommand,
  DescribeSubscriptionFiltersCommand,
  PutSubscriptionFilterCommand,
  type SubscriptionFilter,
} from '@aws-sdk/client-cloudwatch-logs';

/** The prefix of every subscription filter cwlpipe creates; a filter without it is never touched. */
export const FILTER_PREFIX = 'cwlpipe-';

/** CloudWatch Logs allows at most this many subscription filters on one log group. */
export const MAX_FILTERS_PER_GROUP = 2;

/**
 * Which log groups to subscribe and how. `type` ends up in the filter name (`cwlpipe-vpcflow`), which is how
 * the consumer routes a group's events (`typeNamedByFilter` in `src/pipeline/route.ts`); `auto` names no type,
 * so the consumer sniffs each event.
 *
 * @example
 * ```ts
 * const rules: SubscriptionRule[] = [{ prefix: '/aws/lambda/', type: 'lambda' }, { name: '/vpc/flow', type: 'vpcflow' }];
 * ```
 */
export type SubscriptionRule =
  | { readonly prefix: string; readonly type: string }
  | { readonly name: string; readonly type: string };

/** Where the filters deliver, which groups they cover, and which groups are cwlpipe's own. */
export interface SubscriberConfig {
  readonly destinationArn: string;
  readonly roleArn: string;
  readonly rules: readonly SubscriptionRule[];
  /** cwlpipe's own log groups (exact names) and name prefixes: never subscribed, or the consumer would read itself. */
  readonly ownGroups: readonly string[];
  readonly ownPrefixes: readonly string[];
}

export type SubscribeOutcome = 'subscribed' | 'updated' | 'unchanged' | 'own' | 'unmatched' | 'full';

/** What happened to one log group. */
export interface GroupResult {
  readonly logGroup: string;
  readonly outcome: SubscribeOutcome;
  readonly filter?: string;
}

/** A problem with the subscriber's configuration, named. */
export class SubscriberError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'SubscriberError';
  }
}

/**
 * The filter a log group should have, or why it gets none: its own groups first (never subscribed, whatever
 * the rules say), then the first rule that matches, exact names before prefixes.
 *
 * @example
 * ```ts
 * filterFor('/aws/lambda/orders', config); // { name: 'cwlpipe-lambda' }
 * filterFor('/aws/lambda/cwlpipe-consumer', config); // 'own'
 * ```
 */
export const filterFor = (
  logGroup: string,
  config: SubscriberConfig,
): { name: string } | 'own' | 'unmatched' => {
  if (config.ownGroups.includes(logGroup) || config.ownPrefixes.some((prefix) => logGroup.startsWith(prefix)))
    return 'own';
  const exact = config.rules.find((rule) => 'name' in rule && rule.name === logGroup);
  const rule =
    exact ?? config.rules.find((candidate) => 'prefix' in candidate && logGroup.startsWith(candidate.prefix));
  return rule === undefined ? 'unmatched' : { name: `${FILTER_PREFIX}${rule.type}` };
};

/**
 * Gives one log group cwlpipe's subscription filter. Filters cwlpipe did not create are never changed or
 * removed: a group that already has two of them is reported `full`. A cwlpipe filter of another log type
 * (the rules changed) is replaced; one already right is left alone (no call, so a re-run costs nothing).
 *
 * @example
 * ```ts
 * await subscribeGroup(logs, '/aws/lambda/orders', config); // { logGroup: '/aws/lambda/orders', outcome: 'subscribed', filter: 'cwlpipe-lambda' }
 * ```
 */
export const subscribeGroup = async (
  logs: CloudWatchLogsClient,
  logGroup: string,
  config: SubscriberConfig,
): Promise<GroupResult> => {
  const wanted = filterFor(logGroup, config);
  if (wanted === 'own' || wanted === 'unmatched') return { logGroup, outcome: wanted };
  const existing = await filtersOf(logs, logGroup);
  const ours = existing.filter((filter) => filter.filterName?.startsWith(FILTER_PREFIX));
  const current = ours.find((filter) => filter.filterName === wanted.name);
  if (
    current !== undefined &&
    current.destinationArn === config.destinationArn &&
    current.roleArn === config.roleArn &&
    ours.length === 1
  )
    return { logGroup, outcome: 'unchanged', filter: wanted.name };
  const others = existing.length - ours.length;
  if (others >= MAX_FILTERS_PER_GROUP) return { logGroup, outcome: 'full' };
  for (const stale of ours.filter((filter) => filter.filterName !== wanted.name)) {
    await logs.send(
      new DeleteSubscriptionFilterCommand({ logGroupName: logGroup, filterName: stale.filterName }),
    );
  }
  await logs.send(
    new PutSubscriptionFilterCommand({
      logGroupName: logGroup,
      filterName: wanted.name,
      filterPattern: '',
      destinationArn: config.destinationArn,
      roleArn: config.roleArn,
      // Spreads a busy group over every shard instead of one shard per log stream.
      distribution: 'Random',
    }),
  );
  return { logGroup, outcome: ours.length === 0 ? 'subscribed' : 'updated', filter: wanted.name };
};

/**
 * Subscribes every existing log group the rules cover (run on every deploy), one group at a time so the
 * CloudWatch Logs control-plane limits (a few calls a second) are respected without retries piling up.
 *
 * @example
 * ```ts
 * const results = await sweep(logs, config);
 * results.filter((result) => result.outcome === 'full'); // groups that already had two foreign filters
 * ```
 */
export const sweep = async (logs: CloudWatchLogsClient, config: SubscriberConfig): Promise<GroupResult[]> => {
  const results: GroupResult[] = [];
  for (const group of await coveredGroups(logs, config))
    results.push(await subscribeGroup(logs, group, config));
  return results;
};

/**
 * Removes every cwlpipe filter that delivers to this destination (the stack is being deleted); filters of
 * others, and cwlpipe filters of another stack, stay.
 *
 * @example
 * ```ts
 * await unsubscribeAll(logs, config); // ['/aws/lambda/orders']
 * ```
 */
export const unsubscribeAll = async (
  logs: CloudWatchLogsClient,
  config: SubscriberConfig,
): Promise<string[]> => {
  const removed: string[] = [];
  for (const group of await coveredGroups(logs, config)) {
    for (const filter of await filtersOf(logs, group)) {
      if (!filter.filterName?.startsWith(FILTER_PREFIX) || filter.destinationArn !== config.destinationArn)
        continue;
      await logs.send(
        new DeleteSubscriptionFilterCommand({ logGroupName: group, filterName: filter.filterName }),
      );
      removed.push(group);
    }
  }
  return removed;
};

const coveredGroups = async (logs: CloudWatchLogsClient, config: SubscriberConfig): Promise<string[]> => {
  const names = new Set<string>();
  for (const rule of config.rules) {
    const prefix = 'prefix' in rule ? rule.prefix : rule.name;
    let nextToken: string | undefined;
    do {
      const page = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, nextToken }));
      for (const group of page.logGroups ?? []) {
        const name = group.logGroupName;
        if (name !== undefined && ('prefix' in rule || name === rule.name)) names.add(name);
      }
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
  }
  return [...names].sort();
};

const filtersOf = async (logs: CloudWatchLogsClient, logGroup: string): Promise<SubscriptionFilter[]> => {
  const page = await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName: logGroup }));
  return page.subscriptionFilters ?? [];
};

/**
 * Reads the subscriber's configuration from its environment (set by the CDK construct), naming what is wrong.
 *
 * @example
 * ```ts
 * subscriberConfigFromEnv({ CWLPIPE_DESTINATION_ARN: 'arn:…', CWLPIPE_ROLE_ARN: 'arn:…', CWLPIPE_RULES: '[]', … });
 * ```
 */
export const subscriberConfigFromEnv = (env: NodeJS.ProcessEnv): SubscriberConfig => {
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) throw new SubscriberError(`The environment variable ${name} is not set.`);
    return value;
  };
  const list = <T>(name: string): T[] => {
    try {
      const value: unknown = JSON.parse(required(name));
      if (!Array.isArray(value)) throw new SubscriberError(`${name} must be a JSON array.`);
      return value as T[];
    } catch (error) {
      if (error instanceof SubscriberError) throw error;
      throw new SubscriberError(`${name} is not valid JSON: ${(error as Error).message}`);
    }
  };
  return {
    destinationArn: required('CWLPIPE_DESTINATION_ARN'),
    roleArn: required('CWLPIPE_ROLE_ARN'),
    rules: list<SubscriptionRule>('CWLPIPE_RULES'),
    ownGroups: list<string>('CWLPIPE_OWN_GROUPS'),
    ownPrefixes: list<string>('CWLPIPE_OWN_PREFIXES'),
  };
};
