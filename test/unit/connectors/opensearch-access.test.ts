import {
  mapWriterRoles,
  openSearchAccessFromEnv,
  writerRole,
} from '../../../src/connectors/opensearch/access';
import type { OpenSearchClient } from '../../../src/connectors/opensearch/client';

describe("OpenSearch access: cwlpipe's role under fine-grained access control", () => {
  it("gives the writer role everything on cwlpipe's indices and nothing on others", () => {
    // Prepare // Act
    const role = writerRole('cwl');
    // Assess
    expect(role.index_permissions).toEqual([{ index_patterns: ['cwl-*'], allowed_actions: ['indices_all'] }]);
    expect(role.cluster_permissions).not.toContain('cluster_all');
  });

  it('creates the role, then maps exactly the given IAM roles to it', async () => {
    // Prepare: a recording transport (the local OpenSearch has no security plugin to answer these paths).
    const requests: { method: string; path: string; body: unknown }[] = [];
    const client = {
      transport: {
        request: async (params: { method: string; path: string; body: unknown }) => requests.push(params),
      },
    } as unknown as OpenSearchClient;
    // Act
    await mapWriterRoles(client, 'cwl', ['arn:aws:iam::1:role/b', 'arn:aws:iam::1:role/a']);
    // Assess
    expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'PUT /_plugins/_security/api/roles/cwlpipe_writer',
      'PUT /_plugins/_security/api/rolesmapping/cwlpipe_writer',
    ]);
    expect(requests[1]?.body).toEqual({ backend_roles: ['arn:aws:iam::1:role/a', 'arn:aws:iam::1:role/b'] });
  });

  it('maps roles only on an Amazon OpenSearch Service domain (SigV4, service es)', () => {
    // Prepare // Act // Assess
    expect(openSearchAccessFromEnv({})).toBeUndefined();
    expect(openSearchAccessFromEnv({ OPENSEARCH_URL: 'http://127.0.0.1:9200' })).toBeUndefined();
    expect(
      openSearchAccessFromEnv({
        OPENSEARCH_URL: 'https://search-logs.eu-west-1.es.amazonaws.com',
        OPENSEARCH_AWS_REGION: 'eu-west-1',
        OPENSEARCH_INDEX_PREFIX: 'logs',
      })?.indexPrefix,
    ).toBe('logs');
  });
});
