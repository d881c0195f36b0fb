import { createServer, type Server } from 'node:http';
import { ilmRetention } from '../../../src/connectors/elasticsearch/ilm';
import { createOpenSearchClient, type OpenSearchClient } from '../../../src/connectors/opensearch/client';
import { buildOpenSearchConfig, type OpenSearchConfig } from '../../../src/connectors/opensearch/config';
import { indexNameFor } from '../../../src/connectors/opensearch/index-name';
import { setupOpenSearch } from '../../../src/connectors/opensearch/setup';
import { ConfigError, type DocBody, type LogType } from '../../../src/core';
import { freePorts } from '../../../src/local/opensearch/node';
import { removeSetup } from '../../../src/local/opensearch/remove-setup';
import { FIELD_CATALOG, LOG_TYPES } from '../../../src/transformers';
import { listFixtures, runFixture } from '../../helpers/golden';
import { ENGINES, engineUrl, openSearchUrl, type TestEngine, uniquePrefix } from './support';

const common = (type: LogType, id: string): DocBody => ({
  '@timestamp': '2024-05-01T12:00:00.000Z',
  '@ingested': '2024-05-01T12:00:05.000Z',
  '@id': id,
  '@type': type,
  '@message': 'a log line',
  aws: { log_group: '/aws/test', log_stream: 'stream-1', owner: '123456789012' },
});

/** One realistic document per log type, written out so the mapping checks do not depend on other suites' fixtures. */
const SAMPLE_DOCS = {
  vpcflow: {
    ...common('vpcflow', '38201776213950288339402110651462473318546718224563617792'),
    vpc: {
      version: 2,
      account_id: '123456789012',
      interface_id: 'eni-0a1b2c3d4e5f67890',
      srcaddr: '10.0.1.23',
      dstaddr: '172.31.16.139',
      srcport: 49761,
      dstport: 443,
      protocol: 6,
      protocol_name: 'TCP',
      packets: 14,
      bytes: 4812,
      start: 1714564800,
      end: 1714564860,
      action: 'ACCEPT',
      log_status: 'OK',
    },
  },
  lambda: {
    ...common('lambda', '38201776213950288339402110651462473318546718224563617793'),
    lambda: {
      function_name: 'orders-api',
      record_type: 'REPORT',
      request_id: '8f5f6a1e-2b1c-4d3e-9f00-1a2b3c4d5e6f',
      duration_ms: 102.25,
      billed_duration_ms: 103,
      memory_size_mb: 512,
      max_memory_used_mb: 87,
      cold_start: false,
    },
  },
  cloudtrail: {
    ...common('cloudtrail', '38201776213950288339402110651462473318546718224563617794'),
    cloudtrail: {
      eventName: 'AssumeRole',
      eventSource: 'sts.amazonaws.com',
      eventTime: '2024-05-01T11:59:58Z',
      sourceIPAddress: 'ec2.amazonaws.com',
      awsRegion: 'eu-west-1',
      readOnly: true,
      requestParameters: '{"roleArn":"arn:aws:iam::123456789012:role/app"}',
    },
  },
  json: {
    ...common('json', '38201776213950288339402110651462473318546718224563617795'),
    json: {
      level: 'info',
      status: 200,
      latency: 12.5,
      user: { id: 'u-123' },
      startedAt: '2024-05-01T12:00:00Z',
    },
  },
  text: common('text', '38201776213950288339402110651462473318546718224563617796'),
} satisfies Record<LogType, DocBody>;

/** The mapping of one field of one index, e.g. `{ type: 'ip' }`. */
const mappedType = async (
  client: OpenSearchClient,
  index: string,
  field: string,
): Promise<Record<string, unknown>> => {
  const { body } = await client.indices.getFieldMapping({ index, fields: [field] });
  const mappings = (
    body as Record<string, { mappings: Record<string, { mapping: Record<string, unknown> }> }>
  )[index]?.mappings;
  const leaf = field.split('.').at(-1) ?? field;
  return (mappings?.[field]?.mapping[leaf] as Record<string, unknown>) ?? {};
};

