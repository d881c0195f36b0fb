import type { DocBody } from '../../../../src/core';
import { cloudtrailTransformer } from '../../../../src/transformers/cloudtrail';
import { DEFAULT_LIMITS } from '../../../../src/transformers/common';
import { ctRecord, eventOf, source } from './record';

const transformWith = (message: string, preserveOriginal?: boolean): DocBody => {
  const result = cloudtrailTransformer.transform(eventOf(message), source, {
    ingestedAt: '2026-01-01T00:00:00.000Z',
    limits: DEFAULT_LIMITS,
    ...(preserveOriginal !== undefined && { preserveOriginal }),
  });
  if (result.kind !== 'ok') throw new Error(`expected a document, got ${result.kind}`);
  return result.docs[0] as DocBody;
};

describe('Transformer: cloudtrail, @message', () => {
  it('leaves @message out by default: the record is all in cloudtrail.*', () => {
    // Prepare
    const message = JSON.stringify(ctRecord({ futureField: { nested: 1 } }));

    // Act
    const doc = transformWith(message);

    // Assess
    expect(doc).not.toHaveProperty('@message');
    expect(doc.cloudtrail).toMatchObject({
      eventName: 'CreateBucket',
      unmapped: '{"futureField":{"nested":1}}',
    });
  });

  it('keeps @message when the log group sets preserveOriginal', () => {
    // Prepare
    const message = JSON.stringify(ctRecord());

    // Act
    const doc = transformWith(message, true);

    // Assess
    expect(doc['@message']).toBe(message);
  });

  it.each([
    [
      'a number a double cannot hold',
      JSON.stringify(ctRecord()).replace('"readOnly":false', '"readOnly":false,"seed":9007199254740993'),
    ],
    [
      'a time finer than a millisecond',
      JSON.stringify(ctRecord({ eventTime: '2024-05-01T12:00:00.1234567Z' })),
    ],
  ])('keeps @message of a record with %s, which its fields round', (_case, message) => {
    // Act
    const doc = transformWith(message, false);

    // Assess
    expect(doc['@message']).toBe(message);
  });

  it('leaves @message out of a record whose numbers and times a document holds exactly', () => {
    // Prepare: many fraction digits, an exponent-like id, a time on the second
    const message = JSON.stringify(
      ctRecord({
        eventID: '9e5a1b2c-3d4e-4f5a-8b6c-7d8e9f0a1b2c',
        additionalEventData: { average: 85.4202380952, bytes: 1e21 },
      }),
    );

    // Act
    const doc = transformWith(message);

    // Assess
    expect(doc).not.toHaveProperty('@message');
  });

  it('sets aside a message that is no CloudTrail record (the engine keeps its raw event)', () => {
    // Act
    const result = cloudtrailTransformer.transform(eventOf('{"eventVersion":"1.09",'), source, {
      ingestedAt: '2026-01-01T00:00:00.000Z',
      limits: DEFAULT_LIMITS,
    });

    // Assess
    expect(result.kind).toBe('invalid');
  });
});
