// `npm run chaos`: the chaos run (src/dev/chaos), from the compiled dist/ (the npm script builds it first).
// The SDK's Node 22 notice is not actionable with the pinned versions; children inherit this.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('../dist/dev/chaos/main')
  .main(process.argv)
  .catch((error) => {
    process.stderr.write(
      `chaos: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 2;
  });
