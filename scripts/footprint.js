// `npm run footprint`: the Lambda footprint (src/dev/footprint), from the compiled dist/ (the npm script
// builds it first). `--no-batch` leaves out the Kinesis batch runs; `--against <checkout>` compares the
// Kinesis handler's cold start with another checkout's, interleaved.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('../dist/dev/footprint/main')
  .main(process.argv)
  .catch((error) => {
    process.stderr.write(
      `footprint: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 2;
  });
