import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readInputFile } from '../../../src/consumers/files';
import { publishToKinesis, replayRecords, StreamMissingError } from '../../../src/consumers/replay';
import { eventKeysOf, readStream } from '../../helpers/kinesis-records';
import { newStream, startKinesis } from './poller-kit';

// The vpcflow and cloudtrail fixtures: envelopes of several forms, all of them decodable.
const fixtureFiles = ['vpcflow', 'cloudtrail'].flatMap((dir) =>
  readdirSync(join('fixtures', dir))
    .filter((name) => !name.endsWith('.expected.json') && !name.endsWith('.config.json'))
    .map((name) => join('fixtures', dir, name)),
);

describe('replay to kinesalite', () => {
  let kinesis: Awaited<ReturnType<typeof startKinesis>>;
  beforeAll(async () => {
    kinesis = await startKinesis();
  });
  afterAll(async () => {
    await kinesis.close();
  });

  it('puts each log stream as one gzip envelope keyed by it, with every event once', async () => {
    // Prepare
    const stream = await newStream(kinesis.client, 2);
    const inputs = fixtureFiles.flatMap((file) => readInputFile(file).records);
    const load = replayRecords(inputs);
    const eventsIn = eventKeysOf(inputs);
    // Act
    const totals = await publishToKinesis(kinesis.client, stream, load.records);
    const read = await readStream(kinesis.client, stream);
    // Assess
    expect(load.corrupt).toBe(0);
    expect(totals.records).toBe(load.records.length);
    expect(read).toHaveLength(load.records.length);
    const eventsOut: string[] = [];
    for (const record of read) {
      const envelope = JSON.parse(gunzipSync(record.data).toString('utf8'));
      expect(record.partitionKey).toBe(envelope.logStream);
      for (const event of envelope.logEvents)
        eventsOut.push(`${envelope.logStream}|${JSON.stringify(event)}`);
    }
    expect(eventsOut.length).toBeGreaterThan(0);
    expect(eventsOut.sort()).toEqual(eventsIn.sort());
  });

  it('names a missing stream', async () => {
    // Prepare
    const load = replayRecords(readInputFile(fixtureFiles[0] as string).records);
    // Act
    const act = publishToKinesis(kinesis.client, 'replay-no-such-stream', load.records);
    // Assess
    await expect(act).rejects.toThrow(StreamMissingError);
  });
});
