import { ConfigError, type FieldCatalog } from '../../core';
import { deadLetterTemplate } from '../deadletter/opensearch-sink';
import type { OpenSearchConfig } from './config';
import { ismPolicyBody, ismPolicyId } from './ism';
import { redactUrl } from './redact-url';
import { contentHash, firehoseIndexTemplate, type IndexTemplate, logTypeTemplates } from './templates';
import type { OpenSearchTransportClient } from './transport-client';

/**
 * The client library's error classes, required on use: an error to explain comes from a client, which has
 * loaded the library by then, and a handler bundle must not evaluate it at import (see client.ts).
 */
const clientErrors = (): typeof import('@opensearch-project/opensearch').errors =>
  require('@opensearch-project/opensearch/lib/errors.js') as typeof import('@opensearch-project/opensearch').errors;

export type SetupOutcome = 'created' | 'updated' | 'unchanged';

/**
 * What `cwlpipe setup` did, item by item.
 *
 * @example
 * ```ts
 * const report: OpenSearchSetupResult = {
 *   templates: [{ name: 'cwl-vpcflow', outcome: 'created' }],
 *   ism: { policyId: 'cwl-retention', outcome: 'unavailable', reason: 'no Index State Management plugin' },
 * };
 * ```
 */
export interface OpenSearchSetupResult {
  readonly templates: { readonly name: string; readonly outcome: SetupOutcome }[];
  readonly retention: RetentionResult;
}

/** What became of the retention policy: ISM on OpenSearch, ILM on Elasticsearch. */
export interface RetentionResult {
  readonly kind: 'ISM' | 'ILM';
  readonly policyId: string;
  readonly outcome: SetupOutcome | 'unavailable';
  readonly reason?: string;
  /** Existing indices the policy was attached to by this run. */
  readonly attached?: number;
}

/**
 * How an engine deletes old indices: installs its policy, and says which index settings (if any) tie new
 * indices to it. ISM attaches itself through its `ism_template`; ILM needs `index.lifecycle.name` in the
 * templates, and only where the cluster has ILM (an unknown setting would make every template fail).
 *
 * @example
 * ```ts
 * const report = await setupOpenSearch(client, config, FIELD_CATALOG, ilmRetention);
 * ```
 */
export interface Retention {
  install(client: OpenSearchTransportClient, config: OpenSearchConfig): Promise<RetentionResult>;
  templateSettings(result: RetentionResult): Record<string, unknown>;
}

/** OpenSearch's Index State Management policy (ism.ts). */
export const ismRetention: Retention = {
  install: (client, config) => putIsmPolicy(client, config),
  templateSettings: () => ({}),
};

interface Response<T = Record<string, unknown>> {
  readonly statusCode: number | null;
  readonly body: T;
}

/**
 * Installs, idempotently, everything cwlpipe's indices need: one index template per log type (generated
 * from the field table), the dead-letter template, and the ISM retention policy. Running it again changes
 * nothing when all is current and replaces what is out of date (the ISM policy through its sequence number
 * and primary term, so a concurrent change is detected, not overwritten). A cluster without the ISM plugin
 * (a minimal distribution, OpenSearch Serverless) gets the templates and an `unavailable` ISM outcome.
 * Throws a `ConfigError` naming the problem when the cluster is unreachable or refuses the credentials.
 *
 * @example
 * ```ts
 * const report = await setupOpenSearch(createOpenSearchClient(config), config, FIELD_CATALOG);
 * report.templates.every((template) => template.outcome !== 'created'); // true on a second run
 * ```
 */
export const setupOpenSearch = async (
  client: OpenSearchTransportClient,
  config: OpenSearchConfig,
  catalog: FieldCatalog,
  retention: Retention = ismRetention,
): Promise<OpenSearchSetupResult> =>
  explainFailures(config, async () => {
    // Serverless collections have no `GET /`; their first template request tells the same story.
    if (!(config.auth.kind === 'sigv4' && config.auth.service === 'aoss')) await pingRoot(client);
    // The policy first: whether it exists decides what the templates say.
    const policy = await retention.install(client, config);
    const settings = retention.templateSettings(policy);
    const templates = [
      ...logTypeTemplates(catalog, config.indexPrefix, settings),
      firehoseIndexTemplate(catalog, config.indexPrefix, settings),
      deadLetterIndexTemplate(config.indexPrefix, settings),
    ];
    const results: OpenSearchSetupResult['templates'] = [];
    for (const template of templates) {
      results.push({ name: template.name, outcome: await putTemplate(client, template) });
    }
    return { templates: results, retention: policy };
  });

