// The field reference, docs/fields.md, written from the field table (src/transformers/fields.ts and each log
// type's `fields`), the same table the index templates, dashboards and warehouse schema come from: so the page
// cannot tell a reader about a field the cluster maps differently. `npm run docs:fields` (after a build) writes
// it; test/unit/docs/fields.test.ts fails when the committed page differs from what this renders.
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const FIELD_DOCS_PATH = join(__dirname, '..', 'docs', 'fields.md');
const COMMAND = 'npm run docs:fields';

/**
 * Markdown-safe text of a description: descriptions are plain sentences that may hold code spans; outside
 * them `<name>` must not become an HTML tag, `|` must not end the table cell, and `*`/`_` must not turn into
 * emphasis.
 *
 * @example
 * escapeCell('From /aws/lambda/<name>, e.g. `a|b`'); // 'From /aws/lambda/&lt;name&gt;, e.g. `a\|b`'
 */
const escapeCell = (text) =>
  text
    .split('`')
    .map((part, index) => {
      const cell = part.replace(/\|/g, '\\|');
      // Odd pieces are inside a code span, where Markdown reads no emphasis and no HTML.
      return index % 2 === 1
        ? cell
        : cell
            .replace(/</g, '&lt;')
            .replace(/>/g, '&gt;')
            .replace(/([*_])/g, '\\$1');
    })
    .join('`');

const count = (rows) => `${rows.length} field${rows.length === 1 ? '' : 's'}`;

const table = (rows) => [
  '| field | type | meaning |',
  '|---|---|---|',
  ...rows.map((row) => `| \`${row.name}\` | ${row.type} | ${escapeCell(row.description)} |`),
];

/**
 * The whole page for a field catalog (`{ logTypes, rows }`, as `FIELD_CATALOG` is): the common fields, then
 * each log type in registry order.
 *
 * @example
 * renderFieldDocs({ logTypes: ['text'], rows: [{ name: '@id', type: 'keyword', description: 'The id.', logType: 'common' }] });
 * // '# Field reference\n…| `@id` | keyword | The id. |\n…## `text`\n…'
 */
const renderFieldDocs = (catalog) => {
  const common = catalog.rows.filter((row) => row.logType === 'common');
  const lines = [
    '# Field reference',
    '',
    `<!-- Generated from the field table by \`${COMMAND}\`; edit the field table, not this page. -->`,
    '',
    'Every field a document can carry, with its mapping type, from the one field table that also generates the',
    'index templates, the dashboards and the warehouse schema. What the documents hold and why is in',
    '[documents](documents.md). JSON payloads add their own keys under `json.*` (mapped dynamically).',
    '',
    `## Every document (${count(common)})`,
    '',
    ...table(common),
  ];
  for (const logType of catalog.logTypes) {
    const own = catalog.rows.filter((row) => row.logType === logType);
    lines.push('', `## \`${logType}\` (${count(own)})`, '');
    if (own.length === 0)
      lines.push('No fields of its own: a document of this type carries the common fields.');
    else lines.push(...table(own));
  }
  return `${lines.join('\n')}\n`;
};

/**
 * What is wrong with the committed page, or `undefined` when it is what the field table renders.
 *
 * @example
 * fieldDocsProblem('old', 'new'); // 'docs/fields.md differs from the field table: run `npm run docs:fields` …'
 */
const fieldDocsProblem = (committed, generated) =>
  committed === generated
    ? undefined
    : `docs/fields.md differs from the field table: run \`${COMMAND}\` and commit the page.`;

module.exports = { FIELD_DOCS_PATH, renderFieldDocs, fieldDocsProblem };

if (require.main === module) {
  const { FIELD_CATALOG } = require('../dist/transformers');
  const page = renderFieldDocs(FIELD_CATALOG);
  const before = (() => {
    try {
      return readFileSync(FIELD_DOCS_PATH, 'utf8');
    } catch {
      return '';
    }
  })();
  writeFileSync(FIELD_DOCS_PATH, page);
  process.stdout.write(`docs/fields.md ${before === page ? 'unchanged' : 'written'}.\n`);
}
