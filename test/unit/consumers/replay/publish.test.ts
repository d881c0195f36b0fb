// A fake PutRecords client, only here: partial failures and throttling cannot be provoked on demand
// from kinesalite. The integration test (test/integration/consumers/replay.test.ts) uses kinesalite.
import {
  type PutRecordsCommand,
  type PutRecordsCommandOutput,
  ResourceNotFoundException,
} from '@aws-sdk/client-kinesis';
import {
  type PutRecordsSender,
  publishToKinesis,
  RecordsRefusedError,
  StreamMissingError,
  type StreamRecord,
} from '../../../../src/consumers/replay';

const recordOf = (n: number): StreamRecord => ({
  data: Buffer.from(`record-${n}`),
  partitionKey: `stream-${n}`,
});

/** Refuses the entries whose data is in `refuseOnce` the first time it sees them. */
class PartlyFailingClient implements PutRecordsSender {
  public readonly sent: string[][] = [];
  private readonly refused = new Set<string>();
  constructor(private readonly refuseOnce: Set<string>) {}
  async send(command: PutRecordsCommand): Promise<PutRecordsCommandOutput> {
    const entries = command.input.Records ?? [];
    const datas = entries.map((entry) => Buffer.from(entry.Data as Uint8Array).toString());
    this.sent.push(datas);
    const results = datas.map((data) => {
      if (this.refuseOnce.has(data) && !this.refused.has(data)) {
        this.refused.add(data);
        return { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded' };
      }
      return { SequenceNumber: '1', ShardId: 'shardId-000000000000' };
    });
    return {
      $metadata: {},
      FailedRecordCount: results.filter((r) => 'ErrorCode' in r).length,
      Records: results,
    };
  }
}

describe('publishToKinesis', () => {
  it('re-sends only the refused records of a partly failed call, and counts them as retries', async () => {
    // Prepare
    const records = [0, 1, 2, 3].map(recordOf);
    const client = new PartlyFailingClient(new Set(['record-1', 'record-3']));
    const retries: number[] = [];
    // Act
    const totals = await publishToKinesis(client, 's', records, {
      baseBackoffMs: 1,
      onRetry: (refused) => retries.push(refused),
    });
    // Assess
    expect(client.sent).toEqual([
      ['record-0', 'record-1', 'record-2', 'record-3'],
      ['record-1', 'record-3'],
    ]);
    expect(totals).toMatchObject({ records: 4, calls: 2, retries: 2 });
    expect(retries).toEqual([2]);
  });

  it('retries a whole call throttled, then gives up with a clear error', async () => {
    // Prepare
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ProvisionedThroughputExceededException',
    });
    let calls = 0;
    const client: PutRecordsSender = {
      send: async () => {
        calls++;
        throw throttled;
      },
    };
    // Act
    const act = publishToKinesis(client, 'busy', [recordOf(0)], { baseBackoffMs: 1, maxAttempts: 3 });
    // Assess
    await expect(act).rejects.toThrow(RecordsRefusedError);
    expect(calls).toBe(3);
  });

  it('says which stream is missing', async () => {
    // Prepare
    const client: PutRecordsSender = {
      send: async () => {
        throw new ResourceNotFoundException({ message: 'Stream nope not found', $metadata: {} });
      },
    };
    // Act
    const act = publishToKinesis(client, 'nope', [recordOf(0)]);
    // Assess
    await expect(act).rejects.toThrow(StreamMissingError);
    await expect(act).rejects.toThrow(/Kinesis stream nope does not exist/);
  });
});
