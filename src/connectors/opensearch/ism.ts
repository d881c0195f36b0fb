import { OPENSEARCH_DEFAULTS } from './config';
import { contentHash } from './templates';

/**
 * The body of an Index State Management policy (`PUT _plugins/_ism/policies/<id>`): every `cwl-*` index
 * starts `hot` and is deleted once it is `retentionDays` old. Age counts from the index's creation, so a
 * backfill that creates an old day's index today keeps it for the full period. The `ism_template` attaches
 * the policy to new indices automatically; the description carries a digest so `cwlpipe setup` knows when
 * the stored policy is out of date.
 *
 * @example
 * ```ts
 * ismPolicyBody({ retentionDays: 30 }).policy.states[0].transitions[0].conditions; // { min_index_age: '30d' }
 * ```
 */
export const ismPolicyBody = (
  options: { prefix?: string; retentionDays?: number } = {},
): { policy: IsmPolicy } => {
  const prefix = options.prefix ?? OPENSEARCH_DEFAULTS.indexPrefix;
  const retentionDays = options.retentionDays ?? OPENSEARCH_DEFAULTS.retentionDays;
  const content = {
    default_state: 'hot',
    states: [
      {
        name: 'hot',
        actions: [],
        transitions: [{ state_name: 'delete', conditions: { min_index_age: `${retentionDays}d` } }],
      },
      { name: 'delete', actions: [{ delete: {} }], transitions: [] },
    ],
    ism_template: [{ index_patterns: [`${prefix}-*`], priority: 100 }],
  };
  return {
    policy: {
      description: `cwlpipe: delete ${prefix}-* indices ${retentionDays} days after creation [${contentHash(content)}]`,
      ...content,
    },
  };
};

/** The policy shape cwlpipe writes (a subset of what ISM accepts). */
export interface IsmPolicy {
  description: string;
  default_state: string;
  states: {
    name: string;
    actions: Record<string, unknown>[];
    transitions: { state_name: string; conditions: { min_index_age: string } }[];
  }[];
  ism_template: { index_patterns: string[]; priority: number }[];
}

/**
 * The id of cwlpipe's retention policy.
 *
 * @example
 * ```ts
 * ismPolicyId('cwl'); // 'cwl-retention'
 * ```
 */
export const ismPolicyId = (prefix: string = OPENSEARCH_DEFAULTS.indexPrefix): string =>
  `${prefix}-retention`;
