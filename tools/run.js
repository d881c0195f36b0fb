// Runs a tool compiled by `npm run build:tools` (tools/tsconfig.json, into .cache/tools): the npm scripts
// chaos, footprint, bench and bench:privacy build the tools, then call this.
//
//   node tools/run.js <chaos|footprint|bench|bench-privacy> [options]
const { existsSync } = require('node:fs');
const { join } = require('node:path');

// The SDK's Node 22 notice is not actionable with the pinned versions; children inherit this.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const ENTRIES = {
  chaos: 'chaos/main',
  footprint: 'footprint/main',
  bench: 'bench/main',
  'bench-privacy': 'bench/privacy',
};
const COMPILED = join(__dirname, '..', '.cache', 'tools', 'tools');

const [name, ...args] = process.argv.slice(2);
const entry = Object.hasOwn(ENTRIES, name) ? ENTRIES[name] : undefined;
if (entry === undefined) {
  process.stderr.write(`usage: node tools/run.js <${Object.keys(ENTRIES).join('|')}> [options]\n`);
  process.exit(2);
}

if (!existsSync(`${join(COMPILED, entry)}.js`)) {
  process.stderr.write(`${name}: not compiled yet: run \`npm run build:tools\` first.\n`);
  process.exit(2);
}

Promise.resolve()
  .then(() => require(join(COMPILED, entry)).main([process.argv[0], name, ...args]))
  .catch((error) => {
    process.stderr.write(
      `${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 2;
  });
