import type { Dashboard, Panel } from '../model';

const TIME = { agg: 'date_histogram', field: '@timestamp' } as const;
const BY_FUNCTION = { agg: 'terms', field: 'lambda.function_name', size: 20 } as const;
/** One document per invocation: the REPORT line (text logs) or the platform.report event (JSON logs). */
const REPORTS = 'lambda.record_type:(REPORT OR "platform.report")';
/** What failed: an ERROR/FATAL line, a timeout, a platform status other than success, or a named error type. */
export const LAMBDA_FAILURES =
  'lambda.level:(ERROR OR FATAL OR CRITICAL) OR lambda.record_type:TIMEOUT OR lambda.status:(error OR failure OR timeout) OR _exists_:lambda.error_type';

const byFunction = (id: string, title: string, query: string, metrics: Panel['metrics']): Panel => ({
  id: `cwlpipe-lambda-${id}`,
  title,
  chart: 'table',
  indexPattern: 'lambda',
  query,
  buckets: [BY_FUNCTION],
  metrics,
});

/** Lambda: invocations, durations, cold starts, memory, errors and timeouts per function. */
export const LAMBDA_DASHBOARD: Dashboard = {
  id: 'cwlpipe-dashboard-lambda',
  title: 'cwlpipe: Lambda',
  description:
    'Invocations, duration percentiles, billed duration, cold starts, memory, errors and timeouts by function.',
  timeFrom: 'now-24h',
  items: [
    {
      kind: 'panel',
      panel: {
        id: 'cwlpipe-lambda-invocations',
        title: 'Invocations over time by function',
        chart: 'histogram',
        indexPattern: 'lambda',
        query: REPORTS,
        buckets: [TIME, { agg: 'terms', field: 'lambda.function_name', size: 10 }],
        metrics: [{ agg: 'count' }],
      },
    },
    {
      kind: 'panel',
      panel: {
        id: 'cwlpipe-lambda-errors-timeouts',
        title: 'Errors and timeouts over time',
        chart: 'histogram',
        indexPattern: 'lambda',
        query: '',
        buckets: [
          TIME,
          {
            agg: 'filters',
            filters: [
              {
                label: 'errors',
                query: 'lambda.level:(ERROR OR FATAL OR CRITICAL) OR lambda.status:(error OR failure)',
              },
              { label: 'timeouts', query: 'lambda.record_type:TIMEOUT OR lambda.status:timeout' },
            ],
          },
        ],
        metrics: [{ agg: 'count' }],
      },
    },
    {
      kind: 'panel',
      panel: byFunction('duration', 'Duration (ms) by function: p50, p95, p99, max', REPORTS, [
        { agg: 'percentiles', field: 'lambda.duration_ms', percents: [50, 95, 99] },
        { agg: 'max', field: 'lambda.duration_ms' },
      ]),
    },
    {
      kind: 'panel',
      panel: byFunction('billed-duration', 'Billed duration (ms) by function', REPORTS, [
        { agg: 'sum', field: 'lambda.billed_duration_ms' },
        { agg: 'avg', field: 'lambda.billed_duration_ms' },
        { agg: 'count' },
      ]),
    },
    {
      kind: 'panel',
      panel: byFunction(
        'cold-starts',
        'Cold starts and init duration (ms) by function',
        'lambda.cold_start:true',
        [
          { agg: 'count' },
          { agg: 'avg', field: 'lambda.init_duration_ms' },
          { agg: 'max', field: 'lambda.init_duration_ms' },
        ],
      ),
    },
    {
      kind: 'panel',
      panel: byFunction('memory', 'Max memory used against memory size (MB)', REPORTS, [
        { agg: 'max', field: 'lambda.max_memory_used_mb' },
        { agg: 'max', field: 'lambda.memory_size_mb' },
      ]),
    },
    {
      kind: 'panel',
      panel: {
        id: 'cwlpipe-lambda-failures-by-function',
        title: 'Errors and timeouts by function',
        chart: 'table',
        indexPattern: 'lambda',
        query: LAMBDA_FAILURES,
        buckets: [BY_FUNCTION, { agg: 'terms', field: 'lambda.record_type', size: 10 }],
        metrics: [{ agg: 'count' }],
      },
    },
    {
      kind: 'panel',
      panel: {
        id: 'cwlpipe-lambda-error-types',
        title: 'Top error types',
        chart: 'horizontal_bar',
        indexPattern: 'lambda',
        query: '',
        filters: [{ kind: 'exists', field: 'lambda.error_type' }],
        buckets: [{ agg: 'terms', field: 'lambda.error_type', size: 10 }],
        metrics: [{ agg: 'count' }],
      },
    },
    {
      kind: 'search',
      search: {
        id: 'cwlpipe-search-lambda-failures',
        title: 'Lambda failures (with their messages)',
        indexPattern: 'lambda',
        query: LAMBDA_FAILURES,
        // A failed REPORT or INIT_REPORT has no `@message` (every part of it is a field): its status and
        // error type say what the line said. Application lines keep theirs.
        columns: [
          'lambda.function_name',
          'lambda.record_type',
          'lambda.level',
          'lambda.status',
          'lambda.error_type',
          '@message',
        ],
      },
    },
  ],
};
