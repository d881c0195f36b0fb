// After every build: dist/dashboards.ndjson, the saved-objects file generated from the compiled dashboards
// definitions and the field table. It is generated, never edited by hand (dist/ is not committed); generation
// fails here when a panel names a field the field table lacks or aggregates one that cannot be aggregated.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const { dashboardsNdjson } = require('../dist/dashboards');

const target = join(__dirname, '..', 'dist', 'dashboards.ndjson');
writeFileSync(target, dashboardsNdjson());
