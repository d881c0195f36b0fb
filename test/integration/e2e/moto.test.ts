import { randomInt } from 'node:crypto';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  PutLogEventsCommand,
  PutSubscriptionFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Context, KinesisStreamEvent } from 'aws-lambda';
import { createOpenSearchClient, type OpenSearchClient } from '../../../src/connectors/opensearch/client';
import { setupOpenSearch } from '../../../src/connectors/opensearch/setup';
import { buildConnectors, buildDeadLetterSink } from '../../../src/connectors/registry';
import { createKinesisHandler, kinesisDepsFromEnv } from '../../../src/consumers/kinesis';
import { engineDelivery, KinesisPoller, MemoryCheckpointStore } from '../../../src/consumers/poller';
import { ensureStream, kinesisClient } from '../../../src/consumers/poller/kinesis-client';
import { buildConfig } from '../../../src/pipeline/config';
import { Pipeline } from '../../../src/pipeline/run';
import { FIELD_CATALOG } from '../../../src/transformers';
import { countDocs, deleteIndices, testConfig, uniquePrefix } from '../opensearch/support';
import { cwlEventId, motoCompatible, readEnvelope, withCwlIds } from './moto-format';
import { type MotoServer, motoUnavailable, startMoto } from './moto-server';

const unavailable = motoUnavailable();
if (unavailable !== undefined) {
  process.stderr.write(`\nSKIPPED test/integration/e2e/moto.test.ts: ${unavailable}\n`);
}
jest.setTimeout(120_000);
const describeWithMoto = unavailable === undefined ? describe : describe.skip;

const RUN = String(randomInt(0, 99_999_999)).padStart(8, '0');
const ACCOUNT = '123456789012'; // moto's default account
// Every event falls on one UTC day (the index day), even when the test runs just after midnight.
const NOW = Math.max(Math.floor(Date.now() / 86_400_000) * 86_400_000 + 120_000, Date.now());
const SECONDS = Math.floor(NOW / 1000);

interface GroupSpec {
  readonly logGroup: string;
  readonly filter: string;
  readonly streams: Record<string, string[]>;
}

const vpcLine = (
  eni: string,
  src: string,
  dst: string,
  sport: number,
  dport: number,
  proto: number,
  action: string,
) =>
  `2 ${ACCOUNT} ${eni} ${src} ${dst} ${sport} ${dport} ${proto} 12 4821 ${SECONDS - 120} ${SECONDS - 60} ${action} OK`;

const trail = (eventName: string, eventSource: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAXD4QK2M7RTPLW3N5E',
      arn: `arn:aws:iam::${ACCOUNT}:user/maria.oliveira`,
      accountId: ACCOUNT,
      userName: 'maria.oliveira',
    },
    eventTime: new Date(NOW - 90_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource,
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '81.94.205.17',
    userAgent: 'aws-cli/2.15.40 Python/3.11.8 Linux/6.1.0 exe/x86_64',
    requestParameters: null,
    responseElements: null,
    eventID: '0b6a2f57-93d4-4e01-b8c2-7d6e5a4f3c21',
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    ...extra,
  });

const REQUEST_ID = '6f1c0a7e-2b1d-4c55-9a0e-3c1f2b9d8e71';
const GROUPS: readonly GroupSpec[] = [
  {
    logGroup: `/vpc/flow-logs/prod-${RUN}`,
    filter: 'cwlpipe-vpcflow',
    streams: {
      'eni-0a1b2c3d4e5f60718-all': [
        vpcLine('eni-0a1b2c3d4e5f60718', '10.0.1.25', '172.31.16.139', 49152, 443, 6, 'ACCEPT'),
        vpcLine('eni-0a1b2c3d4e5f60718', '203.0.113.7', '10.0.1.25', 51234, 22, 6, 'REJECT'),
        vpcLine('eni-0a1b2c3d4e5f60718', '10.0.1.25', '10.0.0.2', 37211, 53, 17, 'ACCEPT'),
      ],
      'eni-0f9e8d7c6b5a43210-all': [
        vpcLine('eni-0f9e8d7c6b5a43210', '10.0.2.14', '52.94.133.131', 40112, 443, 6, 'ACCEPT'),
        vpcLine('eni-0f9e8d7c6b5a43210', '198.51.100.23', '10.0.2.14', 0, 0, 1, 'REJECT'),
      ],
    },
  },
  {
    logGroup: `/aws/lambda/orders-api-${RUN}`,
    filter: 'cwlpipe-lambda',
    streams: {
      '2026/11/22/[$LATEST]9f2c4e1a7b3d4c5e8f6a0b1c2d3e4f50': [
        `START RequestId: ${REQUEST_ID} Version: $LATEST\n`,
        `${new Date(NOW - 50).toISOString()}\t${REQUEST_ID}\tINFO\tloading order 58213 for customer c-7781\n`,
        `END RequestId: ${REQUEST_ID}\n`,
        `REPORT RequestId: ${REQUEST_ID}\tDuration: 102.25 ms\tBilled Duration: 103 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\tInit Duration: 245.12 ms\t\n`,
      ],
    },
  },
  {
    logGroup: `aws-cloudtrail-logs-${ACCOUNT}-${RUN}`,
    filter: 'cwlpipe-cloudtrail',
    streams: {
      [`${ACCOUNT}_CloudTrail_us-east-1`]: [
        trail('ConsoleLogin', 'signin.amazonaws.com', { eventType: 'AwsConsoleSignIn' }),
        trail('CreateUser', 'iam.amazonaws.com', { requestParameters: { userName: 'deploy-bot' } }),
        trail('GetObject', 's3.amazonaws.com', { errorCode: 'AccessDenied', errorMessage: 'Access Denied' }),
      ],
    },
  },
];
const EVENT_COUNT = GROUPS.flatMap((group) => Object.values(group.streams).flat()).length;

