import { dashboardIndexPatterns, type Panel, translatePanel } from '../../../src/dashboards';

const RANGE = { from: '2024-05-01T00:00:00.000Z', to: '2024-05-02T00:00:00.000Z' };
const VPC = dashboardIndexPatterns('cwl').find((pattern) => pattern.key === 'vpcflow');

describe('Dashboards: a panel translated into the search OpenSearch Dashboards sends', () => {
  it('nests the buckets in order, puts the metrics at the leaves, and keeps an order metric beside its terms', () => {
    // Prepare
    const panel: Panel = {
      id: 'p',
      title: 'Bytes by source and port',
      chart: 'table',
      indexPattern: 'vpcflow',
      query: 'vpc.action:REJECT',
      filters: [
        { kind: 'exists', field: 'vpc.dstport' },
        { kind: 'phrase', field: 'vpc.protocol_name', value: 'ICMP', negate: true },
      ],
      buckets: [
        { agg: 'terms', field: 'vpc.srcaddr', size: 5, orderByMetric: 0 },
        { agg: 'terms', field: 'vpc.dstport', size: 3 },
      ],
      metrics: [{ agg: 'sum', field: 'vpc.bytes' }, { agg: 'count' }],
    };

    // Act
    const request = translatePanel(panel, VPC as NonNullable<typeof VPC>, RANGE);

    // Assess
    expect(request.index).toBe('cwl-vpcflow-*');
    expect(request.body).toEqual({
      size: 0,
      track_total_hits: true,
      query: {
        bool: {
          must: [{ query_string: { query: 'vpc.action:REJECT', analyze_wildcard: true, time_zone: 'UTC' } }],
          filter: [
            { exists: { field: 'vpc.dstport' } },
            {
              range: {
                '@timestamp': { gte: RANGE.from, lte: RANGE.to, format: 'strict_date_optional_time' },
              },
            },
          ],
          must_not: [{ match_phrase: { 'vpc.protocol_name': 'ICMP' } }],
        },
      },
      aggs: {
        '3': {
          terms: { field: 'vpc.srcaddr', size: 5, order: { '1': 'desc' } },
          aggs: {
            '4': {
              terms: { field: 'vpc.dstport', size: 3, order: { _count: 'desc' } },
              aggs: { '1': { sum: { field: 'vpc.bytes' } } },
            },
            '1': { sum: { field: 'vpc.bytes' } },
          },
        },
      },
    });
  });

  it('sizes an automatic date histogram to the time range, about 50 buckets at most', () => {
    // Prepare
    const panel: Panel = {
      id: 'p',
      title: 'Flows',
      chart: 'line',
      indexPattern: 'vpcflow',
      query: '',
      buckets: [{ agg: 'date_histogram', field: '@timestamp' }],
      metrics: [{ agg: 'count' }],
    };

    // Act
    const request = translatePanel(panel, VPC as NonNullable<typeof VPC>, RANGE);

    // Assess: a day in half hours (48 buckets); count needs no aggregation of its own.
    expect(request.body.aggs).toEqual({
      '2': {
        date_histogram: { field: '@timestamp', fixed_interval: '30m', time_zone: 'UTC', min_doc_count: 1 },
      },
    });
  });
});
