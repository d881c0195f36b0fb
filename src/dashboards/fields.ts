import type { FieldCatalog, FieldType } from '../core';
import { fieldsOfType, type LogType } from '../core';
import { DashboardFieldError } from './errors';
import type { IndexPatternKey } from './model';

/** One field as an index pattern knows it: its mapping type, and whether it can be searched and aggregated. */
export interface PatternField {
  readonly name: string;
  readonly esType: FieldType | 'binary';
  readonly aggregatable: boolean;
  readonly searchable: boolean;
}

/** An index pattern: which indices, their time field, and every field a panel may use. */
export interface IndexPatternSpec {
  readonly key: IndexPatternKey;
  readonly id: string;
  readonly title: string;
  readonly fields: readonly PatternField[];
}

/** Mapping types that have doc values, so they can be aggregated (text and objects cannot). */
const AGGREGATABLE: ReadonlySet<string> = new Set([
  'date',
  'keyword',
  'long',
  'integer',
  'short',
  'double',
  'boolean',
  'ip',
]);

/** One field of the dead-letter index mapping, as the dead-letter sink declares it. */
export interface DeadLetterField {
  readonly name: string;
  readonly type: string;
  readonly indexed: boolean;
}

/**
 * The index patterns of the dashboards, generated from the field table (one per log type it has, all of
 * them together as `documents`) and the dead-letter mapping, under an index prefix.
 *
 * @example
 * ```ts
 * indexPatterns(FIELD_CATALOG, DEAD_LETTER_FIELDS, 'cwl').find((p) => p.key === 'vpcflow')?.title; // 'cwl-vpcflow-*'
 * ```
 */
export const indexPatterns = (
  catalog: FieldCatalog,
  deadLetterFields: readonly DeadLetterField[],
  prefix: string,
): IndexPatternSpec[] => {
  const ofType = (type: LogType): PatternField[] =>
    fieldsOfType(catalog, type)
      .filter((row) => row.type !== 'object')
      .map((row) => ({
        name: row.name,
        esType: row.type,
        aggregatable: AGGREGATABLE.has(row.type),
        searchable: true,
      }));
  return [
    // One per log type, whether a dashboard uses it or not: the saved objects keep only those used.
    ...catalog.logTypes.map((type) => ({
      key: type,
      id: `cwlpipe-${type}`,
      title: `${prefix}-${type}-*`,
      fields: ofType(type),
    })),
    {
      key: 'documents' as const,
      id: 'cwlpipe-documents',
      // Every log type's indices, named one by one so the dead letters (no @type) stay out.
      title: catalog.logTypes.map((type) => `${prefix}-${type}-*`).join(','),
      fields: commonFields(catalog),
    },
    {
      key: 'deadletter' as const,
      id: 'cwlpipe-deadletter',
      title: `${prefix}-deadletter-*`,
      fields: deadLetterFields.map((field) => ({
        name: field.name,
        esType: field.type as FieldType | 'binary',
        aggregatable: field.indexed && AGGREGATABLE.has(field.type),
        searchable: field.indexed && field.type !== 'binary',
      })),
    },
  ];
};

const commonFields = (catalog: FieldCatalog): PatternField[] =>
  catalog.rows
    .filter((row) => row.logType === 'common')
    .map((row) => ({
      name: row.name,
      esType: row.type,
      aggregatable: AGGREGATABLE.has(row.type),
      searchable: true,
    }));

/**
 * The field a panel names, checked against its index pattern: it must exist, and be aggregatable where the
 * panel aggregates it. Throws a DashboardFieldError naming the panel, the field and the index pattern.
 *
 * @example
 * ```ts
 * requireField(vpcPattern, 'vpc.bytes', { aggregated: true, where: 'Panel "Bytes by action"' }); // the field
 * ```
 */
export const requireField = (
  pattern: IndexPatternSpec,
  name: string,
  use: { aggregated: boolean; where: string },
): PatternField => {
  const field = pattern.fields.find((candidate) => candidate.name === name);
  if (field === undefined)
    throw new DashboardFieldError(
      `${use.where} uses the field ${name}, which the field table does not have for ${pattern.title}.`,
    );
  if (use.aggregated && !field.aggregatable)
    throw new DashboardFieldError(
      `${use.where} aggregates the field ${name}, which is ${field.esType} in ${pattern.title} and cannot be aggregated.`,
    );
  return field;
};

type MappingNode = { type?: string; index?: boolean; properties?: Record<string, MappingNode> };

/**
 * The fields of an index mapping's `properties`, flattened to dotted names (how the dead-letter sink's
 * template becomes an index pattern).
 *
 * @example
 * ```ts
 * mappingFields({ origin: { properties: { shardId: { type: 'keyword' } } } });
 * // [{ name: 'origin.shardId', type: 'keyword', indexed: true }]
 * ```
 */
export const mappingFields = (properties: Record<string, MappingNode>, parent = ''): DeadLetterField[] =>
  Object.entries(properties).flatMap(([key, node]) => {
    const name = parent === '' ? key : `${parent}.${key}`;
    if (node.properties !== undefined) return mappingFields(node.properties, name);
    return node.type === undefined ? [] : [{ name, type: node.type, indexed: node.index !== false }];
  });
