import { ismPolicyBody, ismPolicyId } from '../../../../src/connectors/opensearch/ism';
import {
  firehoseIndexTemplate,
  indexTemplateFor,
  logTypeTemplates,
  mappingFor,
  propertiesOf,
  TOTAL_FIELDS_LIMIT,
} from '../../../../src/connectors/opensearch/templates';
import { FIELD_CATALOG, FIELD_TABLE, LOG_TYPES } from '../../../../src/transformers';

/** Follows a dotted name through nested `properties`. */
const mappedAt = (
  properties: Record<string, unknown>,
  dotted: string,
): Record<string, unknown> | undefined => {
  let level: Record<string, unknown> | undefined = properties;
  const parts = dotted.split('.');
  for (const [index, part] of parts.entries()) {
    const node = level?.[part] as Record<string, unknown> | undefined;
    if (index === parts.length - 1) return node;
    level = node?.properties as Record<string, unknown> | undefined;
  }
  return undefined;
};

describe('Index templates', () => {
  it('nests dotted names into properties', () => {
    // Act
    const properties = propertiesOf([
      { name: 'vpc.srcaddr', type: 'ip', description: '' },
      { name: 'vpc.bytes', type: 'long', description: '' },
      {
        name: 'cloudtrail.userIdentity.sessionContext.attributes.mfaAuthenticated',
        type: 'boolean',
        description: '',
      },
    ]);

    // Assess
    expect(properties).toEqual({
      vpc: { properties: { srcaddr: { type: 'ip' }, bytes: { type: 'long' } } },
      cloudtrail: {
        properties: {
          userIdentity: {
            properties: {
              sessionContext: {
                properties: { attributes: { properties: { mfaAuthenticated: { type: 'boolean' } } } },
              },
            },
          },
        },
      },
    });
  });

  it('lets rows below an object row add its properties', () => {
    // Act
    const properties = propertiesOf([
      { name: 'json', type: 'object', description: '' },
      { name: 'json.level', type: 'keyword', description: '' },
    ]);

    // Assess
    expect(mappedAt(properties, 'json.level')).toEqual({ type: 'keyword', ignore_above: 8191 });
  });

  it('refuses a table that maps one name two ways', () => {
    // Act
    const build = () =>
      propertiesOf([
        { name: 'vpc.bytes', type: 'long', description: '' },
        { name: 'vpc.bytes', type: 'keyword', description: '' },
      ]);

    // Assess
    expect(build).toThrow('vpc.bytes');
  });

  it.each([
    ['vpcflow', 'vpc.srcaddr', 'ip'],
    ['vpcflow', 'vpc.bytes', 'long'],
    ['lambda', 'lambda.duration_ms', 'double'],
    ['lambda', 'lambda.cold_start', 'boolean'],
    ['cloudtrail', 'cloudtrail.sourceIPAddress', 'keyword'],
    ['cloudtrail', 'cloudtrail.eventTime', 'date'],
    ['text', '@message', 'text'],
    ['json', '@timestamp', 'date'],
  ])('maps %s field %s as %s', (type, field, expected) => {
    // Act
    const mapping = mappingFor(FIELD_CATALOG, type as (typeof LOG_TYPES)[number]);

    // Assess
    expect(mappedAt(mapping.properties, field)?.type).toBe(expected);
  });

  it('maps every row of the field table for its type, with the table type', () => {
    for (const row of FIELD_TABLE) {
      const types = row.logType === 'common' ? LOG_TYPES : [row.logType];
      for (const type of types) {
        // Act
        const mapped = mappedAt(mappingFor(FIELD_CATALOG, type).properties, row.name);

        // Assess
        expect({ field: `${type}:${row.name}`, type: mapped?.type ?? 'object' }).toEqual({
          field: `${type}:${row.name}`,
          type: row.type,
        });
      }
    }
  });

  it('keeps JSON strings as keywords with a text sub-field, and dates undetected', () => {
    // Act
    const mapping = mappingFor(FIELD_CATALOG, 'json');

    // Assess
    expect(mapping.date_detection).toBe(false);
    expect(mapping.dynamic_templates[0]).toEqual({
      json_strings: {
        path_match: 'json.*',
        match_mapping_type: 'string',
        mapping: { type: 'keyword', ignore_above: 1024, fields: { text: { type: 'text' } } },
      },
    });
  });

  it('maps the conflicts field of the connector in every type', () => {
    for (const type of LOG_TYPES) {
      // Act
      const mapping = mappingFor(FIELD_CATALOG, type);

      // Assess
      expect(mappedAt(mapping.properties, '@conflicts.field')?.type).toBe('keyword');
    }
  });

  it('gives each type its own pattern, a raised field limit and a digest', () => {
    // Act
    const template = indexTemplateFor(FIELD_CATALOG, 'vpcflow', 'logs');

    // Assess
    expect(template.name).toBe('logs-vpcflow');
    expect(template.body.index_patterns).toEqual(['logs-vpcflow-*']);
    expect(template.body.template.settings['index.mapping.total_fields.limit']).toBe(TOTAL_FIELDS_LIMIT);
    expect(template.body._meta.cwlpipe_hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('has one template per log type, with different digests', () => {
    // Act
    const templates = logTypeTemplates(FIELD_CATALOG);

    // Assess
    expect(templates.map((template) => template.name)).toEqual(LOG_TYPES.map((type) => `cwl-${type}`));
    expect(new Set(templates.map((template) => template.body._meta.cwlpipe_hash)).size).toBe(
      LOG_TYPES.length,
    );
  });

  it("maps every log type's fields in the template of Firehose's shared indices", () => {
    // Act
    const template = firehoseIndexTemplate(FIELD_CATALOG, 'logs');

    // Assess
    expect(template.name).toBe('logs-firehose');
    expect(template.body.index_patterns).toEqual(['logs-firehose-*']);
    const properties = template.body.template.mappings.properties as Record<string, unknown>;
    for (const row of FIELD_CATALOG.rows) {
      const mapped = mappedAt(properties, row.name);
      expect({ field: row.name, mapped: mapped !== undefined }).toEqual({ field: row.name, mapped: true });
    }
    expect(mappedAt(properties, 'vpc.srcaddr')?.type).toBe('ip');
    expect(mappedAt(properties, '@conflicts.field')?.type).toBe('keyword');
  });

  it('refuses a field table where two log types map one name differently', () => {
    // Prepare
    const catalog = {
      logTypes: FIELD_CATALOG.logTypes,
      rows: [
        { name: 'shared.size', type: 'long' as const, description: '', logType: 'vpcflow' as const },
        { name: 'shared.size', type: 'keyword' as const, description: '', logType: 'lambda' as const },
      ],
    };

    // Act + Assess
    expect(() => firehoseIndexTemplate(catalog)).toThrow('maps shared.size as both long and keyword');
  });

  it('keeps the digest stable across builds', () => {
    // Act
    const first = indexTemplateFor(FIELD_CATALOG, 'lambda').body._meta.cwlpipe_hash;
    const second = indexTemplateFor(FIELD_CATALOG, 'lambda').body._meta.cwlpipe_hash;

    // Assess
    expect(first).toBe(second);
  });
});

// The ISM plugin is not published on Maven Central, so the local node cannot run it: the body is checked
// against the documented policy shape (https://opensearch.org/docs/latest/im-plugin/ism/policies/).
describe('ISM retention policy', () => {
  it('deletes indices the configured number of days after creation', () => {
    // Act
    const { policy } = ismPolicyBody({ retentionDays: 14 });

    // Assess
    expect(policy.default_state).toBe('hot');
    expect(policy.states).toEqual([
      {
        name: 'hot',
        actions: [],
        transitions: [{ state_name: 'delete', conditions: { min_index_age: '14d' } }],
      },
      { name: 'delete', actions: [{ delete: {} }], transitions: [] },
    ]);
  });

  it('attaches itself to every new index of the prefix', () => {
    // Act
    const { policy } = ismPolicyBody({ prefix: 'logs' });

    // Assess
    expect(policy.ism_template).toEqual([{ index_patterns: ['logs-*'], priority: 100 }]);
  });

  it('defaults to 30 days', () => {
    // Act
    const { policy } = ismPolicyBody();

    // Assess
    expect(policy.states[0]?.transitions[0]?.conditions.min_index_age).toBe('30d');
  });

  it('only uses keys the ISM policy API documents', () => {
    // Act
    const { policy } = ismPolicyBody();

    // Assess
    expect(Object.keys(policy).sort()).toEqual(['default_state', 'description', 'ism_template', 'states']);
    for (const state of policy.states) {
      expect(Object.keys(state).sort()).toEqual(['actions', 'name', 'transitions']);
      expect(policy.states.map((s) => s.name)).toEqual(
        expect.arrayContaining(state.transitions.map((t) => t.state_name)),
      );
    }
  });

  it('changes its description when the retention changes, so setup sees it is out of date', () => {
    // Act
    const thirty = ismPolicyBody({ retentionDays: 30 }).policy.description;
    const seven = ismPolicyBody({ retentionDays: 7 }).policy.description;

    // Assess
    expect(thirty).not.toBe(seven);
    expect(ismPolicyId()).toBe('cwl-retention');
  });
});
