import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import {
  bareMessageEnvelopes,
  bareMessageId,
  bareMessageSource,
  routeBareMessages,
} from '../../../src/consumers/bare-messages';
import { parseInput } from '../../../src/consumers/files';
import { ConfigError } from '../../../src/core';
import { buildConfig, Pipeline } from '../../../src/pipeline';
import { envelope, gzipEnvelope } from '../../helpers/records';

// Firehose's "message extraction" writes only each event's message, one per line: no group, id or time.
const FIXTURE = 'fixtures/firehose/message-extraction-vpcflow.txt';
const SOURCE = { logGroup: '/vpc/flow-logs', type: 'vpcflow' } as const;
const HOUR = Date.UTC(2024, 4, 1, 12);

describe('bare messages (Firehose message extraction)', () => {
  it('gives every line a 56-digit id from the object and its position, the same on every read', () => {
    // Prepare
    const address = 's3://firehose-out/2024/05/01/12/cwl-1-2024-05-01-12-00-00-abc.gz';
    // Act
    const first = bareMessageId(address, 0);
    const again = bareMessageId(address, 0);
    const nextLine = bareMessageId(address, 1);
    const otherObject = bareMessageId(`${address}x`, 0);
    // Assess
    expect(first).toMatch(/^\d{56}$/);
    expect(again).toBe(first);
    expect(new Set([first, nextLine, otherObject]).size).toBe(3);
  });

  it('reads gzip or plain lines into envelopes of the named group, skipping blank lines and CRs, in bounded envelopes', () => {
    // Prepare
    const text = readFileSync(FIXTURE, 'utf8');
    const many = Array.from({ length: 10_001 }, (_, i) => `line ${i}`).join('\r\n');
    // Act
    const plain = bareMessageEnvelopes(Buffer.from(text), 'a.txt', SOURCE, HOUR);
    const zipped = bareMessageEnvelopes(gzipSync(text), 'a.txt', SOURCE, HOUR);
    const split = bareMessageEnvelopes(Buffer.from(many), 'b.txt', SOURCE, HOUR);
    // Assess
    expect(plain).toEqual(zipped);
    expect(plain).toHaveLength(1);
    expect(plain[0]).toMatchObject({
      logGroup: '/vpc/flow-logs',
      logStream: 'a.txt',
      subscriptionFilters: ['cwlpipe-vpcflow'],
    });
    expect(plain[0]?.logEvents.map((event) => event.timestamp)).toEqual([HOUR, HOUR, HOUR]);
    expect(plain[0]?.logEvents[2]?.id).toBe(bareMessageId('a.txt', 3));
    expect(split.map((part) => part.logEvents.length)).toEqual([10_000, 1]);
    expect(split[1]?.logEvents[0]?.message).toBe('line 10000');
  });

  it('becomes documents of the named type with the content time, through the pipeline', () => {
    // Prepare
    const config = routeBareMessages(buildConfig(), SOURCE);
    const { form, records } = parseInput(readFileSync(FIXTURE), FIXTURE, {
      source: SOURCE,
      receivedAtMs: HOUR,
    });
    // Act
    const docs = records.flatMap((record) => new Pipeline(config).process(record).docs);
    // Assess
    expect(form).toBe('bare-messages');
    expect(docs.map((doc) => [doc.type, doc.body['@timestamp']])).toEqual([
      ['vpcflow', '2024-05-01T12:00:00.000Z'],
      ['vpcflow', '2024-05-01T12:00:00.000Z'],
      ['vpcflow', '2024-05-01T12:00:20.000Z'],
    ]);
    expect(docs[0]?.body.aws.log_group).toBe('/vpc/flow-logs');
  });

  it('still reads envelopes and events as themselves when bare messages are named', () => {
    // Prepare
    const gzip = gzipEnvelope(envelope('/ecs/app', ['one']));
    const json = Buffer.from(JSON.stringify(envelope('/ecs/app', ['two'])));
    const bare = { source: SOURCE, receivedAtMs: HOUR };
    // Act
    const fromGzip = parseInput(gzip, 'one.gz', bare);
    const fromJson = parseInput(json, 'two.json', bare);
    // Assess
    expect(fromGzip.form).toBe('gzip-envelope');
    expect(fromJson.form).toBe('envelope');
  });

  it('needs both the log group and a known type, naming what is missing', () => {
    // Prepare // Act
    const groupOnly = () => bareMessageSource('/vpc/flow-logs', undefined);
    const unknownType = () => bareMessageSource('/vpc/flow-logs', 'syslog');
    // Assess
    expect(bareMessageSource(undefined, undefined)).toBeUndefined();
    expect(groupOnly).toThrow(ConfigError);
    expect(groupOnly).toThrow('both --bare-log-group');
    expect(unknownType).toThrow('--bare-type "syslog" is not one of');
  });
});
