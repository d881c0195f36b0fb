import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { decodeBase64, decodeBytes } from '../../../src/pipeline/decode';
import { envelope, gzipEnvelope } from '../../helpers/records';

const options = { maxGunzipBytes: 1024 * 1024 };

describe('Decode', () => {
  it('decodes a base64 gzip envelope into its events', () => {
    // Prepare
    const data = gzipEnvelope(envelope('/app/orders', ['first', 'second'])).toString('base64');

    // Act
    const result = decodeBase64(data, options);

    // Assess
    expect(result.kind).toBe('data');
    if (result.kind !== 'data') return;
    expect(result.envelope.logGroup).toBe('/app/orders');
    expect(result.envelope.logEvents.map((e) => e.message)).toEqual(['first', 'second']);
  });

  it('accepts an envelope that is plain JSON, not gzip', () => {
    // Prepare
    const bytes = Buffer.from(JSON.stringify(envelope('/app/orders', ['plain'])));

    // Act
    const result = decodeBytes(bytes, options);

    // Assess
    expect(result.kind).toBe('data');
  });

  it('recognises a control message', () => {
    // Prepare
    const control = {
      ...envelope('', []),
      messageType: 'CONTROL_MESSAGE',
      logEvents: [{ id: '', timestamp: 1, message: 'CWL CONTROL MESSAGE' }],
    };

    // Act
    const result = decodeBytes(gzipEnvelope(control), options);

    // Assess
    expect(result.kind).toBe('control');
  });

  it.each([
    ['not base64 at all', '!!!not-base64!!!', 'base64_invalid'],
    ['base64 of a length no encoder makes', 'abcde', 'base64_invalid'],
    [
      'base64 of bytes that are neither gzip nor JSON',
      Buffer.from('hello world').toString('base64'),
      'gzip_invalid',
    ],
    [
      'a truncated gzip stream',
      gzipEnvelope(envelope('/g', ['x']))
        .subarray(0, 20)
        .toString('base64'),
      'gzip_invalid',
    ],
    ['gzip of text that is not JSON', gzipSync('definitely not json').toString('base64'), 'json_invalid'],
    [
      'gzip of JSON that is not an envelope',
      gzipSync('{"hello":"world"}').toString('base64'),
      'envelope_invalid',
    ],
  ])('sets aside %s', (_name, data, code) => {
    // Act
    const result = decodeBase64(data, options);

    // Assess
    expect(result).toMatchObject({ kind: 'set_aside', code });
  });

  it('refuses a gzip bomb instead of inflating it', () => {
    // Prepare
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024));

    // Act
    const result = decodeBytes(bomb, options);

    // Assess
    expect(result).toMatchObject({
      kind: 'set_aside',
      code: 'gzip_too_large',
      reason: 'gzip output exceeded 1 MiB',
    });
  });

  it.each([
    ['a missing logGroup', { logGroup: undefined }, 'logGroup is not a string'],
    ['an unknown messageType', { messageType: 'DATA' }, 'messageType is "DATA"'],
    [
      'subscriptionFilters that are not strings',
      { subscriptionFilters: [1] },
      'subscriptionFilters is not a list',
    ],
    [
      'an event without an id',
      { logEvents: [{ timestamp: 1, message: 'm' }] },
      'logEvents[0] has no string id',
    ],
    [
      'an event with a string timestamp',
      { logEvents: [{ id: '1', timestamp: '1', message: 'm' }] },
      'logEvents[0] has no numeric timestamp',
    ],
    [
      'an event without a message',
      { logEvents: [{ id: '1', timestamp: 1 }] },
      'logEvents[0] has no string message',
    ],
  ])('names what is wrong with an envelope with %s', (_name, change, problem) => {
    // Prepare
    const bad = { ...envelope('/g', ['m']), ...change };

    // Act
    const result = decodeBytes(gzipEnvelope(bad), options);

    // Assess
    expect(result.kind).toBe('set_aside');
    if (result.kind !== 'set_aside') return;
    expect(result.code).toBe('envelope_invalid');
    expect(result.reason).toContain(problem);
  });

  it.each([
    ['null', null, 'data is null'],
    ['missing', undefined, 'data is missing'],
    ['a number', 42, 'data is a number, not a base64 string'],
    ['an object', { b64: 'x' }, 'data is an object, not a base64 string'],
  ])('sets a record whose data is %s aside as data_missing, without throwing', (_name, data, problem) => {
    // Act
    const result = decodeBase64(data, options);

    // Assess
    expect(result).toEqual({
      kind: 'set_aside',
      code: 'data_missing',
      reason: `the record has no data (${problem})`,
    });
  });

  describe('properties', () => {
    it('never throws on arbitrary base64 text', () => {
      fc.assert(
        fc.property(fc.string(), (data) => {
          const result = decodeBase64(data, options);
          expect(['data', 'control', 'set_aside']).toContain(result.kind);
        }),
      );
    });

    it('never throws on arbitrary bytes, gzipped or not', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 2048 }), fc.boolean(), (bytes, gzip) => {
          const input = gzip ? gzipSync(bytes) : bytes;
          const result = decodeBytes(input, options);
          expect(['data', 'control', 'set_aside']).toContain(result.kind);
        }),
      );
    });

    it('never throws on arbitrary JSON in a gzip', () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          const result = decodeBytes(gzipSync(JSON.stringify(value) ?? 'null'), options);
          expect(['data', 'control', 'set_aside']).toContain(result.kind);
        }),
      );
    });

    it('round-trips any well-formed envelope', () => {
      const event = fc.record({
        id: fc.string({ minLength: 1 }),
        timestamp: fc.integer(),
        message: fc.string(),
      });
      fc.assert(
        fc.property(fc.array(event, { maxLength: 20 }), fc.string(), (logEvents, logGroup) => {
          const original = { ...envelope(logGroup, []), logEvents };
          const result = decodeBase64(gzipEnvelope(original).toString('base64'), options);
          expect(result).toEqual({ kind: 'data', envelope: original });
        }),
      );
    });
  });
});
