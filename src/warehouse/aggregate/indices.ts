import { LOG_TYPES } from '../../transformers';
import type { TableSource } from '../tables';

/**
 * The indices a table is computed from, as one comma-separated search target.
 *
 * @example
 * ```ts
 * indicesOf({ kind: 'logType', type: 'lambda' }, 'cwl'); // 'cwl-lambda-*'
 * indicesOf({ kind: 'allLogTypes' }, 'cwl'); // 'cwl-vpcflow-*,cwl-lambda-*,…' (never the dead letters)
 * ```
 */
export const indicesOf = (source: TableSource, prefix: string): string => {
  switch (source.kind) {
    case 'logType':
      return `${prefix}-${source.type}-*`;
    case 'allLogTypes':
      return LOG_TYPES.map((type) => `${prefix}-${type}-*`).join(',');
    case 'deadletter':
      return `${prefix}-deadletter-*`;
  }
};
