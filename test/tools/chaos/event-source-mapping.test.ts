import type { KinesisStreamEvent } from 'aws-lambda';
import {
  type InvocationOutcome,
  judge,
  type MappingSettings,
  MemoryDestination,
  runMapping,
  runShard,
  type ShardFeed,
  type StreamRecord,
} from '../../../tools/chaos/event-source-mapping';

const SETTINGS: MappingSettings = {
  batchSize: 4,
  bisectBatchOnFunctionError: true,
  maximumRetryAttempts: -1,
  maximumRecordAgeSeconds: -1,
  reportBatchItemFailures: true,
};
const ARRIVED = Date.UTC(2024, 4, 1, 12, 0, 0);

/** A shard of `count` records with sequence numbers `1`…`count`, handed out as the mapping asks. */
const feedOf = (count: number, shardId = 'shardId-000000000000'): ShardFeed & { reads: number } => {
  const records: StreamRecord[] = Array.from({ length: count }, (_, i) => ({
    sequenceNumber: String(i + 1),
    partitionKey: `key-${i}`,
    data: Buffer.from(`record ${i + 1}`).toString('base64'),
    approximateArrivalMs: ARRIVED + i * 1_000,
  }));
  let next = 0;
  return {
    shardId,
    reads: 0,
    async next(limit) {
      this.reads++;
      const out = records.slice(next, next + limit);
      next += out.length;
      return out;
    },
  };
};

/** A function that records every batch it sees (by sequence numbers) and answers with `answer`. */
const fn = (answer: (sequenceNumbers: string[], call: number) => InvocationOutcome) => {
  const calls: string[][] = [];
  const invoke = async (event: KinesisStreamEvent): Promise<InvocationOutcome> => {
    const sequenceNumbers = event.Records.map((record) => record.kinesis.sequenceNumber);
    calls.push(sequenceNumbers);
    return answer(sequenceNumbers, calls.length);
  };
  return { calls, invoke };
};

const ok = (): InvocationOutcome => ({ kind: 'response', response: { batchItemFailures: [] } });
const failing = (...ids: string[]): InvocationOutcome => ({
  kind: 'response',
  response: { batchItemFailures: ids.map((itemIdentifier) => ({ itemIdentifier })) },
});
const crash = (): InvocationOutcome => ({ kind: 'error', error: 'Task timed out after 60.00 seconds' });
const context = (destination = new MemoryDestination(), clock?: () => number) => ({
  streamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/chaos',
  functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:cwlpipe',
  destination,
  ...(clock && { clock }),
});

