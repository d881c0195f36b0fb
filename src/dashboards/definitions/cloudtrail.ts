import type { Dashboard, Panel } from '../model';

const TIME = { agg: 'date_histogram', field: '@timestamp' } as const;
const COUNT = { agg: 'count' } as const;

/** Error codes AWS returns for calls the caller was not allowed to make (CIS AWS Foundations 4.1). */
export const UNAUTHORIZED_CALLS =
  'cloudtrail.errorCode:(AccessDenied OR AccessDeniedException OR UnauthorizedOperation OR Client.UnauthorizedOperation OR UnauthorizedAccess)';
export const FAILED_CONSOLE_LOGINS =
  'cloudtrail.eventName:ConsoleLogin AND cloudtrail.response.consoleLogin:Failure';
export const ROOT_USE = 'cloudtrail.userIdentity.type:Root AND NOT cloudtrail.eventType:AwsServiceEvent';

/** The changes the CIS AWS Foundations benchmark asks to watch, by what they change. */
export const SECURITY_CHANGES: Readonly<Record<string, readonly string[]>> = {
  'security groups': [
    'AuthorizeSecurityGroupIngress',
    'AuthorizeSecurityGroupEgress',
    'RevokeSecurityGroupIngress',
    'RevokeSecurityGroupEgress',
    'CreateSecurityGroup',
    'DeleteSecurityGroup',
  ],
  'network ACLs': [
    'CreateNetworkAcl',
    'CreateNetworkAclEntry',
    'DeleteNetworkAcl',
    'DeleteNetworkAclEntry',
    'ReplaceNetworkAclEntry',
    'ReplaceNetworkAclAssociation',
  ],
  'route tables': [
    'CreateRoute',
    'CreateRouteTable',
    'ReplaceRoute',
    'ReplaceRouteTableAssociation',
    'DeleteRouteTable',
    'DeleteRoute',
    'DisassociateRouteTable',
  ],
  gateways: [
    'CreateCustomerGateway',
    'DeleteCustomerGateway',
    'AttachInternetGateway',
    'CreateInternetGateway',
    'DeleteInternetGateway',
    'DetachInternetGateway',
    'CreateNatGateway',
    'DeleteNatGateway',
  ],
  'IAM users and policies': [
    'CreateUser',
    'DeleteUser',
    'CreateAccessKey',
    'CreatePolicy',
    'DeletePolicy',
    'CreatePolicyVersion',
    'DeletePolicyVersion',
    'PutGroupPolicy',
    'PutRolePolicy',
    'PutUserPolicy',
    'DeleteGroupPolicy',
    'DeleteRolePolicy',
    'DeleteUserPolicy',
    'AttachRolePolicy',
    'DetachRolePolicy',
    'AttachUserPolicy',
    'DetachUserPolicy',
    'AttachGroupPolicy',
    'DetachGroupPolicy',
  ],
  'S3 bucket policies': [
    'PutBucketPolicy',
    'DeleteBucketPolicy',
    'PutBucketAcl',
    'PutBucketPublicAccessBlock',
    'DeleteBucketPublicAccessBlock',
  ],
  'KMS keys': ['DisableKey', 'ScheduleKeyDeletion', 'PutKeyPolicy'],
  'CloudTrail itself': ['StopLogging', 'DeleteTrail', 'UpdateTrail'],
};

/** Every security-relevant event name, as one exact Lucene query. */
export const SECURITY_CHANGES_QUERY = `cloudtrail.eventName:(${Object.values(SECURITY_CHANGES).flat().join(' OR ')})`;

const top = (id: string, title: string, field: string): Panel => ({
  id: `cwlpipe-cloudtrail-${id}`,
  title,
  chart: 'horizontal_bar',
  indexPattern: 'cloudtrail',
  query: '',
  buckets: [{ agg: 'terms', field, size: 10 }],
  metrics: [COUNT],
});

