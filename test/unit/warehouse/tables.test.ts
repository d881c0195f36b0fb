import { FIELD_TABLE, LOG_TYPES } from '../../../src/transformers';
import { columnsOf, TABLES } from '../../../src/warehouse/tables';

describe('Warehouse: tables from the field table', () => {
  it('names only fields the field table has, with types taken from it', () => {
    // Prepare
    const vpc = TABLES.find((table) => table.name === 'vpc_flows_minute');

    // Act
    const columns = vpc === undefined ? [] : columnsOf(vpc);

    // Assess
    expect(columns.map((column) => `${column.name} ${column.type}`)).toEqual([
      'minute TIMESTAMP',
      'log_group STRING',
      'action STRING',
      'protocol INT64',
      'flow_direction STRING',
      'flows INT64',
      'packets INT64',
      'bytes INT64',
    ]);
    for (const table of TABLES.filter((spec) => spec.source.kind !== 'deadletter')) {
      for (const dimension of table.dimensions) {
        expect({ table: table.name, field: FIELD_TABLE.some((row) => row.name === dimension.field) }).toEqual(
          {
            table: table.name,
            field: true,
          },
        );
      }
    }
  });

  it('reads only registered log types, each table from fields of its own type', () => {
    // Prepare
    const ofOneType = TABLES.flatMap((table) => (table.source.kind === 'logType' ? [table] : []));

    // Act
    const strays = ofOneType.flatMap((table) => {
      const type = table.source.kind === 'logType' ? table.source.type : '';
      const fields = [
        ...table.dimensions.map((dimension) => dimension.field),
        ...table.metrics.flatMap((metric) => ('field' in metric ? [metric.field] : [])),
      ];
      const own = (field: string) =>
        FIELD_TABLE.some((row) => row.name === field && (row.logType === type || row.logType === 'common'));
      return [
        ...(LOG_TYPES.includes(type) ? [] : [`${table.name}: ${type} is not registered`]),
        ...fields.filter((field) => !own(field)).map((field) => `${table.name}: ${field} is not ${type}'s`),
      ];
    });

    // Assess
    expect(ofOneType.length).toBeGreaterThan(0);
    expect(strays).toEqual([]);
  });

  it('gives every table distinct column names', () => {
    for (const table of TABLES) {
      // Act
      const names = columnsOf(table).map((column) => column.name);

      // Assess
      expect(new Set(names).size).toBe(names.length);
    }
  });
});
