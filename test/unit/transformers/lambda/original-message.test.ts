import type { DocBody } from '../../../../src/core';
import { DEFAULT_LIMITS } from '../../../../src/transformers/common';
import { lambdaTransformer } from '../../../../src/transformers/lambda';
import { EVENT_TIME, lambdaSource, REQUEST_ID } from './transform-one';

const transformWith = (message: string, preserveOriginal?: boolean): DocBody => {
  const result = lambdaTransformer.transform(
    { id: '38261983420958174938175634289123487650923817465091280000', timestamp: EVENT_TIME, message },
    lambdaSource(),
    {
      ingestedAt: '2026-01-01T00:00:00.000Z',
      limits: DEFAULT_LIMITS,
      ...(preserveOriginal !== undefined && { preserveOriginal }),
    },
  );
  if (result.kind !== 'ok') throw new Error(`expected a document, got ${result.kind}`);
  return result.docs[0] as DocBody;
};

const REPORT = `REPORT RequestId: ${REQUEST_ID}\tDuration: 102.25 ms\tBilled Duration: 103 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\tInit Duration: 245.12 ms\t\nXRAY TraceId: 1-662f3a80-0b1c2d3e4f5a6b7c8d9e0f1a\tSegmentId: 3c4d5e6f7a8b9c0d\tSampled: true\t\n`;

describe('Transformer: lambda, @message', () => {
  it.each([
    ['START', `START RequestId: ${REQUEST_ID} Version: $LATEST\n`],
    ['END', `END RequestId: ${REQUEST_ID}\n`],
    ['REPORT with its X-Ray line', REPORT],
    [
      'INIT_START',
      'INIT_START Runtime Version: nodejs:20.v13\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:0cdc\n',
    ],
    ['INIT_REPORT', 'INIT_REPORT Init Duration: 1000.11 ms\tPhase: init\tStatus: timeout\n'],
    ['EXTENSION', 'EXTENSION\tName: otel\tState: Ready\tEvents: [INVOKE, SHUTDOWN]\n'],
  ])('leaves @message out of a %s line read whole, and keeps it with preserveOriginal', (_case, message) => {
    // Act
    const lean = transformWith(message);
    const kept = transformWith(message, true);

    // Assess
    expect(lean).not.toHaveProperty('@message');
    expect(kept['@message']).toBe(message);
  });

  it.each([
    [
      'a REPORT with a key no field holds',
      REPORT.replace('\t\nXRAY', '\tEphemeral Storage Used: 12 MB\t\nXRAY'),
    ],
    ['a REPORT with a value that does not read', REPORT.replace('Duration: 102.25 ms', 'Duration: fast')],
    [
      'an INIT_REPORT with an unknown pair',
      'INIT_REPORT Init Duration: 10.5 ms\tPhase: init\tWarmup: partial\n',
    ],
    ['a START with text after its version', `START RequestId: ${REQUEST_ID} Version: 3 (provisioned)\n`],
    ['a START with text before its version', `START RequestId: ${REQUEST_ID} retry Version: 3\n`],
    ['an END with text after its request id', `END RequestId: ${REQUEST_ID} (after 2 retries)\n`],
    ['an application line', `2024-05-01T12:00:00.123Z\t${REQUEST_ID}\tINFO\tcharged card 42`],
    ['a JSON application line', '{"timestamp":"2024-05-01T12:00:00Z","level":"INFO","message":"ok"}'],
    [
      'a JSON platform event (spans and new metrics have no field)',
      `{"time":"2024-05-01T12:00:00.000Z","type":"platform.start","record":{"requestId":"${REQUEST_ID}","version":"$LATEST"}}`,
    ],
    ['a timeout line', `2024-05-01T12:00:03.012Z ${REQUEST_ID} Task timed out after 3.00 seconds`],
  ])('keeps @message of %s', (_case, message) => {
    // Act
    const doc = transformWith(message);

    // Assess
    expect(doc['@message']).toBe(message);
  });
});
