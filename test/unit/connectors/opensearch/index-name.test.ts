import fc from 'fast-check';
import {
  deadLetterIndexFor,
  indexNameFor,
  indexPatternFor,
  isLegalIndexName,
  MAX_INDEX_NAME_BYTES,
  sanitizeIndexName,
  truncateUtf8,
  utcDay,
} from '../../../../src/connectors/opensearch/index-name';

// OpenSearch's own rules, written out independently of the module: lowercase, none of these characters,
// no leading - _ +, not . or .., at most 255 UTF-8 bytes.
const FORBIDDEN_CHARS = ['\\', '/', '*', '?', '"', '<', '>', '|', ',', '#', ':', ' '];
const acceptedByOpenSearch = (name: string): boolean =>
  name.length > 0 &&
  name !== '.' &&
  name !== '..' &&
  name === name.toLowerCase() &&
  !FORBIDDEN_CHARS.some((char) => name.includes(char)) &&
  !['-', '_', '+'].includes(name[0] ?? '') &&
  new TextEncoder().encode(name).length <= 255;

describe('Index names', () => {
  it('names a document index by the UTC day of the event', () => {
    // Prepare
    const lateEvening = '2024-05-01T23:30:00.000-02:00'; // 01:30 on 2 May in UTC

    // Act
    const name = indexNameFor('vpcflow', lateEvening);

    // Assess
    expect(name).toBe('cwl-vpcflow-2024.05.02');
  });

  it('accepts epoch milliseconds and Date objects', () => {
    // Prepare
    const millis = Date.UTC(2023, 0, 9, 0, 0, 0);

    // Act
    const fromMillis = indexNameFor('lambda', millis);
    const fromDate = indexNameFor('lambda', new Date(millis));

    // Assess
    expect(fromMillis).toBe('cwl-lambda-2023.01.09');
    expect(fromDate).toBe('cwl-lambda-2023.01.09');
  });

  it('uses the configured prefix', () => {
    // Act
    const name = indexNameFor('json', '2024-12-31T12:00:00Z', { prefix: 'logs' });

    // Assess
    expect(name).toBe('logs-json-2024.12.31');
  });

  it('falls back to the fallback day when the timestamp is not a date', () => {
    // Act
    const name = indexNameFor('text', 'not a time', { fallbackTime: '2024-02-29T10:00:00Z' });

    // Assess
    expect(name).toBe('cwl-text-2024.02.29');
  });

  it('falls back when the year does not have four digits', () => {
    // Act
    const name = indexNameFor('text', '+012024-01-01T00:00:00Z', { fallbackTime: '2024-03-01T00:00:00Z' });

    // Assess
    expect(name).toBe('cwl-text-2024.03.01');
  });

  it('names the dead-letter index by the day the letter is written', () => {
    // Act
    const name = deadLetterIndexFor(new Date('2024-05-01T08:00:00Z'));

    // Assess
    expect(name).toBe('cwl-deadletter-2024.05.01');
  });

  it('gives the wildcard pattern templates use', () => {
    // Act
    const pattern = indexPatternFor('cloudtrail');

    // Assess
    expect(pattern).toBe('cwl-cloudtrail-*');
  });

  it('sanitizes a type built from user data', () => {
    // Act
    const name = indexNameFor('_My App/Logs#1, "prod"', '2024-05-01T00:00:00Z');

    // Assess
    expect(name).toBe('cwl-myapplogs1prod-2024.05.01');
  });

  it('keeps the whole day when a long type is cut', () => {
    // Prepare
    const longType = 'é'.repeat(300);

    // Act
    const name = indexNameFor(longType, '2024-05-01T00:00:00Z');

    // Assess
    expect(name.endsWith('-2024.05.01')).toBe(true);
    expect(Buffer.byteLength(name, 'utf8')).toBeLessThanOrEqual(MAX_INDEX_NAME_BYTES);
  });
});

describe('sanitizeIndexName', () => {
  it.each([
    ['UPPER', 'upper'],
    ['a\\b/c*d?e"f<g>h|i,j#k:l m', 'abcdefghijklm'],
    ['-_+leading', 'leading'],
    ['tab\tand\nnewline', 'tabandnewline'],
  ])('turns %j into %j', (raw, expected) => {
    // Act
    const name = sanitizeIndexName(raw);

    // Assess
    expect(name).toBe(expected);
  });

  it.each(['', '.', '..', '___', '#?*'])('uses the fallback for %j', (raw) => {
    // Act
    const name = sanitizeIndexName(raw, 'fallback');

    // Assess
    expect(name).toBe('fallback');
  });

  it('cuts to 255 bytes without splitting a character', () => {
    // Prepare
    const raw = `a${'€'.repeat(100)}`; // 1 + 300 bytes

    // Act
    const name = sanitizeIndexName(raw);

    // Assess
    expect(Buffer.byteLength(name, 'utf8')).toBe(1 + 84 * 3);
    expect(name.endsWith('€')).toBe(true);
  });

  it('always returns a name OpenSearch accepts (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (raw) => {
        const name = sanitizeIndexName(raw);
        expect(acceptedByOpenSearch(name)).toBe(true);
        expect(isLegalIndexName(name)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves an already legal name as it is (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,60}$/), (legal) => {
        fc.pre(legal !== '.' && legal !== '..');
        expect(sanitizeIndexName(legal)).toBe(legal);
      }),
    );
  });
});

describe('indexNameFor properties', () => {
  it('always yields a legal name ending in a real day (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.oneof(
          fc
            .date({ noInvalidDate: false })
            .map((date) => (Number.isNaN(date.getTime()) ? 'invalid date' : date.toISOString())),
          fc.string(),
        ),
        (type, timestamp) => {
          const name = indexNameFor(type, timestamp, { fallbackTime: '2024-01-01T00:00:00Z' });
          expect(acceptedByOpenSearch(name)).toBe(true);
          expect(name).toMatch(/^cwl-.*-\d{4}\.\d{2}\.\d{2}$/);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('agrees with the UTC calendar for every valid time (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }),
        (date) => {
          const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
          const expected = `${year}.${String(month).padStart(2, '0')}.${String(day).padStart(2, '0')}`;
          expect(utcDay(date.toISOString())).toBe(expected);
        },
      ),
    );
  });
});

describe('truncateUtf8', () => {
  it('never exceeds the byte budget nor splits a surrogate pair (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.nat(200), (value, budget) => {
        const cut = truncateUtf8(value, budget);
        expect(Buffer.byteLength(cut, 'utf8')).toBeLessThanOrEqual(Math.max(budget, 0));
        expect(value.startsWith(cut)).toBe(true);
        expect(/[\uD800-\uDBFF]$/.test(cut)).toBe(false);
      }),
    );
  });
});
