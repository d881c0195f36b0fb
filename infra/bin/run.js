// The CDK app's launcher (cdk.json "app"): bundles infra/bin/app.ts with the repository's esbuild (packages
// stay external, resolved from node_modules) and runs it. No ts-node, no network.
const { buildSync } = require('esbuild');
const { join } = require('node:path');

// One file per process: two synths at once (the infra tests run two) must not overwrite each other's bundle.
const outfile = join(__dirname, '..', '..', '.cache', 'infra', `app-${process.pid}.js`);
buildSync({
  entryPoints: [join(__dirname, 'app.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outfile,
  logLevel: 'warning',
});
try {
  require(outfile);
} finally {
  require('node:fs').rmSync(outfile, { force: true });
}
