import { buildOpenSearchConfig } from '../../../../src/connectors/opensearch/config';

describe('createOpenSearchClient', () => {
  it('builds the client on first use, once, and forwards reads and calls to it', () => {
    // Prepare: a stand-in for the library's Client that counts constructions.
    const constructed: unknown[] = [];
    class CountingClient {
      public readonly node: string;
      public constructor(options: { node: string }) {
        constructed.push(options);
        this.node = options.node;
      }
      public nodeOf(): string {
        return this.node;
      }
    }
    jest.doMock('@opensearch-project/opensearch', () => ({ Client: CountingClient }));
    let createOpenSearchClient!: typeof import('../../../../src/connectors/opensearch/client').createOpenSearchClient;
    jest.isolateModules(() => {
      ({ createOpenSearchClient } = require('../../../../src/connectors/opensearch/client'));
    });
    const config = buildOpenSearchConfig({ url: 'http://127.0.0.1:9200' });

    // Act
    const client = createOpenSearchClient(config) as unknown as CountingClient;
    const beforeUse = constructed.length;
    const { nodeOf } = client;

    // Assess: nothing built at creation; one client for every later read; methods stay bound to it.
    expect(beforeUse).toBe(0);
    expect(client.node).toBe('http://127.0.0.1:9200');
    expect(nodeOf()).toBe('http://127.0.0.1:9200');
    expect('nodeOf' in client).toBe(true);
    expect(constructed).toHaveLength(1);
    jest.dontMock('@opensearch-project/opensearch');
  });
});