describe('OpenSearch setup', () => {
  let config: OpenSearchConfig;
  let client: OpenSearchClient;

  beforeAll(() => {
    config = buildOpenSearchConfig({
      url: openSearchUrl(),
      indexPrefix: uniquePrefix('setup'),
      retentionDays: 7,
    });
    client = createOpenSearchClient(config);
  });

  afterAll(async () => {
    await removeSetup(client, config.indexPrefix);
    await client.close();
  });

  it('installs every template once and changes nothing when run again', async () => {
    // Act
    const first = await setupOpenSearch(client, config, FIELD_CATALOG);
    const second = await setupOpenSearch(client, config, FIELD_CATALOG);

    // Assess
    // Every registered log type, in registry order, then Firehose's shared indices and the dead letters.
    const names = [...LOG_TYPES, 'firehose', 'deadletter'].map((type) => `${config.indexPrefix}-${type}`);
    expect(first.templates).toEqual(names.map((name) => ({ name, outcome: 'created' })));
    expect(second.templates).toEqual(names.map((name) => ({ name, outcome: 'unchanged' })));
    const { body } = await client.transport.request({
      method: 'GET',
      path: `/_index_template/${config.indexPrefix}-*`,
    });
    expect((body as { index_templates: unknown[] }).index_templates).toHaveLength(names.length);
  });

  it('installs the ISM policy when the cluster has ISM, and says so when it has not', async () => {
    // Act
    const report = await setupOpenSearch(client, config, FIELD_CATALOG);

    // Assess
    const probe = await client.transport.request(
      { method: 'GET', path: '/_plugins/_ism/policies' },
      { ignore: [400, 404, 405] },
    );
    if (probe.statusCode === 200) {
      expect(['created', 'unchanged']).toContain(report.retention.outcome);
      const { body } = await client.transport.request({
        method: 'GET',
        path: `/_plugins/_ism/policies/${report.retention.policyId}`,
      });
      expect(JSON.stringify(body)).toContain('"min_index_age":"7d"');
    } else {
      expect(report.retention).toEqual({
        kind: 'ISM',
        policyId: `${config.indexPrefix}-retention`,
        outcome: 'unavailable',
        reason: expect.stringContaining('no Index State Management plugin'),
      });
    }
  });

  it('replaces a template that is out of date', async () => {
    // Prepare
    await setupOpenSearch(client, config, FIELD_CATALOG);
    const name = `${config.indexPrefix}-text`;
    await client.transport.request({
      method: 'PUT',
      path: `/_index_template/${name}`,
      body: {
        index_patterns: [`${config.indexPrefix}-text-*`],
        priority: 100,
        _meta: { cwlpipe_hash: 'an-older-one' },
      },
    });

    // Act
    const report = await setupOpenSearch(client, config, FIELD_CATALOG);

    // Assess
    expect(report.templates.find((template) => template.name === name)?.outcome).toBe('updated');
    expect(report.templates.filter((template) => template.outcome === 'updated')).toHaveLength(1);
  });

  it('maps freshly indexed documents with the types the field table promises', async () => {
    // Prepare
    await setupOpenSearch(client, config, FIELD_CATALOG);
    for (const [type, doc] of Object.entries(SAMPLE_DOCS)) {
      await client.index({
        index: indexNameFor(type, doc['@timestamp'], { prefix: config.indexPrefix }),
        id: doc['@id'],
        body: doc,
        refresh: true,
      });
    }
    const index = (type: LogType) =>
      indexNameFor(type, '2024-05-01T12:00:00Z', { prefix: config.indexPrefix });

    // Act
    const types = {
      srcaddr: await mappedType(client, index('vpcflow'), 'vpc.srcaddr'),
      bytes: await mappedType(client, index('vpcflow'), 'vpc.bytes'),
      start: await mappedType(client, index('vpcflow'), 'vpc.start'),
      duration: await mappedType(client, index('lambda'), 'lambda.duration_ms'),
      coldStart: await mappedType(client, index('lambda'), 'lambda.cold_start'),
      sourceIp: await mappedType(client, index('cloudtrail'), 'cloudtrail.sourceIPAddress'),
      eventTime: await mappedType(client, index('cloudtrail'), 'cloudtrail.eventTime'),
      message: await mappedType(client, index('text'), '@message'),
      timestamp: await mappedType(client, index('text'), '@timestamp'),
      jsonLevel: await mappedType(client, index('json'), 'json.level'),
      jsonLatency: await mappedType(client, index('json'), 'json.latency'),
      jsonStartedAt: await mappedType(client, index('json'), 'json.startedAt'),
    };

    // Assess
    expect(types.srcaddr.type).toBe('ip');
    expect(types.bytes.type).toBe('long');
    expect(types.start.type).toBe('long');
    expect(types.duration.type).toBe('double');
    expect(types.coldStart.type).toBe('boolean');
    expect(types.sourceIp.type).toBe('keyword');
    expect(types.eventTime.type).toBe('date');
    expect(types.message.type).toBe('text');
    expect(types.timestamp.type).toBe('date');
    expect(types.jsonLevel).toEqual({
      type: 'keyword',
      ignore_above: 1024,
      fields: { text: { type: 'text' } },
    });
    expect(types.jsonLatency.type).toBe('double');
    expect(types.jsonStartedAt.type).toBe('keyword'); // no date detection: a later non-date string cannot conflict
  });

  it("maps documents of every type in the indices Firehose's own destination writes", async () => {
    // Prepare: Firehose rotates `<prefix>-firehose` by day with a dash-separated date.
    await setupOpenSearch(client, config, FIELD_CATALOG);
    const index = `${config.indexPrefix}-firehose-2024-05-01`;
    for (const doc of Object.values(SAMPLE_DOCS)) {
      await client.index({ index, id: doc['@id'], body: doc, refresh: true });
    }

    // Act
    const srcaddr = await mappedType(client, index, 'vpc.srcaddr');
    const duration = await mappedType(client, index, 'lambda.duration_ms');
    const eventTime = await mappedType(client, index, 'cloudtrail.eventTime');
    const jsonStartedAt = await mappedType(client, index, 'json.startedAt');

    // Assess
    expect(srcaddr.type).toBe('ip');
    expect(duration.type).toBe('double');
    expect(eventTime.type).toBe('date');
    expect(jsonStartedAt.type).toBe('keyword');
  });

  it('finds documents by type-specific fields', async () => {
    // Prepare
    await setupOpenSearch(client, config, FIELD_CATALOG);
    const vpcIndex = indexNameFor('vpcflow', '2024-05-01T12:00:00Z', { prefix: config.indexPrefix });
    await client.index({
      index: vpcIndex,
      id: SAMPLE_DOCS.vpcflow['@id'],
      body: SAMPLE_DOCS.vpcflow,
      refresh: true,
    });

    // Act
    const { body } = await client.search({
      index: vpcIndex,
      body: {
        query: {
          bool: {
            filter: [{ term: { 'vpc.srcaddr': '10.0.0.0/16' } }, { range: { 'vpc.bytes': { gte: 4000 } } }],
          },
        },
      },
    });

    // Assess
    expect(body.hits.hits.map((hit) => hit._id)).toEqual([SAMPLE_DOCS.vpcflow['@id']]);
  });

  it('indexes real transformer output of every fixture type without a mapping error', async () => {
    // Prepare
    await setupOpenSearch(client, config, FIELD_CATALOG);
    const firstPerType = new Map<string, DocBody>();
    for (const fixture of listFixtures()) {
      for (const doc of runFixture(fixture).documents as DocBody[]) {
        if (!firstPerType.has(doc['@type'])) firstPerType.set(doc['@type'], doc);
      }
    }
    const operations = [...firstPerType.values()].flatMap((doc) => [
      {
        create: {
          _index: indexNameFor(doc['@type'], doc['@timestamp'], { prefix: `${config.indexPrefix}` }),
          _id: `fixture-${doc['@id']}`,
        },
      },
      doc,
    ]);

    // Act
    const { body } = await client.bulk({ body: operations, refresh: true });

    // Assess
    expect(firstPerType.size).toBeGreaterThan(0);
    const errors = body.items.flatMap((item) => (item.create?.error ? [item.create.error] : []));
    expect(errors).toEqual([]);
  });
});

