// After every build: the saved-objects files generated from the compiled dashboards definitions and the field
// table — dist/dashboards.ndjson (7.10-era: OpenSearch Dashboards 1.x–3.x, Kibana 7.10–8.x) and
// dist/dashboards-kibana8.ndjson (Kibana 8.8 and later, 9.x). They are generated, never edited by hand (dist/
// is not committed); generation fails here when a panel names a field the field table lacks, aggregates one
// that cannot be aggregated, or a file breaks its targets' import rules. Also the page script of
// `dashboards serve` (src/local/dashboards/page.js, plain browser JavaScript that tsc does not copy), beside
// the compiled server that reads it.
const { copyFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const { dashboardsNdjson } = require('../dist/dashboards');

const dist = join(__dirname, '..', 'dist');
writeFileSync(join(dist, 'dashboards.ndjson'), dashboardsNdjson('cwl', 'kibana7'));
writeFileSync(join(dist, 'dashboards-kibana8.ndjson'), dashboardsNdjson('cwl', 'kibana8'));
copyFileSync(
  join(__dirname, '..', 'src', 'local', 'dashboards', 'page.js'),
  join(dist, 'local', 'dashboards', 'page.js'),
);
