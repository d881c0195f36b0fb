import fc from 'fast-check';
import type { DocBody, LogEvent, LogSource, TransformContext } from '../../../../src/core';
import { DEFAULT_LIMITS, TRUNCATION_MARKER } from '../../../../src/transformers/common';
import { textTransformer } from '../../../../src/transformers/text';

const source: LogSource = {
  owner: '493827165034',
  logGroup: '/ecs/inventory-service',
  logStream: 'inventory/app/1f2e3d4c',
  subscriptionFilters: ['all-logs-to-kinesis'],
};
const context: TransformContext = { ingestedAt: '2026-01-01T00:00:00.000Z', limits: DEFAULT_LIMITS };
const eventOf = (message: string, timestamp = Date.UTC(2024, 4, 1, 13, 0, 0, 250)): LogEvent => ({
  id: '38262040000000000000000000000000000000000000000000000001',
  timestamp,
  message,
});

const transformOne = (message: string, ctx = context): DocBody => {
  const result = textTransformer.transform(eventOf(message), source, ctx);
  if (result.kind !== 'ok' || result.docs.length !== 1)
    throw new Error(`expected one document: ${JSON.stringify(result)}`);
  return result.docs[0] as DocBody;
};

describe('Transformer: text', () => {
  it('writes just the common fields, with the CloudWatch Logs time', () => {
    // Act
    const doc = transformOne('WARN disk almost full on /var (92%)');

    // Assess
    expect(doc).toEqual({
      '@timestamp': '2024-05-01T13:00:00.250Z',
      '@ingested': '2026-01-01T00:00:00.000Z',
      '@id': '38262040000000000000000000000000000000000000000000000001',
      '@type': 'text',
      '@message': 'WARN disk almost full on /var (92%)',
      aws: {
        log_group: '/ecs/inventory-service',
        log_stream: 'inventory/app/1f2e3d4c',
        owner: '493827165034',
      },
    });
  });

  it('keeps a multi-line stack trace as one message, newlines and tabs included', () => {
    // Prepare
    const trace =
      'java.lang.IllegalStateException: stock went negative\n\tat com.example.StockService.reserve(StockService.java:118)\n\t... 42 more';

    // Act
    const doc = transformOne(trace);

    // Assess
    expect(doc['@message']).toBe(trace);
  });

  it('keeps unicode and emoji as they are', () => {
    // Act
    const doc = transformOne('注文を発送しました 📦🚚 — João ✅');

    // Assess
    expect(doc['@message']).toBe('注文を発送しました 📦🚚 — João ✅');
  });

  it('cuts a message longer than maxMessageChars and says so', () => {
    // Prepare
    const tight: TransformContext = { ...context, limits: { ...DEFAULT_LIMITS, maxMessageChars: 12 } };

    // Act
    const doc = transformOne('SQL slow query (4213 ms): SELECT 1', tight);

    // Assess
    expect(doc['@message']).toBe(`SQL slow que${TRUNCATION_MARKER}`);
  });

  it('keeps a message of exactly maxMessageChars whole', () => {
    // Prepare
    const tight: TransformContext = { ...context, limits: { ...DEFAULT_LIMITS, maxMessageChars: 5 } };

    // Act
    const doc = transformOne('12345', tight);

    // Assess
    expect(doc['@message']).toBe('12345');
  });

  it('claims every message, as the fallback', () => {
    fc.assert(
      fc.property(fc.string(), (message) => {
        // Act
        const matched = textTransformer.matches(eventOf(message), source);

        // Assess
        expect(matched).toBe(true);
      }),
    );
  });

  it('never throws, and keeps any message up to the cap exactly', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.integer({ min: 1, max: 64 }),
        (message, maxMessageChars) => {
          // Prepare
          const ctx: TransformContext = { ...context, limits: { ...DEFAULT_LIMITS, maxMessageChars } };

          // Act
          const doc = transformOne(message, ctx);

          // Assess
          // A cut may stop one unit short, so as never to split a surrogate pair.
          const kept = doc['@message'] ?? '';
          expect(kept === message || kept.endsWith(TRUNCATION_MARKER)).toBe(true);
          const cut = kept === message ? kept : kept.slice(0, -TRUNCATION_MARKER.length);
          expect(message.startsWith(cut)).toBe(true);
          expect(cut.length).toBeGreaterThanOrEqual(Math.min(message.length, maxMessageChars - 1));
        },
      ),
    );
  });
});