describe('OpenSearch setup refusals', () => {
  it('says the cluster is unreachable', async () => {
    // Prepare
    const [closedPort] = await freePorts(1);
    const config = buildOpenSearchConfig({ url: `http://127.0.0.1:${closedPort}`, requestTimeoutMs: 2_000 });
    const client = createOpenSearchClient(config);

    // Act
    const failure = await setupOpenSearch(client, config, FIELD_CATALOG).catch((error: unknown) => error);
    await client.close();

    // Assess
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).code).toBe('opensearch_unreachable');
    expect((failure as ConfigError).message).toContain(
      `OpenSearch at http://127.0.0.1:${closedPort} is unreachable`,
    );
  });

  // The integ-test distribution has no security plugin, so rejected credentials come from a minimal
  // server answering what a secured cluster answers.
  describe('with a cluster that rejects the credentials', () => {
    let server: Server;
    let url: string;

    beforeAll(async () => {
      server = createServer((_request, response) => {
        response.writeHead(401, {
          'content-type': 'text/plain; charset=UTF-8',
          'www-authenticate': 'Basic realm="OpenSearch Security"',
        });
        response.end('Unauthorized');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    });

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('says the credentials were rejected and which ones', async () => {
      // Prepare
      const config = buildOpenSearchConfig({ url, username: 'ingest', password: 'wrong' });
      const client = createOpenSearchClient(config);

      // Act
      const failure = await setupOpenSearch(client, config, FIELD_CATALOG).catch((error: unknown) => error);
      await client.close();

      // Assess
      expect((failure as ConfigError).code).toBe('opensearch_auth_rejected');
      expect((failure as ConfigError).message).toContain(
        'rejected the request (HTTP 401): check OPENSEARCH_USERNAME and OPENSEARCH_PASSWORD',
      );
    });
  });
});