const who = (id: string, title: string, query: string, fields: readonly string[]): Panel => ({
  id: `cwlpipe-cloudtrail-${id}`,
  title,
  chart: 'table',
  indexPattern: 'cloudtrail',
  query,
  buckets: fields.map((field) => ({ agg: 'terms' as const, field, size: 20 })),
  metrics: [COUNT],
});

/** CloudTrail: who called what from where, what failed, and what changed security. */
export const CLOUDTRAIL_DASHBOARD: Dashboard = {
  id: 'cwlpipe-dashboard-cloudtrail',
  title: 'cwlpipe: CloudTrail',
  description:
    'Events, top names, sources, regions, principals and addresses, errors, unauthorized calls, console login failures, root use, security-relevant changes and Insights events.',
  timeFrom: 'now-24h',
  items: [
    {
      kind: 'panel',
      panel: {
        id: 'cwlpipe-cloudtrail-events-over-time',
        title: 'Events over time',
        chart: 'histogram',
        indexPattern: 'cloudtrail',
        query: '',
        buckets: [TIME, { agg: 'terms', field: 'cloudtrail.eventCategory', size: 5 }],
        metrics: [COUNT],
      },
    },
    {
      kind: 'panel',
      panel: {
        id: 'cwlpipe-cloudtrail-errors-over-time',
        title: 'Errors over time by code',
        chart: 'histogram',
        indexPattern: 'cloudtrail',
        query: '',
        filters: [{ kind: 'exists', field: 'cloudtrail.errorCode' }],
        buckets: [TIME, { agg: 'terms', field: 'cloudtrail.errorCode', size: 10 }],
        metrics: [COUNT],
      },
    },
    { kind: 'panel', panel: top('top-event-names', 'Top event names', 'cloudtrail.eventName') },
    { kind: 'panel', panel: top('top-event-sources', 'Top event sources', 'cloudtrail.eventSource') },
    { kind: 'panel', panel: top('top-regions', 'Top regions', 'cloudtrail.awsRegion') },
    { kind: 'panel', panel: top('top-principals', 'Top principals', 'cloudtrail.userIdentity.arn') },
    {
      kind: 'panel',
      panel: top('top-source-addresses', 'Top source addresses', 'cloudtrail.sourceIPAddress'),
    },
    { kind: 'panel', panel: top('errors-by-code', 'Errors by code', 'cloudtrail.errorCode') },
    {
      kind: 'panel',
      panel: who('unauthorized-calls', 'Unauthorized calls', UNAUTHORIZED_CALLS, [
        'cloudtrail.userIdentity.arn',
        'cloudtrail.eventName',
      ]),
    },
    {
      kind: 'panel',
      panel: who('console-login-failures', 'Console login failures', FAILED_CONSOLE_LOGINS, [
        'cloudtrail.userIdentity.userName',
        'cloudtrail.sourceIPAddress',
      ]),
    },
    {
      kind: 'panel',
      panel: who('root-use', 'Root account use', ROOT_USE, [
        'cloudtrail.eventName',
        'cloudtrail.sourceIPAddress',
      ]),
    },
    {
      kind: 'panel',
      panel: who('security-changes', 'Security-relevant changes', SECURITY_CHANGES_QUERY, [
        'cloudtrail.eventName',
        'cloudtrail.userIdentity.arn',
      ]),
    },
    {
      kind: 'panel',
      panel: who('insights', 'Insights events', 'cloudtrail.eventType:AwsCloudTrailInsight', [
        'cloudtrail.insightDetails.eventName',
        'cloudtrail.insightDetails.insightType',
        'cloudtrail.insightDetails.state',
      ]),
    },
    {
      kind: 'search',
      search: {
        id: 'cwlpipe-search-cloudtrail-errors',
        title: 'CloudTrail errors',
        indexPattern: 'cloudtrail',
        query: '_exists_:cloudtrail.errorCode',
        columns: [
          'cloudtrail.eventName',
          'cloudtrail.errorCode',
          'cloudtrail.errorMessage',
          'cloudtrail.userIdentity.arn',
          'cloudtrail.sourceIPAddress',
        ],
      },
    },
  ],
};
