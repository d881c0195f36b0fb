#!/usr/bin/env node
// Runs the TypeScript CLI straight from the checkout (no build step), so `npx cwlpipe` works after `npm install`.
// The SDK's notice that releases after January 2027 need Node 22 is not actionable here: our versions are pinned.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('tsx/cjs');
require('../src/cli/main').main(process.argv);