describe('Elasticsearch setup (ILM retention)', () => {
  const engine = ENGINES.find((candidate) => candidate.id === 'elasticsearch') as TestEngine;
  let config: OpenSearchConfig;
  let client: OpenSearchClient;

  beforeAll(() => {
    config = buildOpenSearchConfig(
      { url: engineUrl(engine), indexPrefix: uniquePrefix('setup'), retentionDays: 7 },
      engine.engine,
    );
    client = createOpenSearchClient(config);
  });

  afterAll(async () => {
    await client.indices.deleteIndexTemplate({ name: `${config.indexPrefix}-*` }).catch(() => undefined);
    await client.close();
  });

  it('installs the templates once, and the ILM policy where the cluster has ILM (says so where not)', async () => {
    // Act
    const first = await setupOpenSearch(client, config, FIELD_CATALOG, ilmRetention);
    const second = await setupOpenSearch(client, config, FIELD_CATALOG, ilmRetention);

    // Assess
    expect(first.templates.every((template) => template.outcome === 'created')).toBe(true);
    expect(second.templates.every((template) => template.outcome === 'unchanged')).toBe(true);
    const probe = await client.transport.request(
      { method: 'GET', path: '/_ilm/policy' },
      { ignore: [400, 404, 405] },
    );
    if (probe.statusCode === 200) {
      expect(first.retention).toMatchObject({ kind: 'ILM', outcome: 'created' });
      expect(second.retention).toMatchObject({ kind: 'ILM', outcome: 'unchanged' });
    } else {
      // The minimal zip has no x-pack-ilm module: no policy, and templates without index.lifecycle.name.
      expect(first.retention).toEqual({
        kind: 'ILM',
        policyId: `${config.indexPrefix}-retention`,
        outcome: 'unavailable',
        reason: expect.stringContaining('no index lifecycle management (ILM)'),
      });
    }
  });
});
