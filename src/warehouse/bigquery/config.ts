import { WarehouseError } from '../errors';
import { credentialsFromSecret, type ServiceAccountKey } from './credentials';

/**
 * BigQuery settings. Credentials are never read from a plain variable: either application default
 * credentials (a workload identity, `gcloud auth application-default login`, or the key file that
 * `GOOGLE_APPLICATION_CREDENTIALS` names), or a service-account key held in AWS Secrets Manager under the
 * secret `CWLPIPE_BIGQUERY_CREDENTIALS_SECRET` names.
 *
 * @example
 * ```ts
 * const config: BigQueryConfig = { projectId: 'acme-logs', dataset: 'cwlpipe', location: 'EU' };
 * ```
 */
export interface BigQueryConfig {
  readonly projectId: string;
  readonly dataset: string;
  readonly location: string;
  readonly credentials?: ServiceAccountKey;
  /** Another endpoint than BigQuery's own (a local stand-in in tests). */
  readonly apiEndpoint?: string;
  /** An authorisation client of the caller's (tests against the stand-in pass one that signs nothing). */
  readonly authClient?: unknown;
}

export const BIGQUERY_ENV = {
  project: 'CWLPIPE_BIGQUERY_PROJECT',
  dataset: 'CWLPIPE_BIGQUERY_DATASET',
  location: 'CWLPIPE_BIGQUERY_LOCATION',
  secret: 'CWLPIPE_BIGQUERY_CREDENTIALS_SECRET',
  endpoint: 'CWLPIPE_BIGQUERY_API_ENDPOINT',
} as const;

const DATASET = /^[A-Za-z0-9_]{1,1024}$/;

/**
 * Reads the BigQuery settings from `CWLPIPE_BIGQUERY_*` (and fetches the key from Secrets Manager when a
 * secret is named). A missing project or a bad dataset name is a `WarehouseError` naming the variable.
 *
 * @example
 * ```ts
 * const config = await bigQueryConfigFromEnv({ CWLPIPE_BIGQUERY_PROJECT: 'acme-logs' }); // dataset 'cwlpipe', location 'US'
 * ```
 */
export const bigQueryConfigFromEnv = async (
  env: NodeJS.ProcessEnv = process.env,
): Promise<BigQueryConfig> => {
  const secret = env[BIGQUERY_ENV.secret]?.trim() || undefined;
  const credentials = secret === undefined ? undefined : await credentialsFromSecret(secret);
  const projectId =
    env[BIGQUERY_ENV.project]?.trim() || credentials?.project_id || env.GOOGLE_CLOUD_PROJECT?.trim();
  if (projectId === undefined || projectId === '') {
    throw new WarehouseError(
      'bigquery_config_invalid',
      `${BIGQUERY_ENV.project} is not set: name the Google Cloud project that holds the warehouse dataset.`,
    );
  }
  const dataset = env[BIGQUERY_ENV.dataset]?.trim() || 'cwlpipe';
  if (!DATASET.test(dataset)) {
    throw new WarehouseError(
      'bigquery_config_invalid',
      `${BIGQUERY_ENV.dataset} is "${dataset}": a dataset name is letters, digits and "_" only.`,
    );
  }
  const apiEndpoint = env[BIGQUERY_ENV.endpoint]?.trim() || undefined;
  return {
    projectId,
    dataset,
    location: env[BIGQUERY_ENV.location]?.trim() || 'US',
    ...(credentials && { credentials }),
    ...(apiEndpoint && { apiEndpoint }),
  };
};
