#!/usr/bin/env node
// Runs the TypeScript CLI straight from the checkout (no build step), so `npx cwlpipe` works after `npm install`.
require('tsx/cjs');
require('../src/cli/main.ts').main(process.argv);
