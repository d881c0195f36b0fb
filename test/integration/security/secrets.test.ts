import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { buildProgram } from '../../../src/cli/main';
import { withSecretCredentials } from '../../../src/connectors';
import { openSearchConfigFromEnv } from '../../../src/connectors/opensearch/config';
import { type MotoServer, motoUnavailable, startMoto } from '../e2e/moto-server';

// Secrets Manager is moto server's; the code under test builds its own client from the default chain, as in
// Lambda, pointed at moto by the SDK's own AWS_ENDPOINT_URL_SECRETS_MANAGER.
const why = motoUnavailable();
if (why !== undefined) process.stdout.write(`SKIPPED Secrets Manager tests: ${why}\n`);

(why === undefined ? describe : describe.skip)(
  'Security: credentials read from Secrets Manager (moto)',
  () => {
    let moto: MotoServer;
    const saved = { ...process.env };

    beforeAll(async () => {
      moto = await startMoto();
      Object.assign(process.env, {
        AWS_ENDPOINT_URL_SECRETS_MANAGER: moto.endpoint,
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
      });
    });
    afterAll(async () => {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
      await moto.stop();
    });

    it('fills the OpenSearch basic credentials from the secret its ARN names', async () => {
      // Prepare
      const admin = new SecretsManagerClient({ endpoint: moto.endpoint, region: 'eu-west-1' });
      const { ARN } = await admin.send(
        new CreateSecretCommand({
          Name: 'cwlpipe/opensearch',
          SecretString: JSON.stringify({ username: 'ingest', password: 'pa55-word' }),
        }),
      );

      // Act
      const env = await withSecretCredentials({
        OPENSEARCH_URL: 'https://logs.example.com',
        OPENSEARCH_CREDENTIALS_SECRET: ARN,
      });

      // Assess
      expect(openSearchConfigFromEnv(env).auth).toEqual({
        kind: 'basic',
        username: 'ingest',
        password: 'pa55-word',
      });
      expect(process.env.OPENSEARCH_PASSWORD).toBeUndefined();
    });

    it('reads the secret once before any CLI command, into this process only', async () => {
      // Prepare
      const admin = new SecretsManagerClient({ endpoint: moto.endpoint, region: 'eu-west-1' });
      await admin.send(
        new CreateSecretCommand({
          Name: 'cwlpipe/es-cli',
          SecretString: JSON.stringify({ apiKey: 'VnVhQ2ZH' }),
        }),
      );
      admin.destroy();
      process.env.ELASTICSEARCH_CREDENTIALS_SECRET = 'cwlpipe/es-cli';
      const printed = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);

      try {
        // Act
        await buildProgram().parseAsync(['node', 'cwlpipe', 'dashboards', 'export']);

        // Assess
        expect(process.env.ELASTICSEARCH_API_KEY).toBe('VnVhQ2ZH');
        expect(process.env.ELASTICSEARCH_CREDENTIALS_SECRET).toBeUndefined();
        expect(printed).toHaveBeenCalled();
      } finally {
        printed.mockRestore();
        delete process.env.ELASTICSEARCH_API_KEY;
      }
    });

    it('names the secret Secrets Manager does not have', async () => {
      // Act
      const attempt = withSecretCredentials({ ELASTICSEARCH_CREDENTIALS_SECRET: 'cwlpipe/nothing-here' });

      // Assess
      await expect(attempt).rejects.toThrow(
        /The Elasticsearch credentials secret cwlpipe\/nothing-here \(ELASTICSEARCH_CREDENTIALS_SECRET\) cannot be read from Secrets Manager \(ResourceNotFoundException/,
      );
    });
  },
);
