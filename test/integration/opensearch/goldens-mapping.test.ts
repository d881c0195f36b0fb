import { createOpenSearchClient, type OpenSearchClient } from '../../../src/connectors/opensearch/client';
import { buildOpenSearchConfig, type OpenSearchConfig } from '../../../src/connectors/opensearch/config';
import { OpenSearchConnector } from '../../../src/connectors/opensearch/connector';
import { setupOpenSearch } from '../../../src/connectors/opensearch/setup';
import { type DocBody, deadlineIn, fieldsOfType, type PipelineDoc } from '../../../src/core';
import { removeSetup } from '../../../src/local/opensearch/remove-setup';
import { FIELD_CATALOG } from '../../../src/transformers';
import { listFixtures, runFixture } from '../../helpers/golden';
import { openSearchUrl, uniquePrefix } from './support';

// The golden documents and the index templates are both generated from the field table; this checks on a
// real node that they agree: every golden document indexes, adds no field the template does not declare
// (`json.*` is dynamic by design), and `@message` stays mapped as text where most documents leave it out.

interface MappingNode {
  type?: string;
  properties?: Record<string, MappingNode>;
}

/** Leaf paths of a mapping, `vpc.srcaddr` → `ip`. */
const leavesOf = (properties: Record<string, MappingNode>, prefix = ''): Map<string, string> => {
  const out = new Map<string, string>();
  for (const [key, node] of Object.entries(properties)) {
    const path = `${prefix}${key}`;
    if (node.properties !== undefined) {
      for (const [leaf, type] of leavesOf(node.properties, `${path}.`)) out.set(leaf, type);
    } else if (node.type !== undefined) out.set(path, node.type);
  }
  return out;
};

/** A golden document as connectors receive it (its event and origin only matter to dead letters). */
const asPipelineDoc = (body: DocBody, index: number): PipelineDoc => ({
  type: body['@type'],
  body,
  event: { id: body['@id'], timestamp: Date.parse(body['@timestamp']), message: body['@message'] ?? '' },
  source: {
    owner: body.aws.owner,
    logGroup: body.aws.log_group,
    logStream: body.aws.log_stream,
    subscriptionFilters: [],
  },
  origin: { recordIndex: index },
});

describe('OpenSearch: golden documents against the index templates', () => {
  let config: OpenSearchConfig;
  let client: OpenSearchClient;

  beforeAll(() => {
    config = buildOpenSearchConfig({
      url: openSearchUrl(),
      indexPrefix: uniquePrefix('gold'),
      retentionDays: 7,
    });
    client = createOpenSearchClient(config);
  });

  afterAll(async () => {
    await removeSetup(client, config.indexPrefix);
    await client.close();
  });

  it('indexes every golden document and maps nothing the field table does not declare', async () => {
    // Prepare: the connector, so a fixture's deliberate mapping conflict takes its real path (`@conflicts`).
    await setupOpenSearch(client, config, FIELD_CATALOG);
    const docs = listFixtures().flatMap((fixture) => runFixture(fixture).documents as DocBody[]);
    const connector = new OpenSearchConnector({ client, config });
    const types = [...new Set(docs.map((doc) => doc['@type']))];

    // Act
    const report = await connector.deliver(docs.map(asPipelineDoc), deadlineIn(120_000));
    await client.indices.refresh({ index: `${config.indexPrefix}-*` });
    const mappings = await Promise.all(
      types.map(async (type) => {
        // `json.*` is dynamic and left out: a fixture's `__proto__` key is one the client refuses to read back.
        const response = await client.indices.getMapping({
          index: `${config.indexPrefix}-${type}-*`,
          filter_path: ['-*.mappings.properties.json'],
        });
        const leaves = new Map<string, string>();
        for (const index of Object.values(response.body as Record<string, { mappings: MappingNode }>))
          for (const [path, mapped] of leavesOf(index.mappings.properties ?? {})) leaves.set(path, mapped);
        return [type, leaves] as const;
      }),
    );

    // Assess
    expect({ delivered: report.delivered, rejected: report.rejected, retryable: report.retryable }).toEqual({
      delivered: docs.length,
      rejected: [],
      retryable: [],
    });
    expect(types.sort()).toEqual(['cloudtrail', 'json', 'lambda', 'text', 'vpcflow']);
    for (const [type, leaves] of mappings) {
      const declared = new Set(fieldsOfType(FIELD_CATALOG, type).map((row) => row.name));
      const undeclared = [...leaves.keys()].filter(
        (path) => !declared.has(path) && !path.startsWith('json.') && !path.startsWith('@conflicts.'),
      );
      expect({ type, undeclared }).toEqual({ type, undeclared: [] });
      expect({ type, message: leaves.get('@message') }).toEqual({ type, message: 'text' });
    }
    const lean = docs.filter((doc) => doc['@message'] === undefined).map((doc) => doc['@type']);
    expect(new Set(lean)).toEqual(new Set(['vpcflow', 'cloudtrail', 'lambda']));
  });
});
