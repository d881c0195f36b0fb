import type { OpenSearchClient } from '../connectors/opensearch/client';
import { describeError } from '../core';
import { syncWarehouse, warehouseFromEnv } from '../warehouse';
import { formatTable } from './print-table';

/** What `npm start` shows of the warehouse: a few rows of the Lambda percentiles and the VPC totals. */
const SHOWN = [
  'SELECT minute, function_name, invocations, p50_ms, p95_ms, p99_ms FROM lambda_percentiles_minute ORDER BY invocations DESC, minute LIMIT 5',
  'SELECT action, SUM(flows) AS flows, SUM(bytes) AS bytes FROM vpc_flows_minute GROUP BY action ORDER BY action',
];

/**
 * The end of `npm start`: the aggregates synced into the embedded DuckDB warehouse (`CWLPIPE_DUCKDB_PATH`,
 * default `.cwlpipe/warehouse.duckdb`) and a few rows of it. A warehouse failure is reported, and the
 * run's summary above it still stands.
 *
 * @example
 * ```ts
 * process.stdout.write(await startWarehouse(env, client, 'cwl'));
 * ```
 */
export const startWarehouse = async (
  env: NodeJS.ProcessEnv,
  search: OpenSearchClient,
  prefix: string,
): Promise<string> => {
  const duckEnv = { ...env, CWLPIPE_WAREHOUSE: 'duckdb' };
  try {
    // What the poller just delivered becomes searchable now, not at the next refresh.
    await search.indices.refresh({ index: `${prefix}-*`, ignore_unavailable: true, allow_no_indices: true });
    const report = await syncWarehouse({ env: duckEnv });
    const warehouse = await warehouseFromEnv(duckEnv);
    try {
      const lines = [`\nWarehouse (${warehouse.label}): ${report.windows} minute(s) synced.\n`];
      for (const sql of SHOWN) {
        const result = await warehouse.query(sql);
        lines.push(`\n${sql}\n${formatTable(result.columns, result.rows)}`);
      }
      lines.push(`Query it: npx cwlpipe warehouse query "SELECT * FROM cloudtrail_minute LIMIT 10"\n`);
      return lines.join('');
    } finally {
      await warehouse.close();
    }
  } catch (error) {
    return `\nWarehouse: the DuckDB sync failed: ${describeError(error)}\n`;
  }
};
