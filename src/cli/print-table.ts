/**
 * A query result as a plain text table: a header, a rule, one line per row, columns padded to their
 * widest value (numbers right-aligned), nulls shown as `NULL`.
 *
 * @example
 * ```ts
 * formatTable(['fn', 'n'], [['orders-api', 12]]);
 * // 'fn         | n \n-----------+---\norders-api | 12\n'
 * ```
 */
export const formatTable = (columns: readonly string[], rows: readonly (readonly unknown[])[]): string => {
  const cells = rows.map((row) => columns.map((_, index) => cellText(row[index])));
  const widths = columns.map((column, index) =>
    Math.max(column.length, ...cells.map((row) => (row[index] as string).length)),
  );
  const numeric = columns.map(
    (_, index) =>
      rows.length > 0 && rows.every((row) => typeof row[index] === 'number' || row[index] === null),
  );
  const line = (values: readonly string[], alignNumbers: boolean) =>
    values
      .map((value, index) =>
        alignNumbers && numeric[index]
          ? value.padStart(widths[index] as number)
          : value.padEnd(widths[index] as number),
      )
      .join(' | ');
  return [
    line(columns, false),
    widths.map((width) => '-'.repeat(width)).join('-+-'),
    ...cells.map((row) => line(row, true)),
    '',
  ].join('\n');
};

const cellText = (value: unknown): string => {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
};
