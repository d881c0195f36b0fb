import type { DocBody, LogEvent, LogSource, TransformContext } from '../../../../src/core';
import { DEFAULT_LIMITS } from '../../../../src/transformers/common';
import { jsonTransformer } from '../../../../src/transformers/json';

const source: LogSource = {
  owner: '493827165034',
  logGroup: '/ecs/orders-api',
  logStream: 'orders-api/app/5b0e8c2d9f1a4e7b',
  subscriptionFilters: ['all-logs-to-kinesis'],
};
const context: TransformContext = { ingestedAt: '2026-01-01T00:00:00.000Z', limits: DEFAULT_LIMITS };
const eventOf = (
  message: string,
  id = '38262030000000000000000000000000000000000000000000000001',
): LogEvent => ({
  id,
  timestamp: Date.UTC(2024, 4, 1, 12, 0, 0, 412),
  message,
});

const transformOne = (message: string): DocBody => {
  const result = jsonTransformer.transform(eventOf(message), source, context);
  if (result.kind !== 'ok' || result.docs.length !== 1)
    throw new Error(`expected one document: ${JSON.stringify(result)}`);
  return result.docs[0] as DocBody;
};

describe('Transformer: json', () => {
  it('indexes a whole JSON message under json', () => {
    // Act
    const doc = transformOne('{"level":30,"msg":"request completed","res":{"statusCode":201}}');

    // Assess
    expect(doc.json).toEqual({ level: 30, msg: 'request completed', res: { statusCode: 201 } });
    expect(doc).not.toHaveProperty('json_prefix');
    expect(doc['@type']).toBe('json');
    expect(doc['@timestamp']).toBe('2024-05-01T12:00:00.412Z');
  });

  it('keeps the text before the object, trimmed, as json_prefix', () => {
    // Act
    const doc = transformOne('2024-05-01T12:05:00.118Z INFO   {"invoice":"INV-2024-050117"}');

    // Assess
    expect(doc.json_prefix).toBe('2024-05-01T12:05:00.118Z INFO');
    expect(doc.json).toEqual({ invoice: 'INV-2024-050117' });
  });

  it('keeps the raw message in @message', () => {
    // Prepare
    const message = 'INFO {"a.b":1}';

    // Act
    const doc = transformOne(message);

    // Assess
    expect(doc['@message']).toBe(message);
    expect(doc.json).toEqual({ a_b: 1 });
  });

  it('keeps just the common fields of a message routed here that holds no object', () => {
    // Act
    const doc = transformOne('processed 12 invoices');

    // Assess
    expect(doc).not.toHaveProperty('json');
    expect(doc['@message']).toBe('processed 12 invoices');
  });

  it.each([
    ['a whole object', '{"a":1}', true],
    ['an object after a prefix', 'WARN {"a":1}', true],
    ['plain text', 'disk almost full on /var (92%)', false],
    ['an array', '[1,2,3]', false],
    ['text with braces', 'took {ms} ms', false],
  ])('matches %s: %p', (_case, message, expected) => {
    // Act
    const matched = jsonTransformer.matches(eventOf(message), source);

    // Assess
    expect(matched).toBe(expected);
  });

  it('transforms the message it is given, not the one it last matched', () => {
    // Prepare
    jsonTransformer.matches(eventOf('{"first":1}'), source);

    // Act
    const doc = transformOne('{"second":2}');

    // Assess
    expect(doc.json).toEqual({ second: 2 });
  });

  it('gives each transform of the same message its own objects', () => {
    // Prepare
    const message = '{"req":{"method":"GET"}}';
    const first = transformOne(message);
    (first.json as { req: { method: string } }).req.method = 'CHANGED';

    // Act
    const second = transformOne(message);

    // Assess
    expect(second.json).toEqual({ req: { method: 'GET' } });
  });

  it('applies the configured limits', () => {
    // Prepare
    const tight: TransformContext = {
      ...context,
      limits: { ...DEFAULT_LIMITS, maxJsonDepth: 1, maxMessageChars: 10 },
    };

    // Act
    const result = jsonTransformer.transform(eventOf('{"a":{"b":1},"c":"some long value"}'), source, tight);

    // Assess
    if (result.kind !== 'ok') throw new Error('expected ok');
    expect(result.docs[0]?.json).toEqual({ a: '{"b":1}', c: 'some long value' });
    expect(result.docs[0]?.['@message']).toBe('{"a":{"b":…[truncated]');
  });
});
