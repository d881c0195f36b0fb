import { formatTable } from '../../../src/cli/print-table';
import { describeSync, parseTime } from '../../../src/cli/warehouse';

describe('CLI: warehouse', () => {
  it('prints a result as a padded table, numbers right-aligned and nulls as NULL', () => {
    // Act
    const text = formatTable(
      ['function_name', 'p95_ms'],
      [
        ['orders-api', 107.6],
        [null, 9],
      ],
    );

    // Assess
    expect(text).toBe(
      'function_name | p95_ms\n--------------+-------\norders-api    |  107.6\nNULL          |      9\n',
    );
  });

  it('reads ISO dates and times as UTC, and names the option of a bad one', () => {
    expect(parseTime('2024-05-01', '--from').toISOString()).toBe('2024-05-01T00:00:00.000Z');
    expect(parseTime('2024-05-01T12:30', '--to').toISOString()).toBe('2024-05-01T12:30:00.000Z');
    expect(() => parseTime('yesterday', '--from')).toThrow('--from must be an ISO 8601 date or time');
  });

  it('says how many minutes a sync recomputed and where the watermark is', () => {
    // Act
    const line = describeSync({
      mode: 'changed',
      windows: 2,
      replaced: 2,
      keptNewer: 0,
      rows: { lambda_minute: 3 },
      watermarkAfter: 0,
    });

    // Assess
    expect(line).toBe(
      'Recomputed 2 minute(s) (2 replaced, 0 already newer); rows: lambda_minute 3; watermark 1970-01-01T00:00:00.000Z.\n',
    );
  });
});
