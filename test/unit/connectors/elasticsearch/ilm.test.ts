import type { Client } from '@opensearch-project/opensearch';
import { ilmRetention } from '../../../../src/connectors/elasticsearch/ilm';
import { OPENSEARCH_DEFAULTS } from '../../../../src/connectors/opensearch/config';

type Call = { method: string; path: string };

/** A transport that answers the ILM policy read with `answer` and records every request. */
const clientAnswering = (answer: { statusCode: number; body: unknown }) => {
  const calls: Call[] = [];
  const client = {
    transport: {
      request: async (params: Call) => {
        calls.push({ method: params.method, path: params.path });
        return params.method === 'GET' ? answer : { statusCode: 200, body: {} };
      },
    },
  } as unknown as Client;
  return { client, calls };
};

const config = { ...OPENSEARCH_DEFAULTS, indexPrefix: 'cwl', retentionDays: 7 };

describe('Elasticsearch retention (ILM): what the policy read means', () => {
  it.each([
    [
      '7.17 OSS, which reads `_ilm` as an index',
      404,
      { error: { type: 'index_not_found_exception', reason: 'no such index [_ilm]' } },
    ],
    ['8.x without the ILM module', 400, { error: 'no handler found for uri [/_ilm/policy/cwl-retention]' }],
  ])('says a cluster has no ILM and writes nothing: %s', async (_cluster, statusCode, body) => {
    // Prepare
    const { client, calls } = clientAnswering({ statusCode, body });

    // Act
    const result = await ilmRetention.install(client, config as never);

    // Assess
    expect(result).toMatchObject({ kind: 'ILM', outcome: 'unavailable' });
    expect(result).toHaveProperty('reason', expect.stringMatching(/has no index lifecycle management/));
    expect(calls.filter((call) => call.method !== 'GET')).toEqual([]);
    expect(ilmRetention.templateSettings(result)).toEqual({});
  });

  it('creates the policy when ILM says only that the policy does not exist', async () => {
    // Prepare
    const { client, calls } = clientAnswering({
      statusCode: 404,
      body: { error: { type: 'resource_not_found_exception', reason: 'Lifecycle policy not found' } },
    });

    // Act
    const result = await ilmRetention.install(client, config as never);

    // Assess
    expect(result).toMatchObject({ outcome: 'created', policyId: 'cwl-retention' });
    expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      'GET /_ilm/policy/cwl-retention',
      'PUT /_ilm/policy/cwl-retention',
      'PUT /cwl-*/_settings',
    ]);
  });
});
