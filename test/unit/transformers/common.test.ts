import fc from 'fast-check';
import type { TransformContext } from '../../../src/core';
import {
  capMessage,
  DEFAULT_LIMITS,
  eventTime,
  isoTime,
  TRUNCATION_MARKER,
} from '../../../src/transformers/common';

const CWL_TIME = Date.UTC(2024, 4, 1, 12, 0, 0);
const DAY_MS = 86_400_000;
const CONTEXT: TransformContext = { ingestedAt: '2026-01-01T00:00:00.000Z', limits: DEFAULT_LIMITS };

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

  describe('the time window around the CloudWatch Logs timestamp', () => {
    it.each([
      ['a VPC start of 0', 0, 'before_window'],
      ['a CloudTrail eventTime in the year 1000', Date.UTC(1000, 0, 1), 'before_window'],
      ['31 days before', CWL_TIME - 31 * DAY_MS, 'before_window'],
      ['two days ahead', CWL_TIME + 2 * DAY_MS, 'after_window'],
      ['beyond +8.64e15 ms', 8.64e15 + 1, 'unreadable'],
      ['beyond -8.64e15 ms', -8.64e15 - 1, 'unreadable'],
      ['NaN (an unparseable time)', Number.NaN, 'unreadable'],
    ])('uses the CloudWatch Logs time and flags %s', (_name, contentMs, reason) => {
      // Act
      const time = eventTime(contentMs, CWL_TIME, CONTEXT);

      // Assess
      expect(time).toEqual({ iso: new Date(CWL_TIME).toISOString(), correction: reason });
    });

    it.each([
      ['29 days before', CWL_TIME - 29 * DAY_MS],
      ['23 hours ahead', CWL_TIME + 23 * 3_600_000],
      ['the same second', CWL_TIME + 999],
    ])('keeps a content time %s', (_name, contentMs) => {
      expect(eventTime(contentMs, CWL_TIME, CONTEXT)).toEqual({ iso: new Date(contentMs).toISOString() });
    });

    it('follows the configured maxEventAgeDays', () => {
      // Prepare
      const context = { ...CONTEXT, limits: { ...DEFAULT_LIMITS, maxEventAgeDays: 400 } };

      // Act
      const time = eventTime(CWL_TIME - 365 * DAY_MS, CWL_TIME, context);

      // Assess
      expect(time).toEqual({ iso: new Date(CWL_TIME - 365 * DAY_MS).toISOString() });
    });

    it.each([
      ['beyond 8.64e15 ms', 8.64e15 + 1],
      ['before the year 1000', Date.UTC(999, 11, 31)],
      ['after the year 9999', Date.UTC(10000, 0, 1)],
    ])('uses the processing time when the CloudWatch Logs timestamp is %s (never 1970)', (_name, cwlMs) => {
      expect(eventTime(undefined, cwlMs, CONTEXT)).toEqual({
        iso: CONTEXT.ingestedAt,
        correction: 'cwl_timestamp_invalid',
      });
    });

    it('puts content times of thousands of different days into at most 32 days', () => {
      // Prepare: one content day per event, 3,000 days back from the CloudWatch Logs time
      const contentTimes = Array.from({ length: 3000 }, (_, day) => CWL_TIME - day * DAY_MS);

      // Act
      const days = new Set(contentTimes.map((ms) => eventTime(ms, CWL_TIME, CONTEXT).iso.slice(0, 10)));

      // Assess
      expect(days.size).toBeLessThanOrEqual(32);
      expect(days.size).toBeGreaterThan(1);
    });
  });
});
