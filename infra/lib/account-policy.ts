import { Stack } from 'aws-cdk-lib';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import { CfnAccountPolicy } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** CloudWatch Logs takes at most this many names in one selection criteria `NOT IN` list. */
export const MAX_EXCLUDED_GROUPS = 50;

export interface AccountSubscriptionProps {
  readonly prefix: string;
  readonly stream: IStream;
  readonly logsRole: IRole;
  /** cwlpipe's own log groups: left out, or the consumer would ingest its own logs forever. */
  readonly ownLogGroups: readonly string[];
}

/**
 * The account-level subscription filter policy: every log group of the account and region, present and
 * future, delivers to the stream with no code running, except cwlpipe's own groups.
 *
 * @example
 * ```ts
 * new AccountSubscription(this, 'AccountPolicy', { prefix: 'cwlpipe', stream, logsRole, ownLogGroups: ['/aws/lambda/cwlpipe-consumer'] });
 * ```
 */
export class AccountSubscription extends Construct {
  public readonly policy: CfnAccountPolicy;

  public constructor(scope: Construct, id: string, props: AccountSubscriptionProps) {
    super(scope, id);
    if (props.ownLogGroups.length > MAX_EXCLUDED_GROUPS)
      throw new Error(
        `The account policy can leave out at most ${MAX_EXCLUDED_GROUPS} log groups; cwlpipe has ${props.ownLogGroups.length}.`,
      );
    const excluded = [...new Set(props.ownLogGroups)].sort();
    this.policy = new CfnAccountPolicy(this, 'Policy', {
      policyName: `${props.prefix}-subscription`,
      policyType: 'SUBSCRIPTION_FILTER_POLICY',
      scope: 'ALL',
      selectionCriteria: `LogGroupName NOT IN ${JSON.stringify(excluded)}`,
      policyDocument: Stack.of(this).toJsonString({
        DestinationArn: props.stream.streamArn,
        RoleArn: props.logsRole.roleArn,
        FilterPattern: '',
        Distribution: 'Random',
      }),
    });
  }
}
