import type { TableSpec } from './spec';

/** The VPC flow logs' tables: traffic per minute, and the top talkers. */
export const VPCFLOW_TABLES: readonly TableSpec[] = [
  {
    name: 'vpc_flows_minute',
    description: 'VPC flow-log records per event minute, log group, action, protocol and flow direction.',
    source: { kind: 'logType', type: 'vpcflow' },
    dimensions: [
      { column: 'log_group', field: 'aws.log_group' },
      { column: 'action', field: 'vpc.action' },
      { column: 'protocol', field: 'vpc.protocol' },
      { column: 'flow_direction', field: 'vpc.flow_direction' },
    ],
    metrics: [
      { column: 'flows', kind: 'count', description: 'Flow-log records.' },
      { column: 'packets', kind: 'sum', field: 'vpc.packets', description: 'Packets, summed.' },
      { column: 'bytes', kind: 'sum', field: 'vpc.bytes', description: 'Bytes, summed.' },
    ],
  },
  {
    name: 'vpc_top_talkers_minute',
    description:
      'The 20 source/destination pairs with the most bytes per event minute. Exact: every pair of the minute is summed, then the top 20 kept (ties broken by address).',
    source: { kind: 'logType', type: 'vpcflow' },
    dimensions: [
      { column: 'srcaddr', field: 'vpc.srcaddr' },
      { column: 'dstaddr', field: 'vpc.dstaddr' },
    ],
    metrics: [
      { column: 'flows', kind: 'count', description: 'Flow-log records of the pair.' },
      { column: 'packets', kind: 'sum', field: 'vpc.packets', description: 'Packets of the pair.' },
      { column: 'bytes', kind: 'sum', field: 'vpc.bytes', description: 'Bytes of the pair.' },
    ],
    topPerMinute: { by: 'bytes', limit: 20 },
  },
];
