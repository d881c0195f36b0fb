import { existsSync } from 'node:fs';
import { OpenSearchDeadLetterSink } from '../../../src/connectors/deadletter/opensearch-sink';
import type { OpenSearchClient } from '../../../src/connectors/opensearch/client';
import { readInputFile } from '../../../src/consumers/files';
import {
  type Connector,
  deadlineIn,
  type EngineInput,
  type Envelope,
  type LogEvent,
  type PipelineDoc,
} from '../../../src/core';
import { syntheticEnvelopes, syntheticTypes } from '../../../src/local/synthetic';
import { processBatch } from '../../../src/pipeline/batch';
import { buildConfig, loadConfigFile } from '../../../src/pipeline/config';
import { Pipeline } from '../../../src/pipeline/run';
import { FIELD_CATALOG } from '../../../src/transformers';
import { configPath, listFixtures } from '../../helpers/golden';
import { type TestEngine, testConfig, testConnector, uniquePrefix } from '../opensearch/support';

/**
 * Panels the corpus cannot fill, each with the reason; the tests assert they answer and are empty, so they
 * fail (and this list must shrink) once the reason is gone.
 */
export const EMPTY_FOR_A_REASON: Readonly<Record<string, string>> = {};

/** What was indexed under a prefix: every document delivered, to compute the answers panels must give. */
export interface LoadedCorpus {
  readonly prefix: string;
  readonly client: OpenSearchClient;
  readonly docs: readonly PipelineDoc[];
  /** From before the oldest fixture to after the newest generated event. */
  readonly range: { from: string; to: string };
}

/** A connector that only remembers what it is handed, beside the real one, so answers come from the input. */
const recorder = (docs: PipelineDoc[]): Connector => ({
  id: 'recorder',
  deliver: async (batch) => {
    docs.push(...batch);
    return { delivered: batch.length, retryable: [], rejected: [] };
  },
});

/**
 * CloudTrail events no fixture has, with known answers: a root console sign-in (root account use) and an
 * Insights event exactly as CloudTrail writes one (no top-level eventSource).
 */
export const knownCloudTrailEvents = (nowMs: number): Envelope => {
  const event = (id: string, body: Record<string, unknown>): LogEvent => ({
    id,
    timestamp: nowMs,
    message: JSON.stringify(body),
  });
  const time = new Date(nowMs - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: 'aws-cloudtrail-logs-123456789012-known',
    logStream: '123456789012_CloudTrail_us-east-1',
    subscriptionFilters: ['cwlpipe-cloudtrail'],
    logEvents: [
      event('40000000000000000000000000000000000000000000000000000001', {
        eventVersion: '1.09',
        userIdentity: {
          type: 'Root',
          principalId: '123456789012',
          arn: 'arn:aws:iam::123456789012:root',
          accountId: '123456789012',
        },
        eventTime: time,
        eventSource: 'signin.amazonaws.com',
        eventName: 'ConsoleLogin',
        awsRegion: 'us-east-1',
        sourceIPAddress: '198.51.100.77',
        eventType: 'AwsConsoleSignIn',
        responseElements: { ConsoleLogin: 'Success' },
        eventID: '7f1c2d3e-0000-4000-8000-000000000001',
        recipientAccountId: '123456789012',
        eventCategory: 'Management',
      }),
      event('40000000000000000000000000000000000000000000000000000002', {
        eventVersion: '1.08',
        eventTime: time,
        awsRegion: 'us-east-1',
        eventID: '7f1c2d3e-0000-4000-8000-000000000002',
        eventType: 'AwsCloudTrailInsight',
        recipientAccountId: '123456789012',
        sharedEventID: '7f1c2d3e-0000-4000-8000-000000000003',
        insightDetails: {
          state: 'Start',
          eventSource: 'ec2.amazonaws.com',
          eventName: 'RunInstances',
          insightType: 'ApiCallRateInsight',
          insightContext: { statistics: { baseline: { average: 0.5 }, insight: { average: 12 } } },
        },
        eventCategory: 'Insight',
      }),
    ],
  };
};

/**
 * Indexes the fixture corpus (each fixture with its own config, dead letters included), a generated
 * stream of every log type over the last hour, and {@link knownCloudTrailEvents} under a fresh prefix,
 * through the real engine, connector and dead-letter sink, into the integration setup's OpenSearch (or the
 * engine given); then makes it searchable.
 *
 * @example
 * ```ts
 * const corpus = await loadCorpus('dash');
 * ```
 */
export const loadCorpus = async (name: string, engine?: TestEngine): Promise<LoadedCorpus> => {
  const prefix = uniquePrefix(name);
  const { connector, client } = testConnector(testConfig(prefix, engine === undefined ? {} : { engine }));
  await connector.setup?.({ fields: FIELD_CATALOG });
  const sink = new OpenSearchDeadLetterSink(client, { prefix });
  const docs: PipelineDoc[] = [];
  const connectors = [connector, recorder(docs)];
  const nowMs = Date.now();
  for (const fixture of listFixtures()) {
    const config = existsSync(configPath(fixture)) ? loadConfigFile(configPath(fixture)) : buildConfig();
    const records: EngineInput[] = readInputFile(fixture).records;
    await processBatch(
      records,
      { pipeline: new Pipeline(config), connectors, deadLetters: sink },
      deadlineIn(60_000),
    );
  }
  const generated: EngineInput[] = [
    ...syntheticTypes().flatMap((type, typeIndex) =>
      [
        ...syntheticEnvelopes({
          type,
          envelopes: 8,
          eventsPerEnvelope: 40,
          seed: 7 + typeIndex,
          startMs: nowMs - 3_600_000,
        }),
      ].map((envelope, index) => ({ kind: 'envelope' as const, envelope, origin: { recordIndex: index } })),
    ),
    { kind: 'envelope', envelope: knownCloudTrailEvents(nowMs), origin: { recordIndex: 0 } },
  ];
  await processBatch(
    generated,
    { pipeline: new Pipeline(buildConfig()), connectors, deadLetters: sink },
    deadlineIn(60_000),
  );
  await client.indices.refresh({ index: `${prefix}-*` });
  return {
    prefix,
    client,
    docs,
    range: { from: '2024-04-30T00:00:00.000Z', to: new Date(nowMs + 3_600_000).toISOString() },
  };
};
