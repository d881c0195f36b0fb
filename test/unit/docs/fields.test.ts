import { readFileSync } from 'node:fs';
import type { FieldCatalog } from '../../../src/core';
import { FIELD_CATALOG } from '../../../src/transformers';

const { FIELD_DOCS_PATH, renderFieldDocs, fieldDocsProblem } = require('../../../scripts/field-docs.js') as {
  FIELD_DOCS_PATH: string;
  renderFieldDocs: (catalog: FieldCatalog) => string;
  fieldDocsProblem: (committed: string, generated: string) => string | undefined;
};

describe('Docs: the field reference (docs/fields.md)', () => {
  it('is what the field table renders', () => {
    // Prepare
    const committed = readFileSync(FIELD_DOCS_PATH, 'utf8');

    // Act
    const problem = fieldDocsProblem(committed, renderFieldDocs(FIELD_CATALOG));

    // Assess
    expect(problem).toBeUndefined();
  });

  it('says which command to run when the page is stale', () => {
    // Prepare
    const changed: FieldCatalog = {
      ...FIELD_CATALOG,
      rows: [
        ...FIELD_CATALOG.rows,
        { name: 'vpc.new_field', type: 'keyword', description: 'New.', logType: 'vpcflow' },
      ],
    };

    // Act
    const problem = fieldDocsProblem(renderFieldDocs(FIELD_CATALOG), renderFieldDocs(changed));

    // Assess
    expect(problem).toBe(
      'docs/fields.md differs from the field table: run `npm run docs:fields` and commit the page.',
    );
  });

  it('lists every type with its fields, safe for a Markdown table', () => {
    // Prepare
    const catalog: FieldCatalog = {
      logTypes: ['vpcflow', 'text'],
      rows: [
        { name: '@id', type: 'keyword', description: 'The _id.', logType: 'common' },
        { name: 'vpc.srcaddr', type: 'ip', description: 'From <addr> | `a|b` *x*', logType: 'vpcflow' },
      ],
    };

    // Act
    const page = renderFieldDocs(catalog);

    // Assess
    expect(page).toContain('## Every document (1 field)');
    expect(page).toContain('| `@id` | keyword | The \\_id. |');
    expect(page).toContain('## `vpcflow` (1 field)');
    expect(page).toContain('| `vpc.srcaddr` | ip | From &lt;addr&gt; \\| `a\\|b` \\*x\\* |');
    expect(page).toContain('## `text` (0 fields)\n\nNo fields of its own');
  });
});