/**
 * `GET /`: reachable, and the credentials accepted (401/403 throw). Any other answer counts: the minimal
 * Elasticsearch zip answers `/` with 405, and a key allowed only to write logs may not read cluster info.
 */
export const pingRoot = (client: OpenSearchTransportClient, requestTimeout?: number): Promise<unknown> =>
  client.transport.request(
    { method: 'GET', path: '/' },
    { ignore: [400, 404, 405], maxRetries: 0, ...(requestTimeout !== undefined && { requestTimeout }) },
  );

/** The dead-letter index template (defined with the dead-letter sink), with the digest setup compares. */
export const deadLetterIndexTemplate = (
  prefix: string,
  settings: Record<string, unknown> = {},
): IndexTemplate => {
  const base = deadLetterTemplate(prefix);
  const content = {
    ...base,
    template: { ...base.template, settings: { ...base.template.settings, ...settings } },
  };
  return {
    name: `${prefix}-deadletter`,
    body: {
      ...content,
      _meta: { managed_by: 'cwlpipe', source: 'dead-letter sink', cwlpipe_hash: contentHash(content) },
    } as IndexTemplate['body'],
  };
};

const putTemplate = async (
  client: OpenSearchTransportClient,
  template: IndexTemplate,
): Promise<SetupOutcome> => {
  const path = `/_index_template/${encodeURIComponent(template.name)}`;
  const existing = (await client.transport.request({ method: 'GET', path }, { ignore: [404] })) as Response<{
    index_templates?: { index_template?: { _meta?: { cwlpipe_hash?: string } } }[];
  }>;
  const current =
    existing.statusCode === 404 ? undefined : existing.body.index_templates?.[0]?.index_template;
  if (current?._meta?.cwlpipe_hash === template.body._meta.cwlpipe_hash) return 'unchanged';
  await client.transport.request({ method: 'PUT', path, body: template.body });
  return current === undefined ? 'created' : 'updated';
};

interface StoredPolicy {
  readonly _seq_no?: number;
  readonly _primary_term?: number;
  readonly policy?: { readonly description?: string };
}

const putIsmPolicy = async (
  client: OpenSearchTransportClient,
  config: OpenSearchConfig,
): Promise<RetentionResult> => {
  const kind = 'ISM';
  const policyId = ismPolicyId(config.indexPrefix);
  const path = `/_plugins/_ism/policies/${encodeURIComponent(policyId)}`;
  const desired = ismPolicyBody({ prefix: config.indexPrefix, retentionDays: config.retentionDays });
  // A concurrent writer bumps the sequence number between our read and write: read again and retry.
  for (let attempt = 1; ; attempt++) {
    const existing = (await client.transport.request(
      { method: 'GET', path },
      { ignore: [400, 404, 405] },
    )) as Response<StoredPolicy & { error?: unknown }>;
    const missing = existing.statusCode === 404 && isPolicyNotFound(existing.body);
    if (existing.statusCode !== 200 && !missing) {
      return { kind, policyId, outcome: 'unavailable', reason: ismUnavailableReason(existing) };
    }
    if (!missing && existing.body.policy?.description === desired.policy.description) {
      return { kind, policyId, outcome: 'unchanged' };
    }
    try {
      await client.transport.request({
        method: 'PUT',
        path,
        body: desired,
        ...(!missing && {
          querystring: { if_seq_no: existing.body._seq_no, if_primary_term: existing.body._primary_term },
        }),
      });
    } catch (error) {
      if (error instanceof clientErrors().ResponseError && error.statusCode === 409 && attempt < 3) continue;
      throw error;
    }
    const attached = await attachToExisting(client, config.indexPrefix, policyId, missing ? 'add' : 'change');
    return { kind, policyId, outcome: missing ? 'created' : 'updated', attached };
  }
};

