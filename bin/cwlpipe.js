#!/usr/bin/env node
// Runs the compiled CLI from dist/, which `npm install` / `npm ci` build (the `prepare` script) and
// `npm start`, `npm test` rebuild; `npm run build` does it by hand after editing src/.
// The SDK's notice that releases after January 2027 need Node 22 is not actionable here: our versions are pinned.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const main = join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!existsSync(main)) {
  process.stderr.write(
    'cwlpipe: dist/cli/main.js is missing; run `npm run build` (or `npm install`) first.\n',
  );
  process.exit(2);
}
require(main).main(process.argv);
