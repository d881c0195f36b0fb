// Bundles, beside a Lambda handler bundle, each lazy module (infra/lambda-bundling.json) the bundle requires:
// `node scripts/bundle-lazy-modules.js <bundle directory>`. The CDK app runs it after esbuild (an
// afterBundling hook) and `npm run footprint` runs it the same way, so what is measured is what is deployed.
//
// A lazy module is reached only through a dynamic import() (the S3 client of the raw archive, the Secrets
// Manager client of `*_CREDENTIALS_SECRET`, the credential chain of SigV4): the handler bundle keeps it
// external, so esbuild leaves a `require("<name>")` in it, and Node resolves that to
// <bundle directory>/node_modules/<name>/index.js, written here with the same esbuild options and the
// version package-lock.json pins, before the Lambda runtime's own copy of the SDK.
const { existsSync, readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const REPO_ROOT = resolve(__dirname, '..');
const BUNDLING = require('../infra/lambda-bundling.json');

/**
 * The lazy modules a bundle's code loads: esbuild writes an external as a literal `require("<name>")`, or
 * `import("<name>")` for a dynamic import (kept as is for a Node target that has import() in CommonJS).
 */
const lazyModulesRequiredBy = (bundleText) =>
  BUNDLING.lazyModules.filter(
    (name) => bundleText.includes(`require("${name}")`) || bundleText.includes(`import("${name}")`),
  );

/** Bundles each lazy module `<dir>/index.js` requires into `<dir>/node_modules/<name>/index.js`; returns their names. */
const bundleLazyModules = (directory) => {
  const bundle = join(directory, 'index.js');
  if (!existsSync(bundle)) throw new Error(`bundle-lazy-modules: ${bundle} does not exist.`);
  const names = lazyModulesRequiredBy(readFileSync(bundle, 'utf8'));
  const esbuild = require(join(REPO_ROOT, 'node_modules', 'esbuild'));
  for (const name of names) {
    esbuild.buildSync({
      entryPoints: [require.resolve(name, { paths: [REPO_ROOT] })],
      bundle: true,
      target: BUNDLING.target,
      platform: BUNDLING.platform,
      format: BUNDLING.format,
      minify: BUNDLING.minify,
      sourcemap: BUNDLING.sourcemap,
      sourcesContent: BUNDLING.sourcesContent,
      // A lazy module may itself import another (the S3 client, the HTTP handler): each copy is whole.
      outfile: join(directory, 'node_modules', name, 'index.js'),
      logLevel: 'warning',
    });
  }
  return names;
};

module.exports = { bundleLazyModules, lazyModulesRequiredBy, BUNDLING };

if (require.main === module) {
  const directory = process.argv[2];
  if (directory === undefined) {
    process.stderr.write('usage: node scripts/bundle-lazy-modules.js <bundle directory>\n');
    process.exit(2);
  }
  bundleLazyModules(resolve(directory));
}