describeWithMoto('End to end: CloudWatch Logs (moto) → Kinesis (moto) → poller → OpenSearch', () => {
  let moto: MotoServer;
  let kinesis: KinesisClient;
  let logs: CloudWatchLogsClient;
  let search: OpenSearchClient;
  const stream = `cwlpipe-e2e-${RUN}`;
  const prefix = uniquePrefix('e2e');
  const env = { ...process.env, OPENSEARCH_INDEX_PREFIX: prefix };
  const quiet = { ...process.env };

  beforeAll(async () => {
    // Powertools writes a line per log and metric; the assertions are on OpenSearch and the responses.
    process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    moto = await startMoto();
    kinesis = kinesisClient({ endpoint: moto.endpoint });
    logs = new CloudWatchLogsClient({
      region: 'us-east-1',
      endpoint: moto.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      requestHandler: new NodeHttpHandler(),
    });
    const config = testConfig(prefix);
    search = createOpenSearchClient(config);
    await setupOpenSearch(search, config, FIELD_CATALOG);
    await ensureStream(kinesis, stream, 2);
    const { StreamDescriptionSummary } = await kinesis.send(
      new DescribeStreamSummaryCommand({ StreamName: stream }),
    );
    for (const group of GROUPS) {
      await logs.send(new CreateLogGroupCommand({ logGroupName: group.logGroup }));
      await logs.send(
        new PutSubscriptionFilterCommand({
          logGroupName: group.logGroup,
          filterName: group.filter,
          filterPattern: '',
          destinationArn: StreamDescriptionSummary?.StreamARN,
          roleArn: `arn:aws:iam::${ACCOUNT}:role/CWLtoKinesisRole`,
        }),
      );
      for (const [logStream, messages] of Object.entries(group.streams)) {
        await logs.send(
          new CreateLogStreamCommand({ logGroupName: group.logGroup, logStreamName: logStream }),
        );
        // Two PutLogEvents calls per stream: two envelopes, as a subscription delivers batches.
        const half = Math.ceil(messages.length / 2);
        for (const part of [messages.slice(0, half), messages.slice(half)]) {
          if (part.length === 0) continue;
          await logs.send(
            new PutLogEventsCommand({
              logGroupName: group.logGroup,
              logStreamName: logStream,
              logEvents: part.map((message, i) => ({ timestamp: NOW - 60_000 + i, message })),
            }),
          );
        }
      }
    }
  });

  afterAll(async () => {
    kinesis?.destroy();
    logs?.destroy();
    await deleteIndices(search, prefix);
    await search?.close();
    await moto?.stop();
    process.env = quiet;
  });

  it('delivers subscription data to Kinesis as gzip envelopes of the CloudWatch Logs shape (ids are numbers)', async () => {
    // Act
    const envelopes = (await readWholeStream(kinesis, stream)).map(readEnvelope);

    // Assess
    expect(envelopes.flatMap((envelope) => envelope.logEvents)).toHaveLength(EVENT_COUNT);
    for (const envelope of envelopes) {
      const group = GROUPS.find((candidate) => candidate.logGroup === envelope.logGroup);
      expect(envelope).toMatchObject({
        messageType: 'DATA_MESSAGE',
        owner: ACCOUNT,
        subscriptionFilters: [group?.filter],
      });
      expect(Object.keys(group?.streams ?? {})).toContain(envelope.logStream);
      // The one difference from CloudWatch Logs (see moto-format.ts): numeric ids.
      for (const event of envelope.logEvents) expect(typeof event.id).toBe('number');
    }
  });

  it('indexes every event exactly once with its parsed fields, even when the stream is read twice', async () => {
    // Prepare
    const connectors = buildConnectors(['opensearch'], env);
    const deadLetters = buildDeadLetterSink(env);
    const run = (): Promise<unknown> =>
      new KinesisPoller(
        {
          client: kinesis,
          stream,
          store: new MemoryCheckpointStore(),
          deliver: motoCompatible(
            engineDelivery({
              pipeline: new Pipeline(buildConfig()),
              connectors,
              deadLetters,
            }),
            RUN,
          ),
        },
        { drain: true, idlePollMs: 50, shardSyncMs: 500 },
      ).run();

    // Act
    try {
      await run();
      await run();
    } finally {
      await Promise.all([...connectors.map((connector) => connector.close?.()), deadLetters.close?.()]);
    }

    // Assess
    await search.indices.refresh({ index: `${prefix}-*` });
    expect(await countDocs(search, prefix)).toBe(EVENT_COUNT);
    for (const group of GROUPS) {
      const hits = await documentsOf(search, prefix, group.logGroup);
      const filtered = await logs.send(new FilterLogEventsCommand({ logGroupName: group.logGroup }));
      const expectedIds = (filtered.events ?? []).map((event) =>
        cwlEventId(RUN, event.timestamp ?? 0, event.eventId ?? ''),
      );
      expect(hits.map((hit) => hit._id).sort()).toEqual(expectedIds.sort());
      expect(hits).toHaveLength(Object.values(group.streams).flat().length);
    }
    const vpc = await documentsOf(search, prefix, GROUPS[0]?.logGroup ?? '');
    const rejectedSsh = vpc.find((hit) => hit._source.vpc?.dstport === 22)?._source;
    expect(rejectedSsh).toMatchObject({
      '@type': 'vpcflow',
      '@timestamp': new Date((SECONDS - 120) * 1000).toISOString(),
      vpc: {
        srcaddr: '203.0.113.7',
        dstaddr: '10.0.1.25',
        action: 'REJECT',
        protocol: 6,
        interface_id: 'eni-0a1b2c3d4e5f60718',
      },
    });
    const lambda = await documentsOf(search, prefix, GROUPS[1]?.logGroup ?? '');
    const report = lambda.find((hit) => hit._source.lambda?.record_type === 'REPORT')?._source;
    expect(report?.lambda).toMatchObject({
      request_id: REQUEST_ID,
      duration_ms: 102.25,
      billed_duration_ms: 103,
      max_memory_used_mb: 70,
      init_duration_ms: 245.12,
    });
    const trails = await documentsOf(search, prefix, GROUPS[2]?.logGroup ?? '');
    expect(trails.map((hit) => hit._source.cloudtrail?.eventName).sort()).toEqual([
      'ConsoleLogin',
      'CreateUser',
      'GetObject',
    ]);
    expect(
      trails.find((hit) => hit._source.cloudtrail?.eventName === 'GetObject')?._source.cloudtrail,
    ).toMatchObject({
      eventSource: 's3.amazonaws.com',
      errorCode: 'AccessDenied',
      sourceIPAddress: '81.94.205.17',
    });
  });
  it("drives the Kinesis Lambda handler with events built from moto's records, reporting exactly the records OpenSearch refused", async () => {
    // Prepare: a fresh prefix, its Lambda index for today refusing writes
    const handlerPrefix = uniquePrefix('e2eh');
    const config = testConfig(handlerPrefix);
    await setupOpenSearch(search, config, FIELD_CATALOG);
    const lambdaIndex = `${handlerPrefix}-lambda-${new Date(NOW).toISOString().slice(0, 10).replace(/-/g, '.')}`;
    await search.indices.create({ index: lambdaIndex });
    await search.indices.putSettings({ index: lambdaIndex, body: { 'index.blocks.write': true } });
    const handler = createKinesisHandler(
      kinesisDepsFromEnv({
        ...env,
        OPENSEARCH_INDEX_PREFIX: handlerPrefix,
        CWLPIPE_CONNECTORS: 'opensearch',
        CWLPIPE_SAFETY_MARGIN_MS: '2000',
      }),
    );
    // An event source mapping hands a function one shard's records at a time.
    const events = (await readShards(kinesis, stream)).map((shard) => lambdaEvent(shard, stream, RUN));
    const lambdaRecords = events.flatMap((event) =>
      event.Records.filter(
        (record) => readEnvelope(Buffer.from(record.kinesis.data, 'base64')).logGroup === GROUPS[1]?.logGroup,
      ).map((record) => record.kinesis.sequenceNumber),
    );

    try {
      // Act
      const blocked = await Promise.all(events.map((event) => handler(event, lambdaContext(8_000))));

      // Assess
      expect(lambdaRecords.length).toBeGreaterThan(0);
      const reported = blocked.flatMap((response, i) =>
        (response?.batchItemFailures ?? []).map((failure) => `${i}:${failure.itemIdentifier}`),
      );
      const expected = events.flatMap((event, i) =>
        event.Records.filter(
          (record) =>
            readEnvelope(Buffer.from(record.kinesis.data, 'base64')).logGroup === GROUPS[1]?.logGroup,
        ).map((record) => `${i}:${record.kinesis.sequenceNumber}`),
      );
      expect(reported.sort()).toEqual(expected.sort());
      expect(await countDocs(search, handlerPrefix, 'vpcflow-*')).toBe(5);
      expect(await countDocs(search, handlerPrefix, 'cloudtrail-*')).toBe(3);
      expect(await countDocs(search, handlerPrefix, 'lambda-*')).toBe(0);
      expect(await countDocs(search, handlerPrefix, 'deadletter-*')).toBe(0);

      // Act: Lambda retries the batches once the block is lifted
      await search.indices.putSettings({ index: lambdaIndex, body: { 'index.blocks.write': false } });
      const retried = await Promise.all(events.map((event) => handler(event, lambdaContext(8_000))));

      // Assess
      expect(retried.map((response) => response?.batchItemFailures)).toEqual(events.map(() => []));
      expect(await countDocs(search, handlerPrefix)).toBe(EVENT_COUNT);
    } finally {
      await deleteIndices(search, handlerPrefix);
    }
  });
});

