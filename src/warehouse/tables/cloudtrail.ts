import type { TableSpec } from './spec';

/** The CloudTrail table: events per minute, failed console logins and root use. */
export const CLOUDTRAIL_TABLES: readonly TableSpec[] = [
  {
    name: 'cloudtrail_minute',
    description:
      'CloudTrail events per event minute, event source, name, error code, region and principal type.',
    source: { kind: 'logType', type: 'cloudtrail' },
    dimensions: [
      { column: 'event_source', field: 'cloudtrail.eventSource' },
      { column: 'event_name', field: 'cloudtrail.eventName' },
      { column: 'error_code', field: 'cloudtrail.errorCode' },
      { column: 'region', field: 'cloudtrail.awsRegion' },
      { column: 'principal_type', field: 'cloudtrail.userIdentity.type' },
    ],
    metrics: [
      { column: 'events', kind: 'count', description: 'Events.' },
      {
        column: 'failed_console_logins',
        kind: 'count_where',
        where: {
          bool: {
            filter: [{ term: { 'cloudtrail.eventName': 'ConsoleLogin' } }],
            should: [
              { term: { 'cloudtrail.response.consoleLogin': 'Failure' } },
              { exists: { field: 'cloudtrail.errorMessage' } },
            ],
            minimum_should_match: 1,
          },
        },
        description:
          'ConsoleLogin events that failed (responseElements.ConsoleLogin Failure, or an error message).',
      },
      {
        column: 'root_events',
        kind: 'count_where',
        where: { term: { 'cloudtrail.userIdentity.type': 'Root' } },
        description: 'Events by the account root user.',
      },
    ],
  },
];
