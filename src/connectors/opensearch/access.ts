import { createOpenSearchClient, type OpenSearchClient } from './client';
import { OPENSEARCH_ENV, openSearchConfigFromEnv } from './config';

/** The OpenSearch security role cwlpipe's writers and readers are mapped to. */
export const WRITER_ROLE = 'cwlpipe_writer';

/**
 * The fine-grained access control role of cwlpipe's functions and tasks: everything on its own indices
 * (`<prefix>-*`, incl. the dead letters) and nothing on others; bulk and search across them; snapshots for
 * the daily batch.
 *
 * @example
 * ```ts
 * writerRole('cwl').index_permissions[0].index_patterns; // ['cwl-*']
 * ```
 */
export const writerRole = (indexPrefix: string) => ({
  cluster_permissions: ['cluster_composite_ops', 'cluster_monitor', 'manage_snapshots'],
  index_permissions: [{ index_patterns: [`${indexPrefix}-*`], allowed_actions: ['indices_all'] }],
});

/**
 * Maps IAM roles (backend roles under fine-grained access control) to {@link WRITER_ROLE}, creating or
 * replacing the role first. Run by the domain's master user (the setup function), so the consumer, the
 * warehouse and the batch get exactly these rights and no more.
 *
 * @example
 * ```ts
 * await mapWriterRoles(client, 'cwl', ['arn:aws:iam::123456789012:role/cwlpipe-consumer']);
 * ```
 */
export const mapWriterRoles = async (
  client: OpenSearchClient,
  indexPrefix: string,
  roleArns: readonly string[],
): Promise<void> => {
  await client.transport.request({
    method: 'PUT',
    path: `/_plugins/_security/api/roles/${WRITER_ROLE}`,
    body: writerRole(indexPrefix),
  });
  await client.transport.request({
    method: 'PUT',
    path: `/_plugins/_security/api/rolesmapping/${WRITER_ROLE}`,
    body: { backend_roles: [...roleArns].sort() },
  });
};

/**
 * The client and index prefix for role mapping, when the environment points at an Amazon OpenSearch Service
 * domain (SigV4); undefined otherwise (a local cluster or Elasticsearch has no fine-grained access control to map).
 *
 * @example
 * ```ts
 * openSearchAccessFromEnv({ OPENSEARCH_URL: 'https://search-logs…', OPENSEARCH_AWS_REGION: 'eu-west-1' })?.indexPrefix; // 'cwl'
 * ```
 */
export const openSearchAccessFromEnv = (
  env: NodeJS.ProcessEnv,
): { client: OpenSearchClient; indexPrefix: string } | undefined => {
  if (env[OPENSEARCH_ENV.url] === undefined || env[OPENSEARCH_ENV.url] === '') return undefined;
  const config = openSearchConfigFromEnv(env);
  if (config.auth.kind !== 'sigv4' || config.auth.service !== 'es') return undefined;
  return { client: createOpenSearchClient(config), indexPrefix: config.indexPrefix };
};
