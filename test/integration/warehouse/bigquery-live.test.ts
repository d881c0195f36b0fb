import { randomInt } from 'node:crypto';
import { BigQuery } from '@google-cloud/bigquery';
import { createOpenSearchClient } from '../../../src/connectors/opensearch/client';
import { setupOpenSearch } from '../../../src/connectors/opensearch/setup';
import { FIELD_CATALOG } from '../../../src/transformers';
import { runCwlpipe } from '../../helpers/cli';
import { deleteIndices, testConfig, uniquePrefix } from '../opensearch/support';
import { deliver, fixtureCorpus } from './corpus';
import { expectedTables, uniqueDocs } from './oracle';

// The real BigQuery, when this machine has credentials for it: CWLPIPE_BIGQUERY_LIVE_PROJECT names a project
// the credentials (application default credentials, or CWLPIPE_BIGQUERY_CREDENTIALS_SECRET) may create a
// dataset in. The sync runs as `cwlpipe warehouse sync` from dist/ into a throw-away dataset, deleted after.

const project = process.env.CWLPIPE_BIGQUERY_LIVE_PROJECT?.trim() ?? '';
const credentials =
  (process.env.GOOGLE_APPLICATION_CREDENTIALS ?? '') !== '' ||
  (process.env.CWLPIPE_BIGQUERY_CREDENTIALS_SECRET ?? '') !== '';
const unavailable =
  project === ''
    ? 'CWLPIPE_BIGQUERY_LIVE_PROJECT is not set'
    : credentials
      ? undefined
      : 'neither GOOGLE_APPLICATION_CREDENTIALS nor CWLPIPE_BIGQUERY_CREDENTIALS_SECRET is set';
if (unavailable !== undefined) {
  process.stderr.write(
    `\nSKIPPED test/integration/warehouse/bigquery-live.test.ts (real BigQuery): ${unavailable}\n`,
  );
}
const describeLive = unavailable === undefined ? describe : describe.skip;

describeLive('Warehouse: the real BigQuery', () => {
  const prefix = uniquePrefix('whlive');
  const config = testConfig(prefix);
  const client = createOpenSearchClient(config);
  const dataset = `cwlpipe_test_${randomInt(0, 1e9)}`;
  const env = {
    OPENSEARCH_URL: config.url,
    OPENSEARCH_INDEX_PREFIX: prefix,
    CWLPIPE_DESTINATION: 'opensearch',
    CWLPIPE_WAREHOUSE: 'bigquery',
    CWLPIPE_BIGQUERY_PROJECT: project,
    CWLPIPE_BIGQUERY_DATASET: dataset,
  };

  afterAll(async () => {
    await new BigQuery({ projectId: project })
      .dataset(dataset)
      .delete({ force: true })
      .catch(() => undefined);
    await deleteIndices(client, prefix);
    await client.close();
  });

  it('creates the dataset, syncs the fixture corpus exactly, and backs it up', async () => {
    // Prepare
    await setupOpenSearch(client, config, FIELD_CATALOG);
    const docs = fixtureCorpus();
    await deliver(client, config, docs);
    const expected = expectedTables(uniqueDocs(docs));
    const lambda = [...(expected.lambda_minute?.values() ?? [])].reduce(
      (sum, row) => sum + Number(row.invocations),
      0,
    );

    // Act
    const sync = await runCwlpipe(['warehouse', 'sync'], env);
    const query = await runCwlpipe(
      ['warehouse', 'query', 'SELECT SUM(invocations) AS invocations FROM lambda_minute'],
      env,
    );
    const backup = await runCwlpipe(['warehouse', 'backup', '--retain', '1'], env);

    // Assess
    expect(sync.stderr).toBe('');
    expect(query.stdout).toContain(String(lambda));
    expect(backup.stdout).toContain('lambda_minute_backup_');
  });
});