interface Hit {
  _id: string;
  _source: {
    '@type': string;
    '@timestamp': string;
    vpc?: Record<string, unknown>;
    lambda?: Record<string, unknown>;
    cloudtrail?: Record<string, unknown>;
  };
}

const documentsOf = async (client: OpenSearchClient, prefix: string, logGroup: string): Promise<Hit[]> => {
  const { body } = await client.search({
    index: `${prefix}-*,-${prefix}-deadletter-*`,
    body: { size: 100, query: { term: { 'aws.log_group': logGroup } } },
  });
  return (body.hits.hits as unknown as Hit[]) ?? [];
};

/** Every record on every shard, raw, read without the poller. */
const readWholeStream = async (client: KinesisClient, stream: string): Promise<Uint8Array[]> => {
  const data: Uint8Array[] = [];
  const { Shards = [] } = await client.send(new ListShardsCommand({ StreamName: stream }));
  for (const shard of Shards) {
    const { ShardIterator } = await client.send(
      new GetShardIteratorCommand({
        StreamName: stream,
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    let iterator = ShardIterator;
    while (iterator !== undefined) {
      const output = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
      data.push(...(output.Records ?? []).map((record) => record.Data ?? new Uint8Array()));
      if ((output.Records ?? []).length === 0) break;
      iterator = output.NextShardIterator;
    }
  }
  return data;
};

interface ShardRecords {
  readonly shardId: string;
  readonly records: ReadonlyArray<{ sequenceNumber: string; partitionKey: string; data: Uint8Array }>;
}

/** Each shard's records, raw, read without the poller. */
const readShards = async (client: KinesisClient, stream: string): Promise<ShardRecords[]> => {
  const { Shards = [] } = await client.send(new ListShardsCommand({ StreamName: stream }));
  const shards: ShardRecords[] = [];
  for (const shard of Shards) {
    const { ShardIterator } = await client.send(
      new GetShardIteratorCommand({
        StreamName: stream,
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    const output = await client.send(new GetRecordsCommand({ ShardIterator }));
    shards.push({
      shardId: shard.ShardId ?? '',
      records: (output.Records ?? []).map((record) => ({
        sequenceNumber: record.SequenceNumber ?? '',
        partitionKey: record.PartitionKey ?? '',
        data: record.Data ?? new Uint8Array(),
      })),
    });
  }
  return shards.filter((shard) => shard.records.length > 0);
};

/** The event Lambda's Kinesis event source mapping would build from one shard's records. */
const lambdaEvent = (shard: ShardRecords, stream: string, runTag: string): KinesisStreamEvent => ({
  Records: shard.records.map((record) => ({
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${shard.shardId}:${record.sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: `arn:aws:iam::${ACCOUNT}:role/cwlpipe-kinesis`,
    awsRegion: 'us-east-1',
    eventSourceARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${stream}`,
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: record.partitionKey,
      sequenceNumber: record.sequenceNumber,
      approximateArrivalTimestamp: NOW / 1000,
      data: withCwlIds(record.data, runTag).toString('base64'),
    },
  })),
});

const lambdaContext = (remainingMs: number): Context =>
  ({
    functionName: 'cwlpipe-kinesis',
    awsRequestId: '0f8e2d4c-6b1a-4c3e-9d5f-7a2b1c0d9e8f',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:cwlpipe-kinesis`,
    memoryLimitInMB: '1024',
    getRemainingTimeInMillis: () => remainingMs,
  }) as Context;
