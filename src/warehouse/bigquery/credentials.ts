import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { WarehouseError } from '../errors';

/** The fields of a Google service-account key file the client needs. */
export interface ServiceAccountKey {
  readonly client_email: string;
  readonly private_key: string;
  readonly project_id?: string;
}

/**
 * A Google service-account key read from AWS Secrets Manager (the secret's string is the key file's
 * JSON), so a Lambda in AWS can write to BigQuery without a key in its code or its variables.
 *
 * @example
 * ```ts
 * const key = await credentialsFromSecret('cwlpipe/bigquery-key'); // { client_email: 'cwlpipe@acme.iam.gserviceaccount.com', … }
 * ```
 */
export const credentialsFromSecret = async (
  secretId: string,
  client: Pick<SecretsManagerClient, 'send'> = new SecretsManagerClient({}),
): Promise<ServiceAccountKey> => {
  let text: string | undefined;
  try {
    text = (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
  } catch (error) {
    throw new WarehouseError(
      'bigquery_secret_unreadable',
      `The BigQuery key secret ${secretId} cannot be read from Secrets Manager (${(error as Error).message}).`,
      { cause: error },
    );
  }
  const problem = `The secret ${secretId} does not hold a Google service-account key (JSON with client_email and private_key)`;
  let key: Partial<ServiceAccountKey>;
  try {
    key = JSON.parse(text ?? '') as Partial<ServiceAccountKey>;
  } catch {
    throw new WarehouseError('bigquery_secret_invalid', `${problem}: it is not JSON.`);
  }
  if (typeof key.client_email !== 'string' || typeof key.private_key !== 'string') {
    throw new WarehouseError('bigquery_secret_invalid', `${problem}.`);
  }
  return {
    client_email: key.client_email,
    private_key: key.private_key,
    ...(typeof key.project_id === 'string' && { project_id: key.project_id }),
  };
};
