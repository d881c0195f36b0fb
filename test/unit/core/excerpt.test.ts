import fc from 'fast-check';
import { excerpt, excerptOf, LOG_EXCERPT_CHARS } from '../../../src/core';

describe('Core: bounded excerpts for log lines', () => {
  it('keeps short text as it is and cuts long text, saying how much was left out', () => {
    // Prepare
    const long = `${'a'.repeat(LOG_EXCERPT_CHARS)}SECRET-TAIL`;

    // Act
    const short = excerpt('order 42 shipped');
    const cut = excerpt(long);

    // Assess
    expect(short).toBe('order 42 shipped');
    expect(cut).toBe(`${'a'.repeat(LOG_EXCERPT_CHARS)}… (11 more characters)`);
    expect(cut).not.toContain('SECRET');
  });

  it('never leaves half of a surrogate pair at the cut', () => {
    // Prepare
    const emoji = `${'a'.repeat(9)}🎉🎉`; // the cut at 10 falls inside the first 🎉

    // Act
    const cut = excerpt(emoji, 10);

    // Assess
    expect(cut).toBe(`${'a'.repeat(9)}… (4 more characters)`);
  });

  it('renders any value as JSON first, and survives values JSON cannot take', () => {
    // Prepare
    const cyclic: Record<string, unknown> = { message: 'x'.repeat(1_000) };
    cyclic.self = cyclic;

    // Act
    const object = excerptOf({ message: 'y'.repeat(1_000) });
    const odd = excerptOf(cyclic);
    const nothing = excerptOf(undefined);

    // Assess
    expect(object.startsWith('{"message":"yyy')).toBe(true);
    expect(object.length).toBeLessThan(LOG_EXCERPT_CHARS + 30);
    expect(odd).toBe('[object Object]');
    expect(nothing).toBe('undefined');
  });

  it('is never longer than the cap and its count (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 2_000 }),
        fc.integer({ min: 1, max: 300 }),
        (text, max) => {
          const cut = excerpt(text, max);
          expect(cut.length).toBeLessThanOrEqual(max + ' (2000 more characters)…'.length);
          expect(/[\uD800-\uDBFF]…/.test(cut)).toBe(false);
        },
      ),
    );
  });
});
