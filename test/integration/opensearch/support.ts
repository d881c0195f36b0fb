import { existsSync } from 'node:fs';
import { ELASTICSEARCH_ENGINE } from '../../../src/connectors/elasticsearch/config';
import { ilmRetention } from '../../../src/connectors/elasticsearch/ilm';
import { createOpenSearchClient, type OpenSearchClient } from '../../../src/connectors/opensearch/client';
import {
  buildOpenSearchConfig,
  OPENSEARCH_ENGINE,
  type OpenSearchConfig,
  type SearchEngine,
} from '../../../src/connectors/opensearch/config';
import {
  OpenSearchConnector,
  type OpenSearchConnectorOptions,
} from '../../../src/connectors/opensearch/connector';
import { ismRetention, type Retention } from '../../../src/connectors/opensearch/setup';
import { readInputFile } from '../../../src/consumers/files';
import type { PipelineDoc } from '../../../src/core';
import { buildConfig, loadConfigFile } from '../../../src/pipeline/config';
import { Pipeline } from '../../../src/pipeline/run';
import { configPath, FIXED_INGESTED_AT } from '../../helpers/golden';

/** A search engine the delivery suites run against: its settings' names, its variable, its retention. */
export interface TestEngine {
  readonly id: string;
  readonly engine: SearchEngine;
  readonly urlVariable: string;
  readonly retention: Retention;
}

/** Every engine the integration setup starts a node of; suites run `describe.each(ENGINES)`. */
export const ENGINES: readonly TestEngine[] = [
  { id: 'opensearch', engine: OPENSEARCH_ENGINE, urlVariable: 'OPENSEARCH_URL', retention: ismRetention },
  {
    id: 'elasticsearch',
    engine: ELASTICSEARCH_ENGINE,
    urlVariable: 'ELASTICSEARCH_URL',
    retention: ilmRetention,
  },
];

/** The cluster the integration setup started (or the one OPENSEARCH_URL / ELASTICSEARCH_URL names). */
export const engineUrl = (engine: TestEngine = OPENSEARCH): string => {
  const url = process.env[engine.urlVariable];
  if (url === undefined || url === '')
    throw new Error(`${engine.urlVariable} is not set: the integration setup starts ${engine.engine.label}.`);
  return url;
};

const OPENSEARCH = ENGINES[0] as TestEngine;

/** The OpenSearch cluster of the integration setup. */
export const openSearchUrl = (): string => engineUrl(OPENSEARCH);

/** An index prefix no other test uses, so tests can run side by side and clean up after themselves. */
export const uniquePrefix = (name: string): string =>
  `t${name}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`.toLowerCase();

export const testConfig = (
  prefix: string,
  options: { engine?: TestEngine; url?: string; bulk?: Partial<OpenSearchConfig['bulk']> } = {},
): OpenSearchConfig => {
  const engine = options.engine ?? OPENSEARCH;
  const base = buildOpenSearchConfig(
    { url: options.url ?? engineUrl(engine), indexPrefix: prefix },
    engine.engine,
  );
  return { ...base, bulk: { ...base.bulk, ...options.bulk } };
};

/** A connector for the config's engine, with that engine's retention, and a client of its own. */
export const testConnector = (
  config: OpenSearchConfig,
  options: Partial<OpenSearchConnectorOptions> = {},
): { connector: OpenSearchConnector; client: OpenSearchClient } => {
  const client = createOpenSearchClient(config);
  const retention = ENGINES.find((engine) => engine.id === config.engine.id)?.retention;
  return {
    connector: new OpenSearchConnector({ client, config, ...(retention && { retention }), ...options }),
    client,
  };
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
