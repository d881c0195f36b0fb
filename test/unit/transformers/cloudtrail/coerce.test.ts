import fc from 'fast-check';
import {
  flag,
  isoDate,
  jsonText,
  keyword,
  MAX_KEYWORD_JSON_CHARS,
  parseIsoMillis,
} from '../../../../src/transformers/cloudtrail/coerce';

describe('Transformer: cloudtrail, value readers', () => {
  it.each([
    [true, true],
    [false, false],
    ['true', true],
    [' False ', false],
    ['yes', undefined],
    [1, undefined],
    [null, undefined],
  ])('reads the flag %p as %p', (value, expected) => {
    // Act
    const read = flag(value);

    // Assess
    expect(read).toBe(expected);
  });

  it.each([
    ['ASIAXD4QK2M7WJ5ZNB6Q', 'ASIAXD4QK2M7WJ5ZNB6Q'],
    ['', undefined],
    [12, '12'],
    [false, 'false'],
    [null, undefined],
    [['a', 'b'], '["a","b"]'],
  ])('reads the keyword %p as %p', (value, expected) => {
    // Act
    const read = keyword(value);

    // Assess
    expect(read).toBe(expected);
  });

  it('drops an object whose JSON is too long for a keyword', () => {
    // Prepare
    const value = { blob: 'x'.repeat(MAX_KEYWORD_JSON_CHARS) };

    // Act
    const read = keyword(value);

    // Assess
    expect(read).toBeUndefined();
  });

  it('keeps a per-API object of any size as its JSON, and a string as it is', () => {
    // Prepare
    const value = { policy: 'x'.repeat(100_000) };

    // Act
    const asJson = jsonText(value);
    const asString = jsonText('already text');

    // Assess
    expect(asJson).toHaveLength(JSON.stringify(value).length);
    expect(asString).toBe('already text');
  });

  it.each([
    ['2024-05-01T12:00:00Z', '2024-05-01T12:00:00.000Z'],
    ['2024-05-01T12:00:00.123456Z', '2024-05-01T12:00:00.123Z'],
    ['2024-05-01T12:00:00', '2024-05-01T12:00:00.000Z'],
    ['2024-05-01T12:00:00-0130', '2024-05-01T13:30:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('reads the date %p as %p', (value, expected) => {
    // Act
    const read = isoDate(value);

    // Assess
    expect(read).toBe(expected);
  });

  it.each([
    ['2023-02-29T00:00:00Z'],
    ['2024-05-01T24:00:00Z'],
    ['May 1, 2024, 2:22:10 PM'],
    ['2024-05-01'],
    [''],
  ])('refuses the date %p', (value) => {
    // Act
    const read = parseIsoMillis(value);

    // Assess
    expect(read).toBeUndefined();
  });

  it('reads every ISO string Date writes back to the same instant', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1000-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (date) => {
          // Act
          const read = parseIsoMillis(date.toISOString());

          // Assess
          expect(read).toBe(date.getTime());
        },
      ),
    );
  });

  it('reads and writes CloudTrail-shaped times digit by digit exactly as the general parse does', () => {
    const pad = (value: number, width: number) => String(value).padStart(width, '0');
    fc.assert(
      fc.property(
        fc.record({
          year: fc.integer({ min: 0, max: 9999 }),
          month: fc.integer({ min: 0, max: 13 }),
          day: fc.integer({ min: 0, max: 32 }),
          hour: fc.integer({ min: 0, max: 25 }),
          minute: fc.integer({ min: 0, max: 61 }),
          second: fc.integer({ min: 0, max: 61 }),
          millis: fc.option(fc.integer({ min: 0, max: 999 })),
          // Sometimes one character is not a digit: the digit-by-digit read must refuse what the parse refuses.
          spoil: fc.option(fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom('x', '/', ' ', '-'))),
        }),
        ({ year, month, day, hour, minute, second, millis, spoil }) => {
          // Prepare
          let value = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${millis === null ? '' : `.${pad(millis, 3)}`}Z`;
          if (spoil !== null && spoil[0] < value.length - 1)
            value = `${value.slice(0, spoil[0])}${spoil[1]}${value.slice(spoil[0] + 1)}`;

          // Act: a trailing space sends the same time down the general parse (which trims it).
          const read = parseIsoMillis(value);
          const general = parseIsoMillis(`${value} `);

          // Assess
          expect(read).toBe(general);
          expect(isoDate(value)).toBe(isoDate(`${value} `));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('never throws and returns only finite numbers for any string', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        // Act
        const read = parseIsoMillis(value);

        // Assess
        expect(read === undefined || Number.isFinite(read)).toBe(true);
      }),
    );
  });
});
