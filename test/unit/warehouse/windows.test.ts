import { backupName, expiredBackups } from '../../../src/warehouse/backup';
import { minutesBetween, spansOf } from '../../../src/warehouse/windows';

describe('Warehouse: minutes, spans and backups', () => {
  it('joins adjacent minutes into spans and keeps gaps', () => {
    // Act
    const spans = spansOf([180_000, 0, 60_000, 60_000]);

    // Assess
    expect(spans).toEqual([
      { startMs: 0, endMs: 120_000 },
      { startMs: 180_000, endMs: 240_000 },
    ]);
  });

  it('lists the minutes that start in a range', () => {
    // Act
    const minutes = minutesBetween(Date.parse('2024-05-01T12:00:30Z'), Date.parse('2024-05-01T12:02:00Z'));

    // Assess
    expect(minutes.map((ms) => new Date(ms).toISOString())).toEqual([
      '2024-05-01T12:00:00.000Z',
      '2024-05-01T12:01:00.000Z',
    ]);
  });

  it('names dated backups and deletes only the oldest of the same table', () => {
    // Prepare
    const existing = [
      't_backup_20240501',
      't_backup_20240503',
      't_backup_20240502',
      'tt_backup_20240101',
      't_backup_x',
    ];

    // Act
    const expired = expiredBackups(existing, 't', 2);

    // Assess
    expect(backupName('t', new Date('2024-05-03T23:59:00Z'))).toBe('t_backup_20240503');
    expect(expired).toEqual(['t_backup_20240501']);
  });
});
