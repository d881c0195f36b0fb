import type { DestinationReadBack } from '../registration';
import type { OpenSearchConfig } from './config';
import { createTransportClient } from './transport-client';

/**
 * What an OpenSearch or Elasticsearch cluster holds under the config's index prefix (`<prefix>-*`), read
 * back over the same HTTP layer the connector writes with. Plain requests on the transport client, not the
 * full client: the registration ships in the Lambda bundles, which leave the client's API modules out.
 *
 * @example
 * ```ts
 * const readBack = searchReadBack(openSearchConfigFromEnv({ OPENSEARCH_URL: url, OPENSEARCH_INDEX_PREFIX: 'tcontract1' }));
 * await readBack.stored(); // documents in tcontract1-*
 * ```
 */
export const searchReadBack = (config: OpenSearchConfig): DestinationReadBack => {
  const client = createTransportClient(config);
  const scope = `${config.indexPrefix}-*`;
  // A scope with no index yet holds nothing: that is an answer (0), not an error.
  const querystring = { ignore_unavailable: 'true', allow_no_indices: 'true' };
  return {
    stored: async () => {
      // Delivered documents become visible to a count at the next refresh; make it now.
      await client.transport.request({ method: 'POST', path: `/${scope}/_refresh`, querystring });
      const { body } = (await client.transport.request({
        method: 'GET',
        path: `/${scope}/_count`,
        querystring,
      })) as { body: { count: number } };
      return body.count;
    },
    remove: async () => {
      await client.transport.request({ method: 'DELETE', path: `/${scope}`, querystring });
      // The setup's templates are named by the prefix; a scope whose setup never ran has none.
      await client.transport.request(
        { method: 'DELETE', path: `/_index_template/${scope}` },
        { ignore: [404] },
      );
    },
    close: () => client.close(),
  };
};
