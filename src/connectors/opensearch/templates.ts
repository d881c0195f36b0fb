import { createHash } from 'node:crypto';
import { type FieldCatalog, type FieldSpec, type FieldType, fieldsOfType, type LogType } from '../../core';
import { OPENSEARCH_DEFAULTS } from './config';
import { CONFLICT_FIELDS } from './conflicts';
import { indexPatternFor } from './index-name';

/** Room for the field table plus the dynamic `json.*` fields a busy application adds (the default is 1000). */
export const TOTAL_FIELDS_LIMIT = 2000;

/**
 * Keyword values longer than this are kept in `_source` but not indexed: Lucene refuses terms over 32766
 * bytes, and 8191 characters of up to 4 bytes each stay below that, so no document fails for length.
 */
export const TABLE_KEYWORD_IGNORE_ABOVE = 8191;

/** Dynamic `json.*` strings: long values are rarely searched exactly; they stay findable through `.text`. */
export const DYNAMIC_KEYWORD_IGNORE_ABOVE = 1024;

export type MappingProperty = { type: string; [option: string]: unknown } | { properties: Properties };
export interface Properties {
  [name: string]: MappingProperty;
}

/** One composable index template as PUT to `_index_template/<name>`. */
export interface IndexTemplate {
  readonly name: string;
  readonly body: {
    index_patterns: string[];
    priority: number;
    template: { settings: Record<string, unknown>; mappings: Record<string, unknown> };
    _meta: Record<string, string>;
  };
}

/**
 * The mapping of one field-table type.
 *
 * @example
 * ```ts
 * propertyFor('keyword'); // { type: 'keyword', ignore_above: 8191 }
 * ```
 */
export const propertyFor = (type: FieldType): MappingProperty => {
  switch (type) {
    case 'keyword':
      return { type: 'keyword', ignore_above: TABLE_KEYWORD_IGNORE_ABOVE };
    case 'object':
      return { type: 'object' };
    default:
      return { type };
  }
};

/**
 * Turns dotted field names into nested `properties` (`vpc.srcaddr` → `vpc: { properties: { srcaddr } }`).
 * A row of type `object` (such as `json`) only declares the object; rows below it add its properties.
 *
 * @example
 * ```ts
 * propertiesOf([{ name: 'vpc.bytes', type: 'long', description: '' }]);
 * // { vpc: { properties: { bytes: { type: 'long' } } } }
 * ```
 */
export const propertiesOf = (rows: readonly FieldSpec[]): Properties => {
  const root: Properties = {};
  for (const row of rows) {
    const path = row.name.split('.');
    let level = root;
    for (const [index, part] of path.entries()) {
      const last = index === path.length - 1;
      const existing = level[part];
      if (last) {
        if (existing === undefined) level[part] = propertyFor(row.type);
        else if (!('properties' in existing) && existing.type !== row.type)
          throw new Error(`The field table maps ${row.name} as both ${existing.type} and ${row.type}.`);
        continue;
      }
      if (existing === undefined || !('properties' in existing)) {
        if (existing !== undefined && existing.type !== 'object') {
          throw new Error(
            `The field table maps ${path.slice(0, index + 1).join('.')} as ${existing.type}, yet ${row.name} is below it.`,
          );
        }
        level[part] = { properties: {} };
      }
      level = (level[part] as { properties: Properties }).properties;
    }
  }
  return root;
};

/**
 * Dynamic templates for fields the table does not name: JSON strings under `json.*` become keywords with
 * a `text` sub-field (exact filters and full-text search), other strings keywords; floating-point numbers
 * `double` (the default `float` rounds large values). Date detection is off in the mapping, so a string
 * that once looked like a date cannot make a later, different string a mapping conflict.
 */
export const DYNAMIC_TEMPLATES = [
  {
    json_strings: {
      path_match: 'json.*',
      match_mapping_type: 'string',
      mapping: {
        type: 'keyword',
        ignore_above: DYNAMIC_KEYWORD_IGNORE_ABOVE,
        fields: { text: { type: 'text' } },
      },
    },
  },
  {
    other_strings: {
      match_mapping_type: 'string',
      mapping: { type: 'keyword', ignore_above: DYNAMIC_KEYWORD_IGNORE_ABOVE },
    },
  },
  { doubles: { match_mapping_type: 'double', mapping: { type: 'double' } } },
] as const;

