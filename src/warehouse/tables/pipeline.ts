import type { TableSpec } from './spec';

/** The pipeline's own tables: documents of every log type, and dead letters. */
export const PIPELINE_TABLES: readonly TableSpec[] = [
  {
    name: 'pipeline_documents_minute',
    description:
      'Documents indexed per event minute, type and log group, with when the first and last arrived.',
    source: { kind: 'allLogTypes' },
    dimensions: [
      { column: 'doc_type', field: '@type' },
      { column: 'log_group', field: 'aws.log_group' },
    ],
    metrics: [
      { column: 'documents', kind: 'count', description: 'Documents.' },
      {
        column: 'first_ingested',
        kind: 'min',
        field: '@ingested',
        description: 'When cwlpipe processed the first.',
      },
      {
        column: 'last_ingested',
        kind: 'max',
        field: '@ingested',
        description: 'When cwlpipe processed the last.',
      },
    ],
  },
  {
    name: 'pipeline_deadletters_minute',
    description: 'Dead letters per minute they were written, stage, reason code and connector.',
    source: { kind: 'deadletter' },
    dimensions: [
      { column: 'stage', field: 'stage' },
      { column: 'code', field: 'code' },
      { column: 'connector', field: 'connector' },
    ],
    metrics: [{ column: 'letters', kind: 'count', description: 'Dead letters.' }],
  },
];
