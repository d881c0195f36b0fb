import { join } from 'node:path';
import { setupOpenSearch } from '../../../src/connectors/opensearch/setup';
import { deadlineIn } from '../../../src/core';
import { FIELD_CATALOG } from '../../../src/transformers';
import { FIXTURES } from '../../helpers/golden';
import { deleteIndices, fixtureDocs, testConfig, testConnector, uniquePrefix } from './support';

/** Every secret and personal value the fixture carries, exactly as written in it. */
const SECRETS = [
  'ana.maria@example.com',
  '203.0.113.7',
  'Tr0ub4dor&3',
  'AKIAIOSFODNN7EXAMPLE',
  'mF_9.B5f-4.1JqM.s3cr3tT0ken',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  '4111 1111 1111 1111',
  'joao@example.org',
  'IQoJb3JpZ2luX2VjEHcaCWV1LXdlc3Qt',
  '2001:db8::8a2e:370:7334',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  's3cr3tClientValue9',
  'abcd1234efgh5678',
  'MIIEowIBAAKCAQEAx',
];

describe('Privacy on the real local OpenSearch', () => {
  const prefix = uniquePrefix('privacy');
  const config = testConfig(prefix);
  const { connector, client } = testConnector(config);

  beforeAll(async () => {
    await setupOpenSearch(client, config, FIELD_CATALOG);
    const docs = fixtureDocs(join(FIXTURES, 'privacy', 'secrets.json'));
    const report = await connector.deliver(docs, deadlineIn(60_000));
    expect(report).toMatchObject({ delivered: docs.length, retryable: [], rejected: [] });
    await client.indices.refresh({ index: `${prefix}-*` });
  });

  afterAll(async () => {
    await deleteIndices(client, prefix);
    await client.indices.deleteIndexTemplate({ name: `${prefix}-*` }).catch(() => undefined);
    await connector.close();
  });

  it('indexes the fixture, redactions in place', async () => {
    // Act
    const { body } = await client.search({
      index: `${prefix}-*`,
      body: { size: 100, query: { match_phrase: { '@message': '[aws_key]' } } },
    });

    // Assess
    expect(body.hits.hits).toHaveLength(1);
  });

  it.each(SECRETS)('finds nothing when searching for %j', async (secret) => {
    // Act
    const { body } = await client.search({
      index: `${prefix}-*`,
      body: {
        size: 100,
        query: {
          bool: {
            should: [
              { multi_match: { query: secret, fields: ['*'], type: 'phrase', lenient: true } },
              { query_string: { query: `"${secret.replaceAll('"', '\\"')}"`, fields: ['*'], lenient: true } },
            ],
          },
        },
      },
    });
    const everything = await client.search({
      index: `${prefix}-*`,
      body: { size: 100, query: { match_all: {} } },
    });

    // Assess
    expect(body.hits.hits).toEqual([]);
    expect(everything.body.hits.hits.length).toBeGreaterThan(0);
    expect(JSON.stringify(everything.body.hits.hits.map((hit) => hit._source))).not.toContain(secret);
  });
});
