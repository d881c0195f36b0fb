import { afterSecretCredentials } from '../../../src/consumers/secret-credentials';

describe('Consumer: handlers wait for credentials held in Secrets Manager', () => {
  it('builds the handler at once when no secret is named, so a bad setting fails the cold start', () => {
    // Prepare
    const built: NodeJS.ProcessEnv[] = [];

    // Act
    afterSecretCredentials({ OPENSEARCH_URL: 'http://127.0.0.1:9200' }, (env) => {
      built.push(env);
      return async () => 'ok';
    });

    // Assess
    expect(built).toHaveLength(1);
  });

  it('reads the secret on the first invocation, builds once, and reads again after a failed read', async () => {
    // Prepare
    let reads = 0;
    const resolve = async (env: NodeJS.ProcessEnv) => {
      reads++;
      if (reads === 1) throw new Error('Secrets Manager throttled the read');
      return { ...env, OPENSEARCH_USERNAME: 'ingest', OPENSEARCH_PASSWORD: 's3cret' };
    };
    const builds: NodeJS.ProcessEnv[] = [];
    const handler = afterSecretCredentials(
      { OPENSEARCH_CREDENTIALS_SECRET: 'cwlpipe/opensearch' },
      (env) => {
        builds.push(env);
        return async (event: string) => `${event} as ${env.OPENSEARCH_USERNAME}`;
      },
      resolve,
    );

    // Act
    const first = handler('batch-1');
    await expect(first).rejects.toThrow('throttled');
    const second = await handler('batch-2');
    const third = await handler('batch-3');

    // Assess
    expect([second, third]).toEqual(['batch-2 as ingest', 'batch-3 as ingest']);
    expect(reads).toBe(2);
    expect(builds).toHaveLength(1);
  });
});
