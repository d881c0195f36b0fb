import type { DocBody, LogSource, TransformLimits } from '../../../../src/core';
import { DEFAULT_LIMITS } from '../../../../src/transformers/common';
import { lambdaTransformer } from '../../../../src/transformers/lambda';
import type { LambdaFields } from '../../../../src/transformers/lambda/fields';

export const REQUEST_ID = '6f1c0a7e-2b1d-4c55-9a0e-3c1f2b9d8e71';
/** 2024-05-01T12:00:05.000Z: the CloudWatch Logs event time, distinct from any line's own time. */
export const EVENT_TIME = Date.UTC(2024, 4, 1, 12, 0, 5);

export const lambdaSource = (overrides: Partial<LogSource> = {}): LogSource => ({
  owner: '381492736510',
  logGroup: '/aws/lambda/orders-api',
  logStream: '2024/05/01/[$LATEST]9f2c4e1a7b3d4c5e8f6a0b1c2d3e4f50',
  subscriptionFilters: ['lambda-logs-to-kinesis'],
  ...overrides,
});

/** Transforms one message and returns its single document; fails the test on anything else. */
export const transformOne = (
  message: string,
  source: LogSource = lambdaSource(),
  limits: TransformLimits = DEFAULT_LIMITS,
): DocBody & { lambda: LambdaFields } => {
  const result = lambdaTransformer.transform(
    { id: '38261983420958174938175634289123487650923817465091280000', timestamp: EVENT_TIME, message },
    source,
    { ingestedAt: '2026-01-01T00:00:00.000Z', limits },
  );
  if (result.kind !== 'ok') throw new Error(`expected a document, got ${result.kind}`);
  expect(result.docs).toHaveLength(1);
  return result.docs[0] as DocBody & { lambda: LambdaFields };
};
