import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { createOpenSearchClient } from '../../../src/connectors/opensearch/client';
import type { Envelope } from '../../../src/core';
import { syntheticEnvelopes } from '../../../src/local/synthetic';
import { runCwlpipe } from '../../helpers/cli';
import { gzipEnvelope } from '../../helpers/records';
import { countDocs, deleteIndices, openSearchUrl, testConfig, uniquePrefix } from '../opensearch/support';
import { newStream, startKinesis } from './poller-kit';

/** Runs `cwlpipe poll` as the ECS task would: a process configured by its environment. */
const poll = (args: string[], env: Record<string, string>) => runCwlpipe(['poll', ...args], env);

describe('CLI: cwlpipe poll (kinesalite → real OpenSearch)', () => {
  let kinesis: Awaited<ReturnType<typeof startKinesis>>;
  const prefix = uniquePrefix('poll');
  const client = createOpenSearchClient(testConfig(prefix));

  beforeAll(async () => {
    kinesis = await startKinesis();
  });

  afterAll(async () => {
    await deleteIndices(client, prefix);
    await client.close();
    await kinesis.close();
  });

  const put = async (stream: string, envelopes: Envelope[]): Promise<void> => {
    await kinesis.client.send(
      new PutRecordsCommand({
        StreamName: stream,
        Records: envelopes.map((envelope) => ({
          Data: gzipEnvelope(envelope),
          PartitionKey: envelope.logStream,
        })),
      }),
    );
  };

  it('drains a stream into OpenSearch, then resumes from its checkpoints without reading anything twice', async () => {
    // Prepare
    const stream = await newStream(kinesis.client, 2);
    const envelopes = [
      ...syntheticEnvelopes({ type: 'vpcflow', envelopes: 4, eventsPerEnvelope: 50, seed: 11 }),
    ];
    await put(stream, envelopes.slice(0, 3));
    const checkpoints = join(mkdtempSync(join(tmpdir(), 'cwlpipe-poll-')), 'checkpoints.json');
    const args = [
      '--stream',
      stream,
      '--kinesis-endpoint',
      kinesis.endpoint ?? '',
      '--checkpoints',
      checkpoints,
      '--drain',
    ];
    const env = { OPENSEARCH_URL: openSearchUrl(), OPENSEARCH_INDEX_PREFIX: prefix };

    // Act
    const first = await poll(args, env);
    await put(stream, envelopes.slice(3));
    const second = await poll(args, env);

    // Assess
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(second.status).toBe(0);
    expect(existsSync(checkpoints)).toBe(true);
    expect(await countDocs(client, prefix, 'vpcflow-*')).toBe(200);
    const lastProgress = (output: string) =>
      JSON.parse(
        output
          .trim()
          .split('\n')
          .filter((line) => line.includes('"Progress"'))
          .at(-1) ?? '{}',
      ) as {
        records?: number;
        events?: number;
      };
    expect(lastProgress(first.stdout)).toMatchObject({ records: 3, events: 150 });
    expect(lastProgress(second.stdout)).toMatchObject({ records: 1, events: 50 });
  });

  it('refuses to start without a stream, in one clear line', async () => {
    // Act
    const run = await poll([], { OPENSEARCH_URL: openSearchUrl(), CWLPIPE_STREAM: '' });

    // Assess
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('cwlpipe: Name the Kinesis stream to read with --stream or CWLPIPE_STREAM.\n');
  });
});
