import fc from 'fast-check';
import { capMessage, isoTime, TRUNCATION_MARKER } from '../../../src/transformers/common';

// String.prototype.isWellFormed is missing from the ES2022 typings we compile against.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (text: string): boolean => !LONE_SURROGATE.test(text);

describe('Transformers: common fields', () => {
  it('keeps a message within the cap untouched', () => {
    expect(capMessage('short', 10)).toBe('short');
  });

  it('cuts a long message and says so', () => {
    expect(capMessage('abcdefghij', 4)).toBe(`abcd${TRUNCATION_MARKER}`);
  });

  it('never cuts an emoji in half', () => {
    // Prepare
    const message = `abc😀def`;

    // Act
    const capped = capMessage(message, 4);

    // Assess
    expect(capped).toBe(`abc${TRUNCATION_MARKER}`);
  });

  it('always yields well-formed text no longer than the cap plus the marker', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 1, max: 50 }), (message, cap) => {
        const capped = capMessage(message, cap);
        expect(capped.length).toBeLessThanOrEqual(cap + TRUNCATION_MARKER.length);
        expect(wellFormed(capped)).toBe(wellFormed(message));
      }),
    );
  });

  it('writes exactly what Date#toISOString writes, for any representable time', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -8.64e15, max: 8.64e15 }),
          fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true }),
        ),
        (ms) => {
          expect(isoTime(ms)).toBe(new Date(ms).toISOString());
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('gives no time for an epoch outside the representable range', () => {
    expect(isoTime(8.64e15 + 1)).toBeUndefined();
    expect(isoTime(Number.NaN)).toBeUndefined();
    expect(isoTime(0)).toBe('1970-01-01T00:00:00.000Z');
  });
});
