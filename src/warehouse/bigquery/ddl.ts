import { columnsOf, type TableSpec } from '../tables';
import type { SqlDialect } from '../views';

/** Where a table's computations are appended; the table's own name is the view of the newest one. */
export const versionsTableOf = (table: string): string => `${table}__versions`;
export const WINDOWS_TABLE = '_cwlpipe_windows';
export const STATE_TABLE = '_cwlpipe_sync_state';

interface SchemaField {
  readonly name: string;
  readonly type: string;
  readonly mode: 'NULLABLE' | 'REQUIRED';
  readonly description?: string;
}

/** The metadata of a table as `tables.insert` takes it. */
export interface TableMetadata {
  readonly schema: { readonly fields: readonly SchemaField[] };
  readonly timePartitioning: { readonly type: 'DAY'; readonly field: string };
  readonly clustering?: { readonly fields: readonly string[] };
  readonly description: string;
}

const VERSION_FIELDS: readonly SchemaField[] = [
  {
    name: 'computed_at',
    type: 'TIMESTAMP',
    mode: 'REQUIRED',
    description: 'When the sync that wrote the row started reading.',
  },
  { name: 'sync_id', type: 'STRING', mode: 'REQUIRED', description: 'The sync that wrote the row.' },
];

/**
 * The versions table of a warehouse table: its columns plus `computed_at` and `sync_id`, partitioned by
 * day of `minute` and clustered by up to four of its keys.
 *
 * @example
 * ```ts
 * versionsTableMetadata(TABLES[0]).clustering; // { fields: ['log_group', 'action', 'protocol', 'flow_direction'] }
 * ```
 */
export const versionsTableMetadata = (spec: TableSpec): TableMetadata => ({
  schema: {
    fields: [
      ...columnsOf(spec).map((column) => ({
        name: column.name,
        type: column.type,
        mode: column.name === 'minute' ? ('REQUIRED' as const) : ('NULLABLE' as const),
        description: column.description,
      })),
      ...VERSION_FIELDS,
    ],
  },
  timePartitioning: { type: 'DAY', field: 'minute' },
  ...(spec.dimensions.length > 0 && {
    clustering: { fields: spec.dimensions.slice(0, 4).map((dimension) => dimension.column) },
  }),
  description: `${spec.description} Every computation of a minute, appended; read the view ${spec.name}.`,
});

export const windowsTableMetadata: TableMetadata = {
  schema: {
    fields: [{ name: 'minute', type: 'TIMESTAMP', mode: 'REQUIRED' }, ...VERSION_FIELDS],
  },
  timePartitioning: { type: 'DAY', field: 'minute' },
  description:
    'One row per computation of a minute, written after its rows: the newest says which rows count.',
};

export const stateTableMetadata: TableMetadata = {
  schema: {
    fields: [
      { name: 'watermark', type: 'TIMESTAMP', mode: 'REQUIRED' },
      { name: 'sync_id', type: 'STRING', mode: 'REQUIRED' },
      { name: 'updated_at', type: 'TIMESTAMP', mode: 'REQUIRED' },
    ],
  },
  timePartitioning: { type: 'DAY', field: 'updated_at' },
  description: 'The sync watermark: the largest value is in force.',
};

/**
 * The view a table is read through: the rows of the newest computation of each minute (newest
 * `computed_at`, then `sync_id`), each once. DISTINCT makes a retried insert (same sync, same rows) count once.
 *
 * @example
 * ```ts
 * latestViewSql(TABLES[0], dialect); // 'SELECT DISTINCT r.minute, r.log_group, … FROM `p.d.vpc_flows_minute__versions` AS r JOIN (…) AS w ON …'
 * ```
 */
export const latestViewSql = (spec: TableSpec, dialect: SqlDialect): string =>
  `SELECT DISTINCT ${columnsOf(spec)
    .map((column) => `r.${column.name}`)
    .join(', ')}
FROM ${dialect.ref(versionsTableOf(spec.name))} AS r
JOIN (
  SELECT minute, computed_at, sync_id FROM ${dialect.ref(WINDOWS_TABLE)}
  WHERE TRUE
  QUALIFY ROW_NUMBER() OVER (PARTITION BY minute ORDER BY computed_at DESC, sync_id DESC) = 1
) AS w ON r.minute = w.minute AND r.computed_at = w.computed_at AND r.sync_id = w.sync_id`;
