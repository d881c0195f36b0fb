import fc from 'fast-check';
import { isoTimeMs } from '../../../../src/transformers/lambda/runtime-line';

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

describe('Transformer: lambda runtime timestamps', () => {
  it('reads the runtime’s canonical form exactly as Date.parse does, rollovers and all', () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.integer({ min: 0, max: 9999 }),
          fc.integer({ min: 0, max: 13 }),
          fc.integer({ min: 0, max: 32 }),
          fc.integer({ min: 0, max: 25 }),
          fc.integer({ min: 0, max: 60 }),
          fc.integer({ min: 0, max: 60 }),
          fc.integer({ min: 0, max: 999 }),
        ),
        ([year, month, day, hour, minute, second, milli]) => {
          // Prepare
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(milli, 3)}Z`;
          const parsed = Date.parse(text);

          // Act
          const ms = isoTimeMs(`${text}\tc0ffee`, 0, 24);

          // Assess
          expect(ms).toBe(Number.isFinite(parsed) ? parsed : undefined);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['2024-05-01T12:00:00.123Z', 1714564800123],
    ['2024-02-30T00:00:00.000Z', Date.UTC(2024, 2, 1)],
    ['2024-05-01T12:00:00.123+02:00', 1714557600123],
    ['2024-05-01T12:00:00.123', undefined],
    ['2024-05-01T12:0a:00.123Z', undefined],
  ])('reads %s as %s', (text, expected) => {
    expect(isoTimeMs(text, 0, text.length)).toBe(expected);
  });
});
