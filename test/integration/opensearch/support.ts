import { existsSync } from 'node:fs';
import { createOpenSearchClient, type OpenSearchClient } from '../../../src/connectors/opensearch/client';
import { buildOpenSearchConfig, type OpenSearchConfig } from '../../../src/connectors/opensearch/config';
import {
  OpenSearchConnector,
  type OpenSearchConnectorOptions,
} from '../../../src/connectors/opensearch/connector';
import { readInputFile } from '../../../src/consumers/files';
import type { PipelineDoc } from '../../../src/core';
import { buildConfig, loadConfigFile } from '../../../src/pipeline/config';
import { Pipeline } from '../../../src/pipeline/run';
import { configPath, FIXED_INGESTED_AT } from '../../helpers/golden';

/** The cluster the integration setup started (or the one OPENSEARCH_URL names). */
export const openSearchUrl = (): string => {
  const url = process.env.OPENSEARCH_URL;
  if (url === undefined || url === '')
    throw new Error('OPENSEARCH_URL is not set: the integration setup starts OpenSearch.');
  return url;
};

/** An index prefix no other test uses, so tests can run side by side and clean up after themselves. */
export const uniquePrefix = (name: string): string =>
  `t${name}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`.toLowerCase();

export const testConfig = (
  prefix: string,
  url = openSearchUrl(),
  bulk: Partial<OpenSearchConfig['bulk']> = {},
) => {
  const base = buildOpenSearchConfig({ url, indexPrefix: prefix });
  return { ...base, bulk: { ...base.bulk, ...bulk } };
};

export const testConnector = (
  config: OpenSearchConfig,
  options: Partial<OpenSearchConnectorOptions> = {},
): { connector: OpenSearchConnector; client: OpenSearchClient } => {
  const client = createOpenSearchClient(config);
  return { connector: new OpenSearchConnector({ client, config, ...options }), client };
};

/** A fixture's documents as connectors receive them (with their events and records). */
export const fixtureDocs = (fixture: string): PipelineDoc[] => {
  const config = existsSync(configPath(fixture)) ? loadConfigFile(configPath(fixture)) : buildConfig();
  const pipeline = new Pipeline(config, () => new Date(FIXED_INGESTED_AT));
  return readInputFile(fixture).records.flatMap((record) => pipeline.process(record).docs);
};

/** Makes everything written so far searchable, then counts the documents in `<prefix>-<pattern>`. */
export const countDocs = async (client: OpenSearchClient, prefix: string, pattern = '*'): Promise<number> => {
  const index = `${prefix}-${pattern}`;
  await client.indices.refresh({
    index,
    ignore_unavailable: true,
    allow_no_indices: true,
  });
  const { body } = await client.count({
    index,
    ignore_unavailable: true,
    allow_no_indices: true,
  });
  return body.count;
};

export const deleteIndices = async (client: OpenSearchClient, prefix: string): Promise<void> => {
  await client.indices.delete({ index: `${prefix}-*`, ignore_unavailable: true, allow_no_indices: true });
};
