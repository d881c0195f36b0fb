import type { FieldCatalog, FieldRow } from '../core';
import { COMMON_FIELDS } from './common';
import { LOG_TYPES, TRANSFORMERS } from './registry';

/**
 * The field table: the single source for index templates, dashboards and warehouse schemas.
 * Each transformer declares its own fields next to its code; this is where they meet.
 *
 * @example
 * ```ts
 * FIELD_TABLE.filter((row) => row.logType === 'vpcflow' && row.type === 'ip').map((row) => row.name);
 * // ['vpc.srcaddr', 'vpc.dstaddr', 'vpc.pkt_srcaddr', 'vpc.pkt_dstaddr']
 * ```
 */
export const FIELD_TABLE: readonly FieldRow[] = [
  ...COMMON_FIELDS.map((field) => ({ ...field, logType: 'common' as const })),
  ...TRANSFORMERS.flatMap((transformer) =>
    transformer.fields.map((field) => ({ ...field, logType: transformer.id })),
  ),
];

/** The field table with every registered log type: what connectors are handed for their setup. */
export const FIELD_CATALOG: FieldCatalog = { logTypes: LOG_TYPES, rows: FIELD_TABLE };
