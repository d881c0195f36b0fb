/**
 * The name of a table's backup of one day: `<table>_backup_<yyyymmdd>` (UTC), as the original daily
 * batch pipeline named them.
 *
 * @example
 * ```ts
 * backupName('lambda_minute', new Date('2024-05-01T03:00:00Z')); // 'lambda_minute_backup_20240501'
 * ```
 */
export const backupName = (table: string, day: Date): string =>
  `${table}_backup_${day.toISOString().slice(0, 10).replaceAll('-', '')}`;

/**
 * The backups of a table to delete so that only the newest `retain` remain (names not of this table's
 * backups are never touched).
 *
 * @example
 * ```ts
 * expiredBackups(['t_backup_20240501', 't_backup_20240502', 't_backup_20240503', 'u_backup_20240101'], 't', 2);
 * // ['t_backup_20240501']
 * ```
 */
export const expiredBackups = (existing: readonly string[], table: string, retain: number): string[] => {
  const pattern = new RegExp(`^${table}_backup_(\\d{8})$`);
  return existing
    .filter((name) => pattern.test(name))
    .sort()
    .reverse()
    .slice(Math.max(0, retain));
};
