// Run by `npm run footprint` as its own process (`node --max-old-space-size=256 <consumer NODE_OPTIONS>
// run-batch.js <bundle> <event.json> <result.json>`): loads a handler bundle as Lambda does, parses the
// Kinesis event from its JSON text as the runtime does, invokes the handler once, and writes the peak heap
// used (sampled every 5 ms and after each step) and the peak RSS (the kernel's own maximum) to result.json.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';

type Handler = (event: KinesisStreamEvent, context: Context) => Promise<KinesisStreamBatchResponse>;

const [bundle, eventPath, resultPath] = process.argv.slice(2);

let peakHeapUsedBytes = 0;
let peakHeapTotalBytes = 0;
// A sample misses what a long synchronous stretch allocates and frees between two ticks; the heap V8 had
// committed (heapTotal) bounds it from above.
const sample = (): void => {
  const { heapUsed, heapTotal } = process.memoryUsage();
  peakHeapUsedBytes = Math.max(peakHeapUsedBytes, heapUsed);
  peakHeapTotalBytes = Math.max(peakHeapTotalBytes, heapTotal);
};

const context = {
  functionName: 'cwlpipe-footprint',
  awsRequestId: 'footprint',
  getRemainingTimeInMillis: () => 900_000,
} as unknown as Context;

const main = async (): Promise<void> => {
  if (bundle === undefined || eventPath === undefined || resultPath === undefined)
    throw new Error('usage: run-batch.js <bundle> <event.json> <result.json>');
  const timer = setInterval(sample, 5);
  const { handler } = require(bundle) as { handler: Handler };
  sample();
  const event = JSON.parse(readFileSync(eventPath, 'utf8')) as KinesisStreamEvent;
  sample();
  const response = await handler(event, context);
  sample();
  clearInterval(timer);
  writeFileSync(
    resultPath,
    JSON.stringify({
      failedRecords: response.batchItemFailures.length,
      peakHeapUsedBytes,
      peakHeapTotalBytes,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    }),
  );
};

main().catch((error: unknown) => {
  process.stderr.write(
    `run-batch: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
