// A fake PutRecordBatch client, only here: partial failures and throttling cannot be provoked on demand from
// moto's Firehose. The integration test (test/integration/consumers/replay-cli.test.ts) uses moto.
import type { PutRecordBatchCommand, PutRecordBatchCommandOutput } from '@aws-sdk/client-firehose';
import {
  FIREHOSE_LIMITS,
  type PutRecordBatchSender,
  publishToFirehose,
  putBatches,
  RecordsRefusedError,
  StreamMissingError,
  type StreamRecord,
} from '../../../../src/consumers/replay';

const recordOf = (n: number, bytes = 10): StreamRecord => ({
  data: Buffer.concat([Buffer.from(`r${n}:`), Buffer.alloc(bytes, 0x61)]),
  partitionKey: `stream-${n}`,
});

const named = (name: string): Error => Object.assign(new Error(name), { name });

/** Answers each call by `answer(call number, records of the call)`. */
class ScriptedFirehose implements PutRecordBatchSender {
  public readonly sent: string[][] = [];
  constructor(private readonly answer: (call: number, data: string[]) => Array<string | undefined> | Error) {}
  async send(command: PutRecordBatchCommand): Promise<PutRecordBatchCommandOutput> {
    const data = (command.input.Records ?? []).map(
      (record) =>
        Buffer.from(record.Data as Uint8Array)
          .toString()
          .split(':')[0] ?? '',
    );
    this.sent.push(data);
    const result = this.answer(this.sent.length, data);
    if (result instanceof Error) throw result;
    return {
      $metadata: {},
      FailedPutCount: result.filter((code) => code !== undefined).length,
      RequestResponses: result.map((code) =>
        code === undefined ? { RecordId: 'id' } : { ErrorCode: code, ErrorMessage: code },
      ),
    };
  }
}

describe('publishToFirehose', () => {
  it('re-sends only the records Firehose refused, and a whole call it throttled', async () => {
    // Prepare
    const client = new ScriptedFirehose((call, data) =>
      call === 1
        ? data.map((d) => (d === 'r1' ? 'ServiceUnavailableException' : undefined))
        : call === 2
          ? named('ServiceUnavailableException')
          : data.map(() => undefined),
    );
    // Act
    const totals = await publishToFirehose(
      client,
      'cwl',
      [0, 1, 2].map((n) => recordOf(n)),
      { baseBackoffMs: 1 },
    );
    // Assess
    expect(client.sent).toEqual([['r0', 'r1', 'r2'], ['r1'], ['r1']]);
    expect(totals).toMatchObject({ records: 3, calls: 3, retries: 2 });
  });

  it('cuts calls at 4 MiB and 500 records, counting no partition key', () => {
    // Prepare: records of just under 1,000 KiB each: four fit in 4 MiB, a fifth does not
    const big = [0, 1, 2, 3, 4].map((n) => recordOf(n, FIREHOSE_LIMITS.maxRecordBytes - 10));
    const small = Array.from({ length: 501 }, (_, n) => recordOf(n));
    // Act
    const bigCalls = putBatches(big, FIREHOSE_LIMITS);
    const smallCalls = putBatches(small, FIREHOSE_LIMITS);
    // Assess
    expect(bigCalls.map((call) => call.length)).toEqual([4, 1]);
    expect(smallCalls.map((call) => call.length)).toEqual([500, 1]);
  });

  it('names a missing delivery stream, and gives up on records still refused', async () => {
    // Prepare
    const missing = new ScriptedFirehose(() => named('ResourceNotFoundException'));
    const refusing = new ScriptedFirehose((_, data) => data.map(() => 'InternalFailure'));
    // Act
    const toMissing = publishToFirehose(missing, 'nope', [recordOf(0)]);
    const toRefusing = publishToFirehose(refusing, 'cwl', [recordOf(0)], {
      maxAttempts: 2,
      baseBackoffMs: 1,
    });
    // Assess
    await expect(toMissing).rejects.toThrow(StreamMissingError);
    await expect(publishToFirehose(missing, 'nope', [recordOf(0)])).rejects.toThrow(
      'Firehose delivery stream nope does not exist',
    );
    await expect(toRefusing).rejects.toThrow(RecordsRefusedError);
    await expect(
      publishToFirehose(refusing, 'cwl', [recordOf(0)], { maxAttempts: 2, baseBackoffMs: 1 }),
    ).rejects.toThrow(
      'The Firehose delivery stream cwl still refused 1 record(s) after 2 attempts (InternalFailure).',
    );
  });
});
