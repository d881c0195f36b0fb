// Runs one hostile batch through the compiled engine (dist/) and prints what became of it as JSON.
// test/unit/pipeline/memory.test.ts runs it in a child process under a heap limit: a crash is the failure.
const { gzipSync } = require('node:zlib');
const { buildConfig, Pipeline, processBatch } = require('../../dist');

const HOSTILE_RECORDS = Number(process.argv[2] ?? 4);
const FULL_RECORDS = Number(process.argv[3] ?? 6);

/** A gzip envelope built as text: 357,081 one-letter events fit in about 340 KB of gzip. */
const record = (index, events, message) => {
  const head = `{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"/app/hostile","logStream":"s","subscriptionFilters":["f"],"logEvents":[`;
  const parts = [];
  for (let i = 0; i < events; i++) {
    parts.push(
      `{"id":"${index}-${i}","timestamp":${1714564800000 + i},"message":${JSON.stringify(message(i))}}`,
    );
  }
  const data = gzipSync(`${head}${parts.join(',')}]}`).toString('base64');
  return { kind: 'base64', data, origin: { recordIndex: index, sequenceNumber: String(index) } };
};

const records = [];
for (let i = 0; i < HOSTILE_RECORDS; i++) records.push(record(records.length, 357_081, () => 'x'));
// Records at the events cap, of JSON lines with a few fields each: every event becomes a document.
for (let i = 0; i < FULL_RECORDS; i++) {
  records.push(
    record(records.length, 20_000, (n) =>
      JSON.stringify({
        level: 'INFO',
        user: `user-${n}`,
        path: `/orders/${n}`,
        took_ms: n % 1000,
        note: 'y'.repeat(200),
      }),
    ),
  );
}

let delivered = 0;
let peakHeap = 0;
const connector = {
  id: 'count',
  deliver: async (docs) => {
    delivered += docs.length;
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    return { delivered: docs.length, retryable: [], rejected: [] };
  },
};
const letters = {};
const sink = {
  id: 'count',
  write: async (batch) => {
    for (const letter of batch) letters[letter.code] = (letters[letter.code] ?? 0) + 1;
    return { written: batch.length, failed: [] };
  },
};

processBatch(
  records,
  { pipeline: new Pipeline(buildConfig()), connectors: [connector], deadLetters: sink },
  {
    at: Date.now() + 600_000,
  },
).then((result) => {
  process.stdout.write(
    `${JSON.stringify({ delivered, letters, failed: result.failed.length, events: result.stats.events, peakHeapMiB: Math.round(peakHeap / 1048576) })}\n`,
  );
});
