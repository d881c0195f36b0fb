import { OPENSEARCH_DEFAULTS } from '../opensearch/config';
import { ismPolicyId } from '../opensearch/ism';
import type { Retention, RetentionResult } from '../opensearch/setup';
import { contentHash } from '../opensearch/templates';

/**
 * The body of an index lifecycle management policy (`PUT _ilm/policy/<id>`): indices stay in `hot` and
 * are deleted once `retentionDays` old. With no rollover, a phase's `min_age` counts from the index's
 * creation, so a backfilled old day is kept the full period, as with OpenSearch's ISM policy. `_meta`
 * carries a digest so `cwlpipe setup` knows when the stored policy is out of date.
 *
 * @example
 * ```ts
 * ilmPolicyBody({ retentionDays: 7 }).policy.phases.delete; // { min_age: '7d', actions: { delete: {} } }
 * ```
 */
export const ilmPolicyBody = (options: { prefix?: string; retentionDays?: number } = {}) => {
  const prefix = options.prefix ?? OPENSEARCH_DEFAULTS.indexPrefix;
  const retentionDays = options.retentionDays ?? OPENSEARCH_DEFAULTS.retentionDays;
  const phases = {
    hot: { min_age: '0ms', actions: {} },
    delete: { min_age: `${retentionDays}d`, actions: { delete: {} } },
  };
  return {
    policy: {
      _meta: {
        managed_by: 'cwlpipe',
        description: `delete ${prefix}-* indices ${retentionDays} days after creation`,
        cwlpipe_hash: contentHash(phases),
      },
      phases,
    },
  };
};

interface Answer {
  readonly statusCode: number | null;
  readonly body: Record<string, { policy?: { _meta?: { cwlpipe_hash?: string } } }> & { error?: unknown };
}

/** What a cluster without ILM answers when `_ilm/...` is read as an index name (7.17's OSS build). */
const NO_ILM_ERRORS = new Set(['index_not_found_exception', 'invalid_index_name_exception']);

const errorTypeOf = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && typeof (error as { type?: unknown }).type === 'string'
    ? (error as { type: string }).type
    : undefined;

/**
 * Elasticsearch's retention: the ILM policy `<prefix>-retention`, named by every template
 * (`index.lifecycle.name`) and set on the indices that already exist when the policy is new. A cluster
 * without ILM (the minimal zip has no x-pack-ilm module; OpenSearch has none) gets an `unavailable` outcome
 * and templates without the setting, which such a cluster would refuse.
 *
 * @example
 * ```ts
 * const report = await setupOpenSearch(client, config, FIELD_CATALOG, ilmRetention); // report.retention.kind === 'ILM'
 * ```
 */
export const ilmRetention: Retention = {
  install: async (client, config): Promise<RetentionResult> => {
    const kind = 'ILM';
    const policyId = ismPolicyId(config.indexPrefix);
    const path = `/_ilm/policy/${encodeURIComponent(policyId)}`;
    const desired = ilmPolicyBody({ prefix: config.indexPrefix, retentionDays: config.retentionDays });
    const existing = (await client.transport.request(
      { method: 'GET', path },
      { ignore: [400, 404, 405] },
    )) as Answer;
    // Only ILM's own "no such policy" means missing: 7.17 OSS has no ILM and reads the path as an index
    // (`index_not_found_exception` for `_ilm`), 8.x's minimal zip has no handler for it at all.
    const errorType = errorTypeOf(existing.body.error);
    const missing = existing.statusCode === 404 && errorType === 'resource_not_found_exception';
    if (existing.statusCode !== 200 && !missing) {
      const detail =
        typeof existing.body.error === 'string' ? existing.body.error : JSON.stringify(existing.body.error);
      const reason =
        /no handler found/i.test(detail ?? '') || NO_ILM_ERRORS.has(errorType ?? '')
          ? 'the cluster has no index lifecycle management (ILM), so old indices are not deleted automatically'
          : `the ILM API answered HTTP ${existing.statusCode}: ${detail ?? 'no details'}`;
      return { kind, policyId, outcome: 'unavailable', reason };
    }
    if (
      !missing &&
      existing.body[policyId]?.policy?._meta?.cwlpipe_hash === desired.policy._meta.cwlpipe_hash
    ) {
      return { kind, policyId, outcome: 'unchanged' };
    }
    await client.transport.request({ method: 'PUT', path, body: desired });
    if (!missing) return { kind, policyId, outcome: 'updated' };
    // Templates reach only indices created from now on; those that exist get the policy here.
    await client.transport.request(
      {
        method: 'PUT',
        path: `/${config.indexPrefix}-*/_settings`,
        querystring: { allow_no_indices: true, expand_wildcards: 'open' },
        body: { 'index.lifecycle.name': policyId },
      },
      { ignore: [404] },
    );
    return { kind, policyId, outcome: 'created' };
  },
  templateSettings: (result) =>
    result.outcome === 'unavailable' ? {} : { 'index.lifecycle.name': result.policyId },
};
