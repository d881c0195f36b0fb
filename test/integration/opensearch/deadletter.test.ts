import { OpenSearchDeadLetterSink } from '../../../src/connectors/deadletter/opensearch-sink';
import {
  countLetters,
  listLetters,
  OpenSearchLetterStore,
} from '../../../src/connectors/deadletter/opensearch-store';
import { redriveLetters } from '../../../src/consumers/redrive';
import { deadlineIn, type EngineInput } from '../../../src/core';
import { processBatch } from '../../../src/pipeline/batch';
import { buildConfig } from '../../../src/pipeline/config';
import { Pipeline } from '../../../src/pipeline/run';
import { envelope, gzipEnvelope } from '../../helpers/records';
import { countDocs, deleteIndices, ENGINES, testConfig, testConnector, uniquePrefix } from './support';

const EVENT_ID = '37912222222222222222222222222222222222222222222222222201';

describe.each(ENGINES)('Dead letters: $id (real cluster)', (engine) => {
  it('keeps each failure once with its raw data, counts them, and re-drives what now succeeds', async () => {
    // Prepare: a corrupt record, and a JSON event a strict index refuses (an operator's mapping).
    const prefix = uniquePrefix('dl');
    const { connector, client } = testConnector(testConfig(prefix, { engine }));
    const sink = new OpenSearchDeadLetterSink(client, { prefix });
    const pipeline = new Pipeline(buildConfig());
    const strictIndex = `${prefix}-json-2024.05.01`;
    await client.indices.create({
      index: strictIndex,
      body: { mappings: { dynamic: 'strict', properties: { '@timestamp': { type: 'date' } } } },
    });
    const corrupt = Buffer.from('not gzip at all').toString('base64');
    const records: EngineInput[] = [
      { kind: 'base64', data: corrupt, origin: { recordIndex: 0, sequenceNumber: '4960001' } },
      {
        kind: 'bytes',
        bytes: gzipEnvelope(
          envelope('/ecs/orders', [{ id: EVENT_ID, message: '{"order":42,"state":"paid"}' }]),
        ),
        origin: { recordIndex: 1, sequenceNumber: '4960002' },
      },
    ];
    const deps = { pipeline, connectors: [connector], deadLetters: sink };

    try {
      // Act: the same batch twice, as Lambda would retry it.
      const first = await processBatch(records, deps, deadlineIn(30_000));
      await processBatch(records, deps, deadlineIn(30_000));
      await client.indices.refresh({ index: `${prefix}-deadletter-*` });
      const counts = await countLetters(client, { prefix });
      const listed = await listLetters(client, { prefix, stage: 'deliver' });

      // Assess
      expect(first.failed).toEqual([]);
      expect(counts).toEqual({
        total: 2,
        byCode: {
          strict_dynamic_mapping_exception: 1,
          [firstDecodeCode(first.delivery.deadLetteredByCode)]: 1,
        },
        byStage: { decode: 1, deliver: 1 },
      });
      expect(listed).toHaveLength(1);
      // An event's letter sits in its event's day, so a retry after midnight finds the same `_id`.
      expect(listed[0]?.index).toBe(`${prefix}-deadletter-2024.05.01`);
      expect(listed[0]?.letter).toMatchObject({
        stage: 'deliver',
        code: 'strict_dynamic_mapping_exception',
        connector: engine.id,
        origin: { recordIndex: 1, sequenceNumber: '4960002' },
        source: { logGroup: '/ecs/orders', owner: '123456789012' },
        raw_event: { id: EVENT_ID, message: '{"order":42,"state":"paid"}' },
      });
      const decode = await listLetters(client, { prefix, stage: 'decode' });
      expect(decode[0]?.letter.raw_record).toBe(corrupt);

      // Act: the operator drops the strict index; a redrive now delivers the event.
      await client.indices.delete({ index: strictIndex });
      const redrive = await redriveLetters(
        new OpenSearchLetterStore(client, prefix),
        {},
        { pipeline, connectors: [connector] },
      );
      const again = await redriveLetters(
        new OpenSearchLetterStore(client, prefix),
        {},
        { pipeline, connectors: [connector] },
      );
      await client.indices.refresh({ index: `${prefix}-deadletter-*` });

      // Assess: the delivered letter is gone, the corrupt record stays; repeating changes nothing.
      expect(redrive).toMatchObject({ tried: 2, resolved: 1 });
      expect(redrive.stillFailing.map((failing) => failing.id)).toEqual([decode[0]?.id]);
      expect(again).toMatchObject({ tried: 1, resolved: 0 });
      expect((await countLetters(client, { prefix })).byStage).toEqual({ decode: 1 });
      expect(await countDocs(client, prefix, 'json-*')).toBe(1);
    } finally {
      await deleteIndices(client, prefix);
      await connector.close();
    }
  });
});

const firstDecodeCode = (byCode: Record<string, number>): string =>
  Object.keys(byCode).find((code) => code !== 'strict_dynamic_mapping_exception') ?? 'none';
