import type { Dashboard, Panel } from '../model';

const TIME = { agg: 'date_histogram', field: '@timestamp' } as const;
const BYTES = { agg: 'sum', field: 'vpc.bytes' } as const;
const COUNT = { agg: 'count' } as const;

const top = (id: string, title: string, field: string, by: 'bytes' | 'flows', size = 10): Panel => ({
  id: `cwlpipe-vpc-${id}`,
  title,
  chart: 'horizontal_bar',
  indexPattern: 'vpcflow',
  query: '',
  buckets: [{ agg: 'terms', field, size, orderByMetric: 0 }],
  metrics: [by === 'bytes' ? BYTES : COUNT],
});

const trafficBy = (id: string, title: string, field: string): Panel => ({
  id: `cwlpipe-vpc-${id}`,
  title,
  chart: 'table',
  indexPattern: 'vpcflow',
  query: '',
  buckets: [{ agg: 'terms', field, size: 20, orderByMetric: 0 }],
  metrics: [BYTES, COUNT, { agg: 'sum', field: 'vpc.packets' }],
});

/** VPC Flow Logs: who talks to whom, how much, and what was rejected. */
export const VPC_FLOW_LOGS_DASHBOARD: Dashboard = {
  id: 'cwlpipe-dashboard-vpcflow',
  title: 'cwlpipe: VPC Flow Logs',
  description:
    'Flows and bytes by action, top talkers, ports, protocols, VPCs, subnets, interfaces, traffic paths and AWS services.',
  timeFrom: 'now-24h',
  items: [
    {
      kind: 'panel',
      panel: {
        id: 'cwlpipe-vpc-flows-over-time',
        title: 'Flows over time by action',
        chart: 'line',
        indexPattern: 'vpcflow',
        query: '',
        buckets: [TIME, { agg: 'terms', field: 'vpc.action', size: 5 }],
        metrics: [COUNT],
      },
    },
    {
      kind: 'panel',
      panel: {
        id: 'cwlpipe-vpc-bytes-over-time',
        title: 'Bytes over time by action',
        chart: 'area',
        indexPattern: 'vpcflow',
        query: '',
        buckets: [TIME, { agg: 'terms', field: 'vpc.action', size: 5 }],
        metrics: [BYTES],
      },
    },
    {
      kind: 'panel',
      panel: {
        id: 'cwlpipe-vpc-accepted-rejected',
        title: 'Accepted vs rejected flows',
        chart: 'pie',
        indexPattern: 'vpcflow',
        query: '',
        filters: [{ kind: 'exists', field: 'vpc.action' }],
        buckets: [{ agg: 'terms', field: 'vpc.action', size: 5 }],
        metrics: [COUNT],
      },
    },
    {
      kind: 'panel',
      panel: {
        id: 'cwlpipe-vpc-protocols',
        title: 'Protocols',
        chart: 'pie',
        indexPattern: 'vpcflow',
        query: '',
        buckets: [{ agg: 'terms', field: 'vpc.protocol_name', size: 10 }],
        metrics: [COUNT],
      },
    },
    {
      kind: 'panel',
      panel: top('top-sources-bytes', 'Top source addresses by bytes', 'vpc.srcaddr', 'bytes'),
    },
    {
      kind: 'panel',
      panel: top('top-sources-flows', 'Top source addresses by flows', 'vpc.srcaddr', 'flows'),
    },
    {
      kind: 'panel',
      panel: top('top-destinations-bytes', 'Top destination addresses by bytes', 'vpc.dstaddr', 'bytes'),
    },
    {
      kind: 'panel',
      panel: top('top-destinations-flows', 'Top destination addresses by flows', 'vpc.dstaddr', 'flows'),
    },
    {
      kind: 'panel',
      panel: {
        id: 'cwlpipe-vpc-top-destination-ports',
        title: 'Top destination ports',
        chart: 'table',
        indexPattern: 'vpcflow',
        query: '',
        buckets: [{ agg: 'terms', field: 'vpc.dstport', size: 15 }],
        metrics: [COUNT, BYTES],
      },
    },
    { kind: 'panel', panel: trafficBy('by-vpc', 'Traffic by VPC', 'vpc.vpc_id') },
    { kind: 'panel', panel: trafficBy('by-subnet', 'Traffic by subnet', 'vpc.subnet_id') },
    { kind: 'panel', panel: trafficBy('by-interface', 'Traffic by interface', 'vpc.interface_id') },
    { kind: 'panel', panel: trafficBy('by-traffic-path', 'Traffic by path (v5)', 'vpc.traffic_path') },
    {
      kind: 'panel',
      panel: trafficBy('to-aws-services', 'Traffic to AWS services (v5)', 'vpc.pkt_dst_aws_service'),
    },
    {
      kind: 'panel',
      panel: trafficBy('from-aws-services', 'Traffic from AWS services (v5)', 'vpc.pkt_src_aws_service'),
    },
    {
      kind: 'search',
      search: {
        id: 'cwlpipe-search-vpc-rejected',
        title: 'Rejected flows',
        indexPattern: 'vpcflow',
        query: '',
        filters: [{ kind: 'phrase', field: 'vpc.action', value: 'REJECT' }],
        columns: [
          'vpc.srcaddr',
          'vpc.dstaddr',
          'vpc.dstport',
          'vpc.protocol_name',
          'vpc.bytes',
          'vpc.interface_id',
        ],
      },
    },
  ],
};