/**
 * The mapping of one log type's indices, generated from the field table (common fields, the type's own,
 * and `@conflicts`), so templates cannot drift from what the transformers write.
 *
 * @example
 * ```ts
 * mappingFor(FIELD_CATALOG, 'vpcflow').properties.vpc; // { properties: { srcaddr: { type: 'ip' }, bytes: { type: 'long' }, … } }
 * ```
 */
export const mappingFor = (catalog: FieldCatalog, type: LogType) => mappingOf(fieldsOfType(catalog, type));

const mappingOf = (rows: readonly FieldSpec[]) => ({
  dynamic: true,
  date_detection: false,
  numeric_detection: false,
  dynamic_templates: DYNAMIC_TEMPLATES,
  properties: propertiesOf([...rows, ...CONFLICT_FIELDS]),
});

/**
 * The index template of one log type: `cwl-<type>-*`, its mapping, and a `_meta.cwlpipe_hash` of the
 * body, which lets `cwlpipe setup` tell an up-to-date template from one to replace.
 *
 * @example
 * ```ts
 * indexTemplateFor(FIELD_CATALOG, 'lambda').body.index_patterns; // ['cwl-lambda-*']
 * ```
 */
export const indexTemplateFor = (
  catalog: FieldCatalog,
  type: LogType,
  prefix: string = OPENSEARCH_DEFAULTS.indexPrefix,
  settings: Record<string, unknown> = {},
): IndexTemplate =>
  templateOf(`${prefix}-${type}`, indexPatternFor(type, prefix), fieldsOfType(catalog, type), settings);

/**
 * The template of the indices Firehose's own OpenSearch destination writes (`<prefix>-firehose-<yyyy-MM-dd>`,
 * see `firehose.destination` in the CDK app): documents of every log type share those indices, so their
 * mapping is the whole field table. Field names are namespaced per type (`vpc.*`, `lambda.*`); a name two
 * types mapped differently makes {@link propertiesOf} throw, so the union cannot silently pick one.
 *
 * @example
 * ```ts
 * firehoseIndexTemplate(FIELD_CATALOG).body.index_patterns; // ['cwl-firehose-*']
 * ```
 */
export const firehoseIndexTemplate = (
  catalog: FieldCatalog,
  prefix: string = OPENSEARCH_DEFAULTS.indexPrefix,
  settings: Record<string, unknown> = {},
): IndexTemplate =>
  templateOf(`${prefix}-${FIREHOSE_INDEX}`, indexPatternFor(FIREHOSE_INDEX, prefix), catalog.rows, settings);

/** The middle word of the indices Firehose's OpenSearch destination writes (the CDK app names them so). */
export const FIREHOSE_INDEX = 'firehose';

const templateOf = (
  name: string,
  pattern: string,
  rows: readonly FieldSpec[],
  settings: Record<string, unknown>,
): IndexTemplate => {
  const content = {
    index_patterns: [pattern],
    priority: 100,
    template: {
      settings: { 'index.mapping.total_fields.limit': TOTAL_FIELDS_LIMIT, ...settings },
      mappings: mappingOf(rows),
    },
  };
  return {
    name,
    body: {
      ...content,
      _meta: { managed_by: 'cwlpipe', source: 'field table', cwlpipe_hash: contentHash(content) },
    },
  };
};

/**
 * Every log type's index template.
 *
 * @example
 * ```ts
 * logTypeTemplates(FIELD_CATALOG).map((template) => template.name); // ['cwl-vpcflow', 'cwl-lambda', …]
 * ```
 */
export const logTypeTemplates = (
  catalog: FieldCatalog,
  prefix: string = OPENSEARCH_DEFAULTS.indexPrefix,
  settings: Record<string, unknown> = {},
): IndexTemplate[] => catalog.logTypes.map((type) => indexTemplateFor(catalog, type, prefix, settings));

/** A short, stable digest of a JSON value (object keys sorted). */
export const contentHash = (value: unknown): string =>
  createHash('sha256').update(stableJson(value)).digest('hex').slice(0, 16);

const stableJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};
