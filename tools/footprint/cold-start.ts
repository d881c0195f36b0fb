// Run by `npm run footprint` as its own fresh process (`node <consumer NODE_OPTIONS> cold-start.js <bundle>
// <event.json> <result.json>`), as a function's cold start: `process.hrtime` around the `require` of the
// bundle (the cold import), then around the handler's first invocation on a small generated batch (the
// cold first batch: everything the import left for first use is paid here). Writes both, and the records
// that failed, to result.json (stdout is the handler's: its log and metric lines).
import { readFileSync, writeFileSync } from 'node:fs';
import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';

type Handler = (event: KinesisStreamEvent, context: Context) => Promise<KinesisStreamBatchResponse>;

const [bundle, eventPath, resultPath] = process.argv.slice(2);

const context = {
  functionName: 'cwlpipe-footprint',
  awsRequestId: 'footprint',
  getRemainingTimeInMillis: () => 900_000,
} as unknown as Context;

const msSince = (started: bigint): number => Number(process.hrtime.bigint() - started) / 1e6;

const main = async (): Promise<void> => {
  if (bundle === undefined || eventPath === undefined || resultPath === undefined)
    throw new Error('usage: cold-start.js <bundle> <event.json> <result.json>');
  // The runtime hands the handler an event it parsed already: read before the clock starts.
  const event = JSON.parse(readFileSync(eventPath, 'utf8')) as KinesisStreamEvent;
  const importStarted = process.hrtime.bigint();
  const { handler } = require(bundle) as { handler: Handler };
  const importMs = msSince(importStarted);
  const batchStarted = process.hrtime.bigint();
  const response = await handler(event, context);
  const firstBatchMs = msSince(batchStarted);
  writeFileSync(
    resultPath,
    JSON.stringify({ importMs, firstBatchMs, failedRecords: response.batchItemFailures.length }),
  );
};

main().catch((error: unknown) => {
  process.stderr.write(
    `cold-start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
