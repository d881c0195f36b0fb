import { addCounts, bump, type Counts, formatCounts, sumCounts } from '../../../src/pipeline';

describe('Counts', () => {
  it('bumps one key, by one or by a given amount', () => {
    // Prepare
    const byCode: Counts = {};

    // Act
    bump(byCode, 'gzip_invalid');
    bump(byCode, 'gzip_invalid', 4);
    bump(byCode, 'http_429', 2);

    // Assess
    expect(byCode).toEqual({ gzip_invalid: 5, http_429: 2 });
  });

  it('adds every count of one into another, leaving the source as it was', () => {
    // Prepare
    const into: Counts = { a: 1 };
    const from: Counts = { a: 2, b: 3 };

    // Act
    addCounts(into, from);

    // Assess
    expect(into).toEqual({ a: 3, b: 3 });
    expect(from).toEqual({ a: 2, b: 3 });
  });

  it('sums counts, nothing and an empty set as zero', () => {
    // Assess
    expect(sumCounts({ a: 2, b: 3 })).toBe(5);
    expect(sumCounts({})).toBe(0);
    expect(sumCounts(undefined)).toBe(0);
  });

  it('formats counts sorted by key as the tail of a summary line, and nothing when there are none', () => {
    // Assess
    expect(formatCounts({ zeta: 1, alpha: 2 })).toBe(' (alpha: 2, zeta: 1)');
    expect(formatCounts({})).toBe('');
  });
});