// `ism_template` only reaches indices created from now on; indices that already exist are attached here
// (new policy) or moved to the new version at their next transition (changed policy).
const attachToExisting = async (
  client: OpenSearchTransportClient,
  prefix: string,
  policyId: string,
  how: 'add' | 'change',
): Promise<number> => {
  const response = (await client.transport.request(
    {
      method: 'POST',
      path: `/_plugins/_ism/${how === 'add' ? 'add' : 'change_policy'}/${prefix}-*`,
      body: { policy_id: policyId },
    },
    { ignore: [400, 404] },
  )) as Response<{ updated_indices?: number }>;
  return response.body.updated_indices ?? 0;
};

const isPolicyNotFound = (body: unknown): boolean => JSON.stringify(body).includes('Policy not found');

const ismUnavailableReason = (response: Response<{ error?: unknown }>): string => {
  const detail =
    typeof response.body.error === 'string' ? response.body.error : JSON.stringify(response.body.error);
  return /no handler found/i.test(detail ?? '')
    ? 'the cluster has no Index State Management plugin, so old indices are not deleted automatically'
    : `the ISM API answered HTTP ${response.statusCode}: ${detail ?? 'no details'}`;
};

/**
 * Runs a request sequence and turns the failures a user can fix into one clear `ConfigError`:
 * unreachable cluster, rejected credentials, or a refused request.
 */
export const explainFailures = async <T>(config: OpenSearchConfig, run: () => Promise<T>): Promise<T> => {
  try {
    return await run();
  } catch (error) {
    throw explainRequestError(error, config);
  }
};

/**
 * The sentence a user needs for an OpenSearch request failure.
 *
 * @example
 * ```ts
 * explainRequestError(new errors.ConnectionError('connect ECONNREFUSED 127.0.0.1:9200'), config).code; // 'opensearch_unreachable'
 * ```
 */
export const explainRequestError = (error: unknown, config: OpenSearchConfig): unknown => {
  const { id, label, variables } = config.engine;
  const where = `${label} at ${redactUrl(config.url)}`;
  if (
    error instanceof clientErrors().ConnectionError ||
    error instanceof clientErrors().TimeoutError ||
    error instanceof clientErrors().NoLivingConnectionsError
  ) {
    return new ConfigError(
      `${id}_unreachable`,
      `${where} is unreachable (${error.message}): check ${variables.url} and that the cluster is running.`,
      { cause: error },
    );
  }
  // A secured cluster answers 401 in plain text, which may surface as a deserialization error: the status decides.
  const status = (error as { meta?: { statusCode?: number | null } } | undefined)?.meta?.statusCode;
  if (error instanceof clientErrors().OpenSearchClientError && (status === 401 || status === 403)) {
    const basic = `${variables.username} and ${variables.password}`;
    const others = [
      `${variables.username}/${variables.password}`,
      ...(variables.apiKey ? [variables.apiKey] : []),
      ...(variables.awsRegion ? [`${variables.awsRegion} for SigV4`] : []),
    ];
    const credentials =
      config.auth.kind === 'sigv4'
        ? "the AWS credentials and the domain's access policy"
        : config.auth.kind === 'basic'
          ? basic
          : config.auth.kind === 'apiKey'
            ? `${variables.apiKey} (and the key's privileges)`
            : `the credentials: the cluster wants some (${others.join(' or ')})`;
    return new ConfigError(
      `${id}_auth_rejected`,
      `${where} rejected the request (HTTP ${status}): check ${credentials}.`,
      { cause: error },
    );
  }
  if (error instanceof clientErrors().ResponseError) {
    return new ConfigError(
      `${id}_setup_failed`,
      `${where} refused a setup request (HTTP ${error.statusCode}): ${JSON.stringify(error.body).slice(0, 500)}`,
      { cause: error },
    );
  }
  return error;
};
