import { type ChildProcess, spawn } from 'node:child_process';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Context, KinesisStreamEvent } from 'aws-lambda';
import { createKinesisHandler, kinesisDepsFromEnv } from '../../src/consumers/kinesis';
import type { LogType } from '../../src/core';
import { syntheticEnvelopes } from '../../src/local/synthetic';

/** One row of the handler figure: the real Kinesis handler, to a cluster that accepts everything at once. */
export interface HandlerBenchRow {
  readonly type: LogType;
  readonly compression: 'gzip' | 'none';
  readonly events: number;
  /** Events per CPU-second of this process (user + system) through the handler, network included. */
  readonly eventsPerCpuSecond: number;
  /** The raw ceiling (base64 + gunzip + JSON.parse) of the same records, per CPU-second. */
  readonly ceilingPerCpuSecond: number;
  readonly ratio: number;
}

const RECORDS = 100;

/**
 * A stand-in for a cluster that takes everything at once, run as its own process so that its CPU is not
 * counted against the handler's: every `_bulk` item answers 201, anything else 200 `{}`. Prints its port.
 */
const ACCEPTING_SERVER = `
const { createServer } = require('node:http');
const { gunzipSync } = require('node:zlib');

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    let body = Buffer.concat(chunks);
    if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
    response.setHeader('content-type', 'application/json');
    if (!request.url.includes('_bulk')) {
      response.end('{}');
      return;
    }
    let lines = 0;
    for (let at = body.indexOf(10); at !== -1; at = body.indexOf(10, at + 1)) lines++;
    const items = new Array(Math.floor(lines / 2)).fill('{"create":{"status":201}}').join(',');
    response.end(\`{"took":0,"errors":false,"items":[\${items}]}\`);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(\`\${server.address().port}\n\`));
`;

const EVENTS_PER_RECORD = 100;

/**
 * The real Kinesis Lambda handler (`kinesisDepsFromEnv`, as deployed) over generated batches of 10,000
 * events, delivering to a local HTTP server in another process that answers every `_bulk` item with 201 at
 * once, with request compression on and off: events per CPU-second of this process, against the ceiling.
 *
 * @example
 * ```ts
 * for (const row of await benchHandler(['vpcflow'], 5)) console.log(row.type, row.compression, row.ratio);
 * ```
 */
export const benchHandler = async (types: readonly LogType[], rounds: number): Promise<HandlerBenchRow[]> => {
  const { child, url } = await startAcceptingServer();
  const rows: HandlerBenchRow[] = [];
  try {
    for (const type of types) {
      const event = kinesisEventOf(type);
      const events = RECORDS * EVENTS_PER_RECORD;
      const ceilingCpu = await bestCpu(rounds, async () => {
        for (const record of event.Records)
          JSON.parse(gunzipSync(Buffer.from(record.kinesis.data, 'base64')).toString('utf8'));
      });
      for (const compression of ['gzip', 'none'] as const) {
        const deps = quietly(() =>
          kinesisDepsFromEnv({ OPENSEARCH_URL: url, OPENSEARCH_COMPRESSION: compression }),
        );
        const handler = createKinesisHandler(deps);
        const invoke = async (): Promise<void> => {
          const response = await handler(event, context);
          if (response.batchItemFailures.length > 0)
            throw new Error(
              `The handler failed ${response.batchItemFailures.length} record(s) of the bench batch.`,
            );
        };
        await invoke();
        const cpu = await bestCpu(rounds, invoke);
        rows.push({
          type,
          compression,
          events,
          eventsPerCpuSecond: events / cpu,
          ceilingPerCpuSecond: events / ceilingCpu,
          ratio: ceilingCpu / cpu,
        });
        await Promise.all(deps.connectors.map((connector) => connector.close?.()));
      }
    }
  } finally {
    child.kill();
  }
  return rows;
};

const context = { getRemainingTimeInMillis: () => 900_000 } as unknown as Context;

const kinesisEventOf = (type: LogType): KinesisStreamEvent => ({
  Records: [
    ...syntheticEnvelopes({ type, envelopes: RECORDS, eventsPerEnvelope: EVENTS_PER_RECORD, seed: 1 }),
  ].map((envelope, index) => ({
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `shardId-000000000000:${index}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/bench',
    awsRegion: 'us-east-1',
    eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/bench',
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: envelope.logStream,
      sequenceNumber: String(index).padStart(56, '0'),
      approximateArrivalTimestamp: Date.now() / 1000,
      data: gzipSync(JSON.stringify(envelope)).toString('base64'),
    },
  })),
});

/**
 * Builds with Powertools' log line and metrics off (they read `process.env`, not the env handed in): one line
 * and one EMF object per 10,000 events cost nothing measurable, and would bury the bench's table.
 */
const quietly = <T>(build: () => T): T => {
  const saved = { log: process.env.POWERTOOLS_LOG_LEVEL, metrics: process.env.POWERTOOLS_METRICS_DISABLED };
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  try {
    return build();
  } finally {
    restore('POWERTOOLS_LOG_LEVEL', saved.log);
    restore('POWERTOOLS_METRICS_DISABLED', saved.metrics);
  }
};

const restore = (name: string, value: string | undefined): void => {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
};

/** The least CPU time (seconds, user + system of this process) of `rounds` runs. */
const bestCpu = async (rounds: number, run: () => Promise<void>): Promise<number> => {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const before = process.cpuUsage();
    await run();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1e6);
  }
  return best;
};

/**
 * Starts, in its own process, a stand-in cluster that answers every `_bulk` item with 201 (`ACCEPTING_SERVER`);
 * also used by `npm run footprint`.
 *
 * @example
 * ```ts
 * const { child, url } = await startAcceptingServer();
 * ```
 */
export const startAcceptingServer = (): Promise<{ child: ChildProcess; url: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', ACCEPTING_SERVER], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.once('error', reject);
    child.stdout?.once('data', (chunk: Buffer) =>
      resolve({ child, url: `http://127.0.0.1:${chunk.toString('utf8').trim()}` }),
    );
  });
