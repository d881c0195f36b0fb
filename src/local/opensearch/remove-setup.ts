import type { OpenSearchClient } from '../../connectors/opensearch/client';
import { ismPolicyId } from '../../connectors/opensearch/ism';

/**
 * Removes what `cwlpipe setup` and a run's documents left under one index prefix: its indices, its index
 * templates and its ISM retention policy (a cluster without ISM answers 400/404/405, which is fine). For
 * benches and tests that work under a prefix of their own on a shared node.
 *
 * @example
 * ```ts
 * await removeSetup(client, 'cwlbench1a2b');
 * ```
 */
export const removeSetup = async (client: OpenSearchClient, prefix: string): Promise<void> => {
  await client.indices.delete({ index: `${prefix}-*`, ignore_unavailable: true, allow_no_indices: true });
  await client.transport.request(
    { method: 'DELETE', path: `/_index_template/${prefix}-*` },
    { ignore: [404] },
  );
  await client.transport.request(
    { method: 'DELETE', path: `/_plugins/_ism/policies/${ismPolicyId(prefix)}` },
    { ignore: [400, 404, 405] },
  );
};
