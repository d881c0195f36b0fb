import { createServer } from 'node:net';
import { join } from 'node:path';
import { readInputFile } from '../../src/consumers/files';
import type { DeliveryReport, PipelineDoc } from '../../src/core';
import { buildConfig, Pipeline } from '../../src/pipeline';
import { FIXED_INGESTED_AT, FIXTURES } from './golden';

/** Documents of every log type, as connectors receive them: a fixture of each type. */
export const contractFixtures = [
  join(FIXTURES, 'vpcflow', 'v2-default.json'),
  join(FIXTURES, 'lambda', 'cold-start-text.json'),
  join(FIXTURES, 'cloudtrail', 'console-login.json'),
  join(FIXTURES, 'json', 'conflicting-types.json'),
  join(FIXTURES, 'text', 'unicode.json'),
];

/** A port on 127.0.0.1 that nothing listens on: a destination that is down. */
export const closedPort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

/**
 * The contract every connector's report must keep: each document handed over is counted exactly once,
 * as delivered, retryable or rejected, and every failed item is one of the documents given.
 */
export const expectEveryItemClassifiedOnce = (docs: readonly PipelineDoc[], report: DeliveryReport): void => {
  const given = new Set(docs);
  const failed = [...report.retryable, ...report.rejected].map((item) => item.doc);
  expect(failed.every((doc) => given.has(doc))).toBe(true);
  expect(new Set(failed).size).toBe(failed.length);
  expect(report.delivered + report.retryable.length + report.rejected.length).toBe(docs.length);
  for (const item of [...report.retryable, ...report.rejected]) {
    expect(item.code).toMatch(/^[a-z0-9_]+$/);
    expect(item.reason.length).toBeGreaterThan(0);
  }
};

/** The documents of the contract fixtures, with their events and records, as the engine hands them over. */
export const contractDocs = (): PipelineDoc[] => {
  const pipeline = new Pipeline(buildConfig(), () => new Date(FIXED_INGESTED_AT));
  return contractFixtures.flatMap((fixture) =>
    readInputFile(fixture).records.flatMap((record) => pipeline.process(record).docs),
  );
};
