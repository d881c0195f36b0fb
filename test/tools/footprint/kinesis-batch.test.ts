import { gunzipSync } from 'node:zlib';
import type { KinesisStreamEvent } from 'aws-lambda';
import { largestKinesisBatch } from '../../../tools/footprint/kinesis-batch';

describe('largestKinesisBatch', () => {
  it('puts as many events in each record as keep the records data within the budget', () => {
    // Prepare: 20 records, a budget of 8 kB of gzip data.
    const budget = 8_000;

    // Act
    const batch = largestKinesisBatch('vpcflow', 20, budget);

    // Assess: within the budget, and one more event per record would not be.
    const event = JSON.parse(batch.json) as KinesisStreamEvent;
    const dataBytes = event.Records.reduce(
      (sum, record) => sum + Buffer.from(record.kinesis.data, 'base64').length,
      0,
    );
    expect(event.Records).toHaveLength(20);
    expect(batch.dataBytes).toBe(dataBytes);
    expect(batch.dataBytes).toBeLessThanOrEqual(budget);
    expect(largestKinesisBatch('vpcflow', 20, batch.dataBytes).eventsPerRecord).toBe(batch.eventsPerRecord);
    const firstEnvelope = JSON.parse(
      gunzipSync(Buffer.from(event.Records[0]?.kinesis.data ?? '', 'base64')).toString('utf8'),
    ) as { logEvents: unknown[] };
    expect(firstEnvelope.logEvents).toHaveLength(batch.eventsPerRecord);
    expect(batch.events).toBe(20 * batch.eventsPerRecord);
  });

  it('takes fewer records of one event each when one event per record is already over the budget', () => {
    // Prepare: a budget under 20 records of one CloudTrail event (several hundred gzip bytes each).
    const budget = 3_000;

    // Act
    const batch = largestKinesisBatch('cloudtrail', 20, budget);

    // Assess
    expect(batch.eventsPerRecord).toBe(1);
    expect(batch.records).toBeLessThan(20);
    expect(batch.records).toBeGreaterThan(0);
    expect((JSON.parse(batch.json) as KinesisStreamEvent).Records).toHaveLength(batch.records);
  });
});
