import type { Dashboard } from '../model';

const TIME = { agg: 'date_histogram', field: '@timestamp' } as const;

/** Pipeline health: what arrives per type, how late, and what was set aside (dead letters) and why. */
export const PIPELINE_HEALTH_DASHBOARD: Dashboard = {
  id: 'cwlpipe-dashboard-pipeline',
  title: 'cwlpipe: pipeline health',
  description:
    'Documents per type over time (event time and indexing time), ingest lag (newest event against last indexing, per type), and dead letters by stage and reason.',
  timeFrom: 'now-24h',
  items: [
    {
      kind: 'panel',
      panel: {
        id: 'cwlpipe-pipeline-documents-by-type',
        title: 'Documents per type over time',
        chart: 'histogram',
        indexPattern: 'documents',
        query: '',
        buckets: [TIME, { agg: 'terms', field: '@type', size: 10 }],
        metrics: [{ agg: 'count' }],
      },
    },
    {
      kind: 'panel',
      panel: {
        id: 'cwlpipe-pipeline-freshness',
        title: 'Ingest lag by type: newest event time against last indexing time',
        chart: 'table',
        indexPattern: 'documents',
        query: '',
        buckets: [{ agg: 'terms', field: '@type', size: 10 }],
        metrics: [{ agg: 'max', field: '@timestamp' }, { agg: 'max', field: '@ingested' }, { agg: 'count' }],
      },
    },
    {
      kind: 'panel',
      panel: {
        id: 'cwlpipe-pipeline-indexed-over-time',
        title: 'Documents indexed over time (indexing time) by type',
        chart: 'line',
        indexPattern: 'documents',
        query: '',
        buckets: [
          { agg: 'date_histogram', field: '@ingested' },
          { agg: 'terms', field: '@type', size: 10 },
        ],
        metrics: [{ agg: 'count' }],
      },
    },
    {
      kind: 'panel',
      panel: {
        id: 'cwlpipe-pipeline-dead-letters-over-time',
        title: 'Dead letters over time by stage',
        chart: 'histogram',
        indexPattern: 'deadletter',
        query: '',
        buckets: [TIME, { agg: 'terms', field: 'stage', size: 5 }],
        metrics: [{ agg: 'count' }],
      },
    },
    {
      kind: 'panel',
      panel: {
        id: 'cwlpipe-pipeline-set-aside-by-reason',
        title: 'Set aside before indexing (decode, transform) by reason',
        chart: 'horizontal_bar',
        indexPattern: 'deadletter',
        query: '',
        filters: [{ kind: 'phrases', field: 'stage', values: ['decode', 'transform'] }],
        buckets: [{ agg: 'terms', field: 'code', size: 15 }],
        metrics: [{ agg: 'count' }],
      },
    },
    {
      kind: 'panel',
      panel: {
        id: 'cwlpipe-pipeline-dead-letters-by-reason',
        title: 'Dead letters by stage and reason',
        chart: 'table',
        indexPattern: 'deadletter',
        query: '',
        buckets: [
          { agg: 'terms', field: 'stage', size: 5 },
          { agg: 'terms', field: 'code', size: 20 },
        ],
        metrics: [{ agg: 'count' }],
      },
    },
  ],
};
