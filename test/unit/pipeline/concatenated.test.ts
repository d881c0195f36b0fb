import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { parseInput } from '../../../src/consumers/files';
import { envelopesOf, splitJsonObjects } from '../../../src/pipeline/concatenated';
import { buildConfig } from '../../../src/pipeline/config';
import { Pipeline } from '../../../src/pipeline/run';
import { envelope, gzipEnvelope } from '../../helpers/records';

const MiB = 1024 * 1024;

/** Three envelopes of two log groups, with braces and quotes inside messages to mislead a naive splitter. */
const threeEnvelopes = () => [
  envelope('/app/orders', ['first {', 'second "}"'], { logStream: 'a' }),
  envelope('/app/orders', ['third ]'], { logStream: 'b' }),
  envelope('/app/payments', ['fourth \\', '{"nested":{"x":[1,2]}}'], { logStream: 'c' }),
];

/** Every event's message the pipeline read out of a file's bytes, and every record it set aside. */
const readAll = (bytes: Uint8Array) => {
  const pipeline = new Pipeline(buildConfig(), () => new Date(0));
  const outcomes = parseInput(bytes, 'archive-object').records.map((record) => pipeline.process(record));
  return {
    messages: outcomes.flatMap((outcome) => outcome.docs.map((doc) => doc.event.message)),
    setAside: outcomes.flatMap((outcome) => outcome.setAside?.map((item) => item.code) ?? []),
  };
};

describe('Archive objects: envelopes back to back', () => {
  it('splits objects back to back, whatever braces and quotes their strings hold', () => {
    // Prepare
    const text = '{"a":1}{"b":"}{\\"\\\\"}\n{"c":[{"d":"]"}]}  ';

    // Act
    const pieces = splitJsonObjects(text);

    // Assess
    expect(pieces?.map((piece) => JSON.parse(piece))).toEqual([
      { a: 1 },
      { b: '}{"\\' },
      { c: [{ d: ']' }] },
    ]);
  });

  it('says a text is not objects back to back when something else stands between them', () => {
    // Act
    const pieces = ['[1,2]', '{"a":1},{"b":2}', 'plain text', '"a string"'].map(splitJsonObjects);

    // Assess
    expect(pieces).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('hands back an object left open at the end, so it is set aside rather than lost', () => {
    // Act
    const pieces = splitJsonObjects('{"a":1}{"b":[');

    // Assess
    expect(pieces).toEqual(['{"a":1}', '{"b":[']);
  });

  it('splits any objects joined with any whitespace into exactly those objects', () => {
    fc.assert(
      fc.property(
        fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { minLength: 1, maxLength: 5 }),
        fc.array(fc.constantFrom('', ' ', '\n', '\r\n', '\t'), { minLength: 6, maxLength: 6 }),
        (objects, gaps) => {
          // Prepare
          const text = objects.map((object, i) => `${gaps[i]}${JSON.stringify(object)}`).join('');

          // Act
          const pieces = splitJsonObjects(text);

          // Assess
          // (compared as JSON reads them back: -0 is written 0)
          expect(pieces?.map((piece) => JSON.parse(piece))).toEqual(
            objects.map((object) => JSON.parse(JSON.stringify(object))),
          );
        },
      ),
    );
  });

  it.each([
    [
      'several gzip members (Firehose to S3, no decompression)',
      () => Buffer.concat(threeEnvelopes().map(gzipEnvelope)),
    ],
    [
      'one gzip member holding several envelopes',
      () =>
        gzipSync(
          threeEnvelopes()
            .map((e) => JSON.stringify(e))
            .join(''),
        ),
    ],
    [
      'plain envelopes back to back (Firehose decompression, no delimiter)',
      () =>
        Buffer.from(
          threeEnvelopes()
            .map((e) => JSON.stringify(e))
            .join(''),
        ),
    ],
    [
      'plain envelopes one a line',
      () =>
        Buffer.from(
          threeEnvelopes()
            .map((e) => `${JSON.stringify(e)}\n`)
            .join(''),
        ),
    ],
  ])('reads every event of %s', (_form, bytes) => {
    // Act
    const read = readAll(bytes());

    // Assess
    expect(read.messages).toEqual(threeEnvelopes().flatMap((e) => e.logEvents.map((event) => event.message)));
    expect(read.setAside).toEqual([]);
  });

  it('keeps the good envelopes of an object whose last one was cut short, and sets the cut one aside', () => {
    // Prepare
    const whole = threeEnvelopes().map((e) => JSON.stringify(e));
    const last = whole[2] as string;
    const bytes = gzipSync(`${whole[0]}${whole[1]}${last.slice(0, last.length / 2)}`);

    // Act
    const read = readAll(bytes);

    // Assess
    expect(read.messages).toEqual(['first {', 'second "}"', 'third ]']);
    expect(read.setAside).toEqual(['json_invalid']);
  });

  it('reads a single envelope as one record, as before, and leaves a gzip bomb to decoding', () => {
    // Prepare
    const single = gzipEnvelope(threeEnvelopes()[0]);
    const bomb = Buffer.concat([gzipEnvelope(threeEnvelopes()[0]), gzipSync(Buffer.alloc(2 * MiB, 0x20))]);

    // Act
    const one = envelopesOf(single, MiB);
    const capped = envelopesOf(bomb, MiB);

    // Assess
    expect(one).toBeUndefined();
    expect(capped).toBeUndefined();
    expect(parseInput(single, 'one').records).toHaveLength(1);
  });
});