describe('Chaos: event source mapping simulation', () => {
  it('reads a verdict as AWS documents it: empty or missing lists succeed, unknown or empty ids fail the batch', () => {
    // Prepare
    const batch = ['1', '2', '3'];

    // Act / Assess
    expect(judge({ kind: 'response', response: undefined }, batch, true)).toEqual({ kind: 'success' });
    expect(judge({ kind: 'response', response: {} }, batch, true)).toEqual({ kind: 'success' });
    expect(judge(ok(), batch, true)).toEqual({ kind: 'success' });
    expect(judge(failing('3', '2'), batch, true)).toEqual({ kind: 'partial', firstFailed: 1 });
    expect(judge(failing(''), batch, true)).toMatchObject({ kind: 'failure' });
    expect(judge(failing('9'), batch, true)).toMatchObject({ kind: 'failure' });
    expect(
      judge({ kind: 'response', response: { batchItemFailures: [{ id: '1' }] } }, batch, true),
    ).toMatchObject({
      kind: 'failure',
    });
    // Without ReportBatchItemFailures the list is not read at all.
    expect(judge(failing('2'), batch, false)).toEqual({ kind: 'success' });
    expect(judge(crash(), batch, true)).toMatchObject({ kind: 'failure' });
  });

  it('sends batches of BatchSize in order and checkpoints the last record of each', async () => {
    // Prepare
    const { calls, invoke } = fn(ok);

    // Act
    const report = await runShard(feedOf(10), invoke, SETTINGS, context());

    // Assess
    expect(calls).toEqual([
      ['1', '2', '3', '4'],
      ['5', '6', '7', '8'],
      ['9', '10'],
    ]);
    expect(report).toMatchObject({ invocations: 3, recordsSucceeded: 10, checkpoint: '10', retries: 0 });
  });

  it('checkpoints before the lowest failed sequence number and retries from there, whatever the order of failures', async () => {
    // Prepare: the first answer names 4 and 3 (in that order) as failed
    const { calls, invoke } = fn((_, call) => (call === 1 ? failing('4', '3') : ok()));

    // Act
    const report = await runShard(feedOf(6), invoke, SETTINGS, context());

    // Assess: 1 and 2 are done; 3 is where the next batch starts, topped up to BatchSize
    expect(calls).toEqual([
      ['1', '2', '3', '4'],
      ['3', '4', '5', '6'],
    ]);
    expect(report).toMatchObject({ partialResponses: 1, retries: 1, recordsSucceeded: 6, checkpoint: '6' });
  });

  it('bisects a batch on a function error without using a retry, down to the record that fails', async () => {
    // Prepare: the function crashes whenever record 3 is in its batch, twice
    let crashes = 0;
    const { calls, invoke } = fn((ids) => (ids.includes('3') && crashes++ < 2 ? crash() : ok()));
    const settings = { ...SETTINGS, maximumRetryAttempts: 0 };

    // Act
    const report = await runShard(feedOf(4), invoke, settings, context());

    // Assess
    expect(calls).toEqual([['1', '2', '3', '4'], ['1', '2'], ['3', '4'], ['3'], ['4']]);
    expect(report).toMatchObject({
      functionErrors: 2,
      bisections: 2,
      retries: 0,
      discardedRecords: 0,
      recordsSucceeded: 4,
    });
  });

  it('gives up a batch after MaximumRetryAttempts and tells the on-failure destination its range', async () => {
    // Prepare: record 2 always fails, on its own after bisection
    const destination = new MemoryDestination();
    const { calls, invoke } = fn((ids) => (ids.includes('2') ? crash() : ok()));
    const settings = { ...SETTINGS, maximumRetryAttempts: 2 };

    // Act
    const report = await runShard(feedOf(4), invoke, settings, context(destination));

    // Assess: [1-4] bisects to [1,2], which bisects to [1] (ok), then [2] fails 1 + 2 retries, then [3,4]
    expect(calls).toEqual([['1', '2', '3', '4'], ['1', '2'], ['1'], ['2'], ['2'], ['2'], ['3', '4']]);
    expect(report).toMatchObject({
      bisections: 2,
      retries: 2,
      discardedBatches: 1,
      discardedRecords: 1,
      checkpoint: '4',
    });
    expect(destination.records).toHaveLength(1);
    expect(destination.records[0]).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
      responseContext: { functionError: 'Unhandled' },
      KinesisBatchInfo: {
        shardId: 'shardId-000000000000',
        startSequenceNumber: '2',
        endSequenceNumber: '2',
        batchSize: 1,
      },
    });
  });

  it('counts partial responses as retries and gives up the failed rest of the batch when they run out', async () => {
    // Prepare: records 3 and 4 are reported failed every time
    const destination = new MemoryDestination();
    const { calls, invoke } = fn((ids) => {
      const bad = ids.filter((id) => id === '3' || id === '4');
      return bad.length > 0 ? failing(...bad) : ok();
    });
    const settings = { ...SETTINGS, maximumRetryAttempts: 1, batchSize: 6 };

    // Act
    const report = await runShard(feedOf(6), invoke, settings, context(destination));

    // Assess: retry 1 is the batch from 3; after its failure, 3…6 (the batch retried) are given up
    expect(calls).toEqual([
      ['1', '2', '3', '4', '5', '6'],
      ['3', '4', '5', '6'],
    ]);
    expect(report).toMatchObject({ retries: 1, discardedRecords: 4, recordsSucceeded: 2, checkpoint: '6' });
    expect(destination.records[0]?.KinesisBatchInfo).toMatchObject({
      startSequenceNumber: '3',
      endSequenceNumber: '6',
      batchSize: 4,
    });
  });

  it('retries forever with MaximumRetryAttempts -1 until the function succeeds', async () => {
    // Prepare
    const { calls, invoke } = fn((ids, call) => (call <= 5 ? failing(ids[0] ?? '') : ok()));

    // Act
    const report = await runShard(feedOf(2), invoke, { ...SETTINGS, batchSize: 2 }, context());

    // Assess
    expect(calls).toHaveLength(6);
    expect(report).toMatchObject({ retries: 5, discardedRecords: 0, recordsSucceeded: 2 });
  });

  it('skips records older than MaximumRecordAgeInSeconds before invoking, and says so to the destination', async () => {
    // Prepare: records arrive a second apart; at the clock's time the first three are over 60 s old
    const destination = new MemoryDestination();
    const { calls, invoke } = fn(ok);
    const clock = () => ARRIVED + 62_500;

    // Act
    const report = await runShard(
      feedOf(5),
      invoke,
      { ...SETTINGS, maximumRecordAgeSeconds: 60 },
      context(destination, clock),
    );

    // Assess
    expect(calls).toEqual([['4', '5']]);
    expect(report).toMatchObject({ discardedRecords: 3, recordsSucceeded: 2 });
    expect(destination.records[0]).toMatchObject({
      requestContext: { condition: 'RecordAgeExceeded' },
      KinesisBatchInfo: { startSequenceNumber: '1', endSequenceNumber: '3', batchSize: 3 },
    });
  });

  it('builds the invocation event as the mapping does and runs shards side by side', async () => {
    // Prepare
    const events: KinesisStreamEvent[] = [];
    const invoke = async (event: KinesisStreamEvent): Promise<InvocationOutcome> => {
      events.push(event);
      return ok();
    };

    // Act
    const reports = await runMapping(
      [feedOf(1, 'shardId-000000000000'), feedOf(1, 'shardId-000000000001')],
      invoke,
      SETTINGS,
      context(),
    );

    // Assess
    expect(reports.map((report) => report.recordsSucceeded)).toEqual([1, 1]);
    expect(events.map((event) => event.Records[0]?.eventID).sort()).toEqual([
      'shardId-000000000000:1',
      'shardId-000000000001:1',
    ]);
    expect(events[0]?.Records[0]).toMatchObject({
      eventSource: 'aws:kinesis',
      kinesis: {
        data: Buffer.from('record 1').toString('base64'),
        approximateArrivalTimestamp: ARRIVED / 1000,
      },
    });
  });
});
