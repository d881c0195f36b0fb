import type { FieldCatalog, FieldRow } from '../../core';

/**
 * Where a log type's documents can hold free text: the fields to read, each read whole (`true`) or by the
 * fields below it. Built from the field table, so it lists `@message`, the `text` and `object` fields and
 * the keywords marked `freeText`, and nothing else: identifiers, enumerations, addresses, numbers, times
 * and flags are not read. A transformer writes only fields the table declares (its contract test holds it
 * to that), so a field the plan does not list holds none of that free text.
 */
export type FreeTextPlan = readonly (readonly [field: string, read: true | FreeTextPlan])[];

/** Which rows of the field table plans are made of. */
type PlannedRow = Pick<FieldRow, 'name' | 'type' | 'freeText' | 'logType'>;

/**
 * A plan per log type of the catalog, from the rows of that type and the common ones.
 *
 * @example
 * ```ts
 * freeTextPlans(FIELD_CATALOG).get('vpcflow'); // [['@message', true]]
 * freeTextPlans(FIELD_CATALOG).get('json'); // [['@message', true], ['json', true], ['json_prefix', true]]
 * ```
 */
export const freeTextPlans = (catalog: {
  readonly logTypes: FieldCatalog['logTypes'];
  readonly rows: readonly PlannedRow[];
}): ReadonlyMap<string, FreeTextPlan> => {
  const { logTypes, rows } = catalog;
  const common = rows.filter((row) => row.logType === 'common');
  return new Map(
    logTypes.map((type) => [type, planOf([...common, ...rows.filter((row) => row.logType === type)])]),
  );
};

const readsFreeText = (row: PlannedRow): boolean =>
  row.type === 'text' || row.type === 'object' || row.freeText === true;

type Building = Map<string, true | Building>;

const planOf = (rows: readonly PlannedRow[]): FreeTextPlan => {
  const root: Building = new Map();
  for (const row of rows) if (readsFreeText(row)) place(root, row.name.split('.'));
  return frozen(root);
};

/** Marks a path read whole; a field read whole covers whatever is declared below it. */
const place = (node: Building, path: readonly string[]): void => {
  const [key, ...rest] = path as [string, ...string[]];
  const here = node.get(key);
  if (here === true) return;
  if (rest.length === 0) {
    node.set(key, true);
    return;
  }
  const child: Building = here ?? new Map();
  node.set(key, child);
  place(child, rest);
};

const frozen = (node: Building): FreeTextPlan =>
  [...node].map(([key, read]) => [key, read === true ? true : frozen(read)] as const);
