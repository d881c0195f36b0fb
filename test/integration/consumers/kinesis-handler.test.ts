import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { createOpenSearchClient, type OpenSearchClient } from '../../../src/connectors/opensearch/client';
import type { OpenSearchConfig } from '../../../src/connectors/opensearch/config';
import { setupOpenSearch } from '../../../src/connectors/opensearch/setup';
import { createKinesisHandler, kinesisDepsFromEnv } from '../../../src/consumers/kinesis';
import type { Envelope } from '../../../src/core';
import { FIELD_CATALOG } from '../../../src/transformers';
import { FIXTURES } from '../../helpers/golden';
import { envelope, kinesisEvent, sequenceNumber } from '../../helpers/records';
import { countDocs, deleteIndices, openSearchUrl, testConfig, uniquePrefix } from '../opensearch/support';

// The Kinesis Lambda handler, wired from the environment exactly as in Lambda, against the real
// OpenSearch the integration setup started (or the cluster OPENSEARCH_URL names).

const FIXTURE_CASES = [
  'lambda/cold-start-text',
  'cloudtrail/console-login',
  'cloudtrail/assume-role',
  'json/whole',
  'text/plain-lines',
];

const readFixture = (name: string): Envelope =>
  JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Envelope;
const expectedIds = (name: string): string[] =>
  (
    JSON.parse(readFileSync(join(FIXTURES, `${name}.expected.json`), 'utf8')) as {
      documents: Array<{ '@id': string }>;
    }
  ).documents.map((doc) => doc['@id']);

const lambdaContext = (remainingMs: number): Context =>
  ({
    functionName: 'cwlpipe-kinesis',
    awsRequestId: '0f8e2d4c-6b1a-4c3e-9d5f-7a2b1c0d9e8f',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:493827165034:function:cwlpipe-kinesis',
    memoryLimitInMB: '1024',
    getRemainingTimeInMillis: () => remainingMs,
  }) as Context;

const handlerFor = (prefix: string) =>
  createKinesisHandler(
    kinesisDepsFromEnv({
      ...process.env,
      OPENSEARCH_URL: openSearchUrl(),
      OPENSEARCH_INDEX_PREFIX: prefix,
      CWLPIPE_CONNECTORS: 'opensearch',
      CWLPIPE_SAFETY_MARGIN_MS: '2000',
    }),
  );

const existingIds = async (client: OpenSearchClient, prefix: string, ids: string[]): Promise<string[]> => {
  await client.indices.refresh({ index: `${prefix}-*` });
  const { body } = await client.search({
    index: `${prefix}-*,-${prefix}-deadletter-*`,
    body: { size: 1000, query: { ids: { values: ids } }, _source: false },
  });
  return (body.hits.hits as Array<{ _id: string }>).map((hit) => hit._id).sort();
};

describe('Consumer: Kinesis Lambda handler on a real OpenSearch', () => {
  let prefix: string;
  let config: OpenSearchConfig;
  let client: OpenSearchClient;
  const quiet = { ...process.env };

  beforeAll(() => {
    // Powertools writes a line per log and metric; the assertions below are on OpenSearch and the response.
    process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  });
  afterAll(() => {
    process.env = quiet;
  });

  beforeEach(async () => {
    prefix = uniquePrefix('kh');
    config = testConfig(prefix);
    client = createOpenSearchClient(config);
    await setupOpenSearch(client, config, FIELD_CATALOG);
  });
  afterEach(async () => {
    await deleteIndices(client, prefix);
    await client.close();
  });

  it('indexes every document of a batch built from fixtures exactly once and reports no failures', async () => {
    // Prepare: the fixtures as a subscription delivers them, plus a control message and a corrupt record
    const control = { ...envelope('', []), messageType: 'CONTROL_MESSAGE' } as Envelope;
    const event = kinesisEvent([...FIXTURE_CASES.map(readFixture), control, 'bm90IGEgZ3ppcA==']);
    const ids = FIXTURE_CASES.flatMap(expectedIds);

    // Act
    const first = await handlerFor(prefix)(event, lambdaContext(60_000));
    const again = await handlerFor(prefix)(event, lambdaContext(60_000));

    // Assess
    expect(first).toEqual({ batchItemFailures: [] });
    expect(again).toEqual({ batchItemFailures: [] });
    expect(await existingIds(client, prefix, ids)).toEqual([...ids].sort());
    expect(await countDocs(client, prefix, 'lambda-*')).toBe(8);
    expect(await countDocs(client, prefix, 'cloudtrail-*')).toBe(4);
    expect(await countDocs(client, prefix, 'json-*')).toBe(2);
    expect(await countDocs(client, prefix, 'text-*')).toBe(2);
    expect(await countDocs(client, prefix, 'deadletter-*')).toBe(1);
  }, 60_000);

  it('reports exactly the records whose documents hit a write-blocked index, and delivers them once unblocked', async () => {
    // Prepare: records 0 and 2 hold events of 1 May, record 1 of 2 May, whose index refuses writes
    const mayFirst = Date.UTC(2024, 4, 1, 9, 30, 0);
    const maySecond = Date.UTC(2024, 4, 2, 9, 30, 0);
    const record = (day: number, tag: string) =>
      envelope(
        '/app/orders',
        [0, 1, 2].map((i) => ({
          id: `${tag}${String(i).padStart(55, '0')}`,
          timestamp: day + i,
          message: `order ${tag}-${i} shipped`,
        })),
      );
    const event = kinesisEvent([record(mayFirst, '1'), record(maySecond, '2'), record(mayFirst, '3')]);
    const blocked = `${prefix}-text-2024.05.02`;
    await client.indices.create({ index: blocked });
    await client.indices.putSettings({ index: blocked, body: { 'index.blocks.write': true } });

    // Act
    const response = await handlerFor(prefix)(event, lambdaContext(8_000));

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumber(1) }] });
    expect(await countDocs(client, prefix, 'text-2024.05.01')).toBe(6);
    expect(await countDocs(client, prefix, 'text-2024.05.02')).toBe(0);
    expect(await countDocs(client, prefix, 'deadletter-*')).toBe(0);

    // Act: Lambda retries; the block has been lifted meanwhile
    await client.indices.putSettings({ index: blocked, body: { 'index.blocks.write': false } });
    const retried = await handlerFor(prefix)(event, lambdaContext(8_000));

    // Assess
    expect(retried).toEqual({ batchItemFailures: [] });
    expect(await countDocs(client, prefix, 'text-2024.05.01')).toBe(6);
    expect(await countDocs(client, prefix, 'text-2024.05.02')).toBe(3);
  }, 60_000);
});
