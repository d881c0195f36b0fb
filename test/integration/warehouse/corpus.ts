import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenSearchClient } from '../../../src/connectors/opensearch/client';
import type { OpenSearchConfig } from '../../../src/connectors/opensearch/config';
import { OpenSearchConnector } from '../../../src/connectors/opensearch/connector';
import { deadlineIn, type Envelope, type PipelineDoc } from '../../../src/core';
import { syntheticEnvelopes } from '../../../src/local/synthetic';
import { buildConfig } from '../../../src/pipeline/config';
import { Pipeline } from '../../../src/pipeline/run';
import { LOG_TYPES } from '../../../src/transformers';
import { fixtureDocs } from '../opensearch/support';

/** Every log-type fixture's documents (the golden corpus), as connectors receive them. */
export const fixtureCorpus = (): PipelineDoc[] =>
  LOG_TYPES.flatMap((type) =>
    readdirSync(join('fixtures', type))
      .filter(
        (name) =>
          name.endsWith('.json') && !name.endsWith('.expected.json') && !name.endsWith('.config.json'),
      )
      .flatMap((name) => fixtureDocs(join('fixtures', type, name))),
  );

/**
 * A generated stream: VPC flows, Lambda invocations and CloudTrail events from the synthetic makers,
 * `events` in all, starting at `startMs`, as envelopes (so they can be delivered again or replayed).
 */
export const syntheticStream = (events: number, startMs: number, seed = 7): Envelope[] => {
  const perType = Math.ceil(events / 3 / 100);
  return (['vpcflow', 'lambda', 'cloudtrail'] as const).flatMap((type, index) => [
    ...syntheticEnvelopes({ type, envelopes: perType, eventsPerEnvelope: 100, seed: seed + index, startMs }),
  ]);
};

/** Envelopes through the real pipeline: the documents a consumer would deliver (processed now). */
export const transformEnvelopes = (envelopes: readonly Envelope[]): PipelineDoc[] => {
  const pipeline = new Pipeline(buildConfig());
  return envelopes.flatMap(
    (envelope, recordIndex) => pipeline.processEnvelope(envelope, { recordIndex }).docs,
  );
};

/** Delivers documents with the real OpenSearch connector, then makes them searchable. */
export const deliver = async (
  client: OpenSearchClient,
  config: OpenSearchConfig,
  docs: readonly PipelineDoc[],
): Promise<void> => {
  const connector = new OpenSearchConnector({ client, config });
  const report = await connector.deliver(docs, deadlineIn(120_000));
  if (report.retryable.length + report.rejected.length > 0) {
    throw new Error(
      `Delivery failed: ${JSON.stringify([...report.retryable, ...report.rejected].slice(0, 2))}`,
    );
  }
  await client.indices.refresh({
    index: `${config.indexPrefix}-*`,
    ignore_unavailable: true,
    allow_no_indices: true,
  });
};
