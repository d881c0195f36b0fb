import { WarehouseError, WarehouseRejectedError, WarehouseUnavailableError } from '../../../src/warehouse';
import { insertError, requestError, rowVerdict } from '../../../src/warehouse/bigquery/classify';
import { bigQueryConfigFromEnv } from '../../../src/warehouse/bigquery/config';
import { credentialsFromSecret } from '../../../src/warehouse/bigquery/credentials';
import { encodeRow } from '../../../src/warehouse/bigquery/encode';
import { TABLES } from '../../../src/warehouse/tables';

const partialFailure = (reasons: string[][]) =>
  Object.assign(new Error('A failure occurred during this request.'), {
    name: 'PartialFailureError',
    errors: reasons.map((list) => ({
      row: {},
      errors: list.map((reason) => ({ reason, message: `${reason} row` })),
    })),
  });

describe('Warehouse: BigQuery rows, errors and settings', () => {
  it('tells rows that may succeed later from rows that never will', () => {
    expect(rowVerdict({ errors: [{ reason: 'invalid' }] })).toBe('rejected');
    expect(rowVerdict({ errors: [{ reason: 'stopped' }] })).toBe('retryable');
    expect(rowVerdict({ errors: [{ reason: 'backendError' }, { reason: 'invalid' }] })).toBe('rejected');
    expect(rowVerdict({ errors: [] })).toBe('rejected');
  });

  it('counts refused rows per verdict and says the watermark stays', () => {
    // Act
    const error = insertError(
      partialFailure([['invalid'], ['stopped'], ['stopped']]),
      'lambda_minute__versions',
    );

    // Assess
    expect(error).toBeInstanceOf(WarehouseRejectedError);
    expect(error.message).toMatch(
      /3 row\(s\) of lambda_minute__versions \(1 rejected, 2 retryable; first: invalid: invalid row\).*watermark stays/,
    );
  });

  it('calls a network failure or a 5xx unavailable, and a 403 a refusal that names the credentials', () => {
    expect(
      requestError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'x'),
    ).toBeInstanceOf(WarehouseUnavailableError);
    expect(requestError(Object.assign(new Error('backend'), { code: 503 }), 'x')).toBeInstanceOf(
      WarehouseUnavailableError,
    );
    const denied = requestError(
      Object.assign(new Error('Access Denied'), { code: 403 }),
      'reading the watermark',
    );
    expect(denied).not.toBeInstanceOf(WarehouseUnavailableError);
    expect(denied.message).toMatch(/HTTP 403.*CWLPIPE_BIGQUERY_CREDENTIALS_SECRET/);
  });

  it('encodes timestamps as ISO text and gives the same row the same insertId', () => {
    // Prepare
    const spec = TABLES.find((table) => table.name === 'lambda_minute');
    if (spec === undefined) throw new Error('lambda_minute is missing');
    const row = { minute: 60_000, function_name: 'f', version: '1', invocations: 2 };

    // Act
    const first = encodeRow(spec, row, 120_000, 'sync-1');
    const again = encodeRow(spec, { ...row }, 120_000, 'sync-1');
    const other = encodeRow(spec, row, 120_000, 'sync-2');

    // Assess
    expect(first.json.minute).toBe('1970-01-01T00:01:00.000Z');
    expect(first.json.computed_at).toBe('1970-01-01T00:02:00.000Z');
    expect(first.insertId).toBe(again.insertId);
    expect(first.insertId).not.toBe(other.insertId);
  });

  it('reads a service-account key from Secrets Manager and refuses a secret that is not one', async () => {
    // Prepare: a client double answering GetSecretValue (Secrets Manager itself is not reachable here)
    const answering = (SecretString: string) => ({ send: async () => ({ SecretString }) }) as never;

    // Act
    const key = await credentialsFromSecret(
      'cwlpipe/bq',
      answering('{"client_email":"a@b","private_key":"k","project_id":"p"}'),
    );
    const bad = credentialsFromSecret('cwlpipe/bq', answering('not json'));

    // Assess
    expect(key).toEqual({ client_email: 'a@b', private_key: 'k', project_id: 'p' });
    await expect(bad).rejects.toThrow('The secret cwlpipe/bq does not hold a Google service-account key');
  });

  it('names the variable when the project is missing or the dataset name is not one', async () => {
    await expect(bigQueryConfigFromEnv({})).rejects.toThrow(/CWLPIPE_BIGQUERY_PROJECT is not set/);
    await expect(
      bigQueryConfigFromEnv({ CWLPIPE_BIGQUERY_PROJECT: 'p', CWLPIPE_BIGQUERY_DATASET: 'a-b' }),
    ).rejects.toThrow(WarehouseError);
    await expect(bigQueryConfigFromEnv({ CWLPIPE_BIGQUERY_PROJECT: 'p' })).resolves.toMatchObject({
      dataset: 'cwlpipe',
      location: 'US',
    });
  });
});
