import {
  type CloudWatchLogsClient,
  DescribeSubscriptionFiltersCommand,
  paginateDescribeLogGroups,
} from '@aws-sdk/client-cloudwatch-logs';
import { BackfillError } from './errors';

/** A log group to read history from, with what its envelopes carry: the owner and the filter names. */
export interface LogGroupSource {
  readonly name: string;
  /** The account that owns it (from its ARN), as a subscription envelope's `owner`. */
  readonly owner: string;
  /**
   * Its subscription filters' names, as the stream's envelopes carry them: the consumer routes by the log
   * type a filter's name carries (`cwlpipe-vpcflow`), so a backfilled event gets the same transformer.
   */
  readonly subscriptionFilters: readonly string[];
}

/** Which log groups to read: exact names and name prefixes (at least one of the two). */
export interface LogGroupSelection {
  readonly names: readonly string[];
  readonly prefixes: readonly string[];
}

/**
 * The log groups a selection names, each once, in name order. A name that matches no log group is an
 * error naming it (a typo must not turn into a backfill that reads nothing); a prefix may match none.
 *
 * @example
 * ```ts
 * await resolveLogGroups(logs, { names: ['/vpc/flow'], prefixes: ['/aws/lambda/'] });
 * // [{ name: '/aws/lambda/orders', owner: '123456789012', subscriptionFilters: ['cwlpipe-lambda'] }, …]
 * ```
 */
export const resolveLogGroups = async (
  client: CloudWatchLogsClient,
  selection: LogGroupSelection,
): Promise<LogGroupSource[]> => {
  const found = new Map<string, string>();
  for (const name of selection.names) {
    const matches = await listLogGroups(client, name);
    const arn = matches.get(name);
    if (arn === undefined) {
      throw new BackfillError(
        'log_group_not_found',
        `The log group "${name}" does not exist (or cannot be seen).`,
      );
    }
    found.set(name, arn);
  }
  for (const prefix of selection.prefixes) {
    for (const [name, arn] of await listLogGroups(client, prefix)) found.set(name, arn);
  }
  const groups: LogGroupSource[] = [];
  for (const name of [...found.keys()].sort()) {
    groups.push({
      name,
      owner: ownerOf(found.get(name) ?? ''),
      subscriptionFilters: await filterNames(client, name),
    });
  }
  return groups;
};

const listLogGroups = async (client: CloudWatchLogsClient, prefix: string): Promise<Map<string, string>> => {
  const groups = new Map<string, string>();
  try {
    for await (const page of paginateDescribeLogGroups({ client }, { logGroupNamePrefix: prefix })) {
      for (const group of page.logGroups ?? []) {
        if (group.logGroupName !== undefined) groups.set(group.logGroupName, group.arn ?? '');
      }
    }
  } catch (error) {
    throw new BackfillError(
      'log_groups_unreadable',
      `The log groups starting with "${prefix}" could not be listed: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return groups;
};

/** `arn:aws:logs:eu-west-1:123456789012:log-group:/vpc/flow:*` → `123456789012`. */
export const ownerOf = (arn: string): string => arn.split(':')[4] ?? '';

/** The group's filter names; none when they cannot be read (routing then falls back to the config and sniffing). */
const filterNames = async (client: CloudWatchLogsClient, logGroupName: string): Promise<string[]> => {
  try {
    const answer = await client.send(new DescribeSubscriptionFiltersCommand({ logGroupName }));
    return (answer.subscriptionFilters ?? []).flatMap((filter) =>
      filter.filterName === undefined ? [] : [filter.filterName],
    );
  } catch {
    return [];
  }
};
