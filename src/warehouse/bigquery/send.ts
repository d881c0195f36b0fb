import type { Table } from '@google-cloud/bigquery';
import { insertError } from './classify';
import type { InsertRow } from './encode';

/** BigQuery takes at most 50,000 rows and 10 MB per insertAll; 500 rows keeps requests small. */
const ROWS_PER_REQUEST = 500;

/**
 * Streams rows into a table with the client's own insertAll, request by request. The first refused
 * request throws (a `WarehouseRejectedError` or `WarehouseUnavailableError`); rows already sent stay
 * unreferenced until a computation marks their minute, so nothing half-written is ever counted.
 *
 * @example
 * ```ts
 * await insertRows(dataset.table('vpc_flows_minute__versions'), rows);
 * ```
 */
export const insertRows = async (table: Table, rows: readonly InsertRow[]): Promise<void> => {
  for (let start = 0; start < rows.length; start += ROWS_PER_REQUEST) {
    try {
      await table.insert(rows.slice(start, start + ROWS_PER_REQUEST), { raw: true });
    } catch (error) {
      throw insertError(error, table.id ?? 'a table');
    }
  }
};
