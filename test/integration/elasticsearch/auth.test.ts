import { CONNECTORS } from '../../../src/connectors';
import { ELASTICSEARCH_ENGINE } from '../../../src/connectors/elasticsearch/config';
import { createOpenSearchClient } from '../../../src/connectors/opensearch/client';
import { buildOpenSearchConfig } from '../../../src/connectors/opensearch/config';
import { type Connector, deadlineIn } from '../../../src/core';
import {
  type SecuredElasticsearch,
  startSecuredElasticsearch,
} from '../../../src/local/elasticsearch/secured';
import { FIELD_CATALOG } from '../../../src/transformers';
import { contractDocs } from '../../helpers/connector-contract';
import { countDocs, uniquePrefix } from '../opensearch/support';

// A node of its own with security on (HTTPS with its own CA, real users and API keys): the shared node of
// the integration setup runs without security, as most suites want.
const ELASTICSEARCH = CONNECTORS.find((registration) => registration.id === 'elasticsearch');

describe('Elasticsearch with security on: users, API keys, and a CA of its own', () => {
  let node: SecuredElasticsearch;
  const connectors: Connector[] = [];

  /** The connector as a user configures it: variables only, as a Lambda or the CLI reads them. */
  const connectorWith = (variables: Record<string, string>, prefix: string, trustCa = true): Connector => {
    if (ELASTICSEARCH === undefined) throw new Error('the elasticsearch connector is not registered');
    const connector = ELASTICSEARCH.create({
      ELASTICSEARCH_URL: node.url,
      ...(trustCa && { ELASTICSEARCH_CA_CERT: node.caCertPath }),
      ELASTICSEARCH_INDEX_PREFIX: prefix,
      ...variables,
    });
    connectors.push(connector);
    return connector;
  };

  /** Counts what a prefix holds, as the superuser. */
  const stored = async (prefix: string): Promise<number> => {
    const client = createOpenSearchClient(
      buildOpenSearchConfig(
        { url: node.url, caCert: node.caCertPath, username: node.username, password: node.password },
        ELASTICSEARCH_ENGINE,
      ),
    );
    try {
      return await countDocs(client, prefix);
    } finally {
      await client.close();
    }
  };

  beforeAll(async () => {
    node = await startSecuredElasticsearch();
  }, 240_000);
  afterAll(async () => {
    await Promise.all(connectors.map((connector) => connector.close?.()));
    await node?.stop();
  });

  it('sets up and delivers every document as a user, over TLS signed by the cluster CA', async () => {
    // Prepare
    const prefix = uniquePrefix('auth');
    const connector = connectorWith(
      { ELASTICSEARCH_USERNAME: node.username, ELASTICSEARCH_PASSWORD: node.password },
      prefix,
    );
    const docs = contractDocs();

    // Act
    const health = await connector.health?.();
    await connector.setup?.({ fields: FIELD_CATALOG });
    const report = await connector.deliver(docs, deadlineIn(60_000));

    // Assess
    expect(health?.healthy).toBe(true);
    expect(report.retryable).toEqual([]);
    expect(report.delivered + report.rejected.length).toBe(docs.length);
    expect(await stored(prefix)).toBe(report.delivered);
  });

  it('reports a wrong password as unhealthy, names the cause, and delivers nothing as done', async () => {
    // Prepare
    const prefix = uniquePrefix('authbad');
    const connector = connectorWith(
      { ELASTICSEARCH_USERNAME: node.username, ELASTICSEARCH_PASSWORD: 'wrong' },
      prefix,
    );
    const docs = contractDocs().slice(0, 3);

    // Act
    const health = await connector.health?.();
    const report = await connector.deliver(docs, deadlineIn(5_000));

    // Assess
    expect(health?.healthy).toBe(false);
    expect(health?.detail).toMatch(/401|authenticat|credentials/i);
    expect(report.delivered).toBe(0);
    expect(report.retryable.length + report.rejected.length).toBe(docs.length);
    expect(await stored(prefix)).toBe(0);
  });

  // The minimal zip has no analysis-common module, so the cluster cannot create its `.security` index and no
  // API key can be made on it; what is tested here is that the key reaches Elasticsearch's API key service
  // in the form it reads (`Authorization: ApiKey <base64 id:key>`), which answers 401 for a key it never issued.
  it('sends an API key as Elasticsearch reads it, and reports an unknown key as refused', async () => {
    // Prepare
    const prefix = uniquePrefix('authkey');
    const unknownKey = Buffer.from('cwlpipe-unknown-id:not-a-real-key').toString('base64');
    const connector = connectorWith({ ELASTICSEARCH_API_KEY: unknownKey }, prefix);

    // Act
    const health = await connector.health?.();

    // Assess
    expect(health?.healthy).toBe(false);
    expect(health?.detail).toMatch(/401|authenticat|credentials/i);
  });

  it('refuses a certificate it was not told to trust, and says it is a TLS problem', async () => {
    // Prepare
    const prefix = uniquePrefix('authca');
    const connector = connectorWith(
      { ELASTICSEARCH_USERNAME: node.username, ELASTICSEARCH_PASSWORD: node.password },
      prefix,
      false,
    );

    // Act
    const health = await connector.health?.();

    // Assess
    expect(health?.healthy).toBe(false);
    expect(health?.detail).toMatch(/certificate|TLS|self.signed/i);
  });
});
