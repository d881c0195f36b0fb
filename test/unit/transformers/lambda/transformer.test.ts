import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lambdaTransformer } from '../../../../src/transformers/lambda';
import { FIXTURES, runFixture } from '../../../helpers/golden';
import { EVENT_TIME, lambdaSource, transformOne } from './transform-one';

/** Numbers go to double or long, booleans to boolean, strings to keyword. */
const typeFits = (type: string, value: unknown): boolean =>
  typeof value === 'number'
    ? type === 'double' || (type === 'long' && Number.isSafeInteger(value))
    : typeof value === 'boolean'
      ? type === 'boolean'
      : type === 'keyword';

const event = (message: string) => ({ id: '1', timestamp: EVENT_TIME, message });

describe('Transformer: lambda', () => {
  it.each([
    ['/aws/lambda/orders-api', true],
    ['/aws/lambda/us-east-1.edge-auth', true],
    ['/aws/lambdas/orders-api', false],
    ['/ecs/orders-api', false],
  ])('claims log group %s: %s', (logGroup, expected) => {
    // Act
    const claimed = lambdaTransformer.matches(event('hello'), lambdaSource({ logGroup }));

    // Assess
    expect(claimed).toBe(expected);
  });

  it.each([[''], ['   \n'], ['\t']])('skips a blank message %j as empty_message', (message) => {
    // Act
    const result = lambdaTransformer.transform(event(message), lambdaSource(), {
      ingestedAt: '2026-01-01T00:00:00.000Z',
      limits: { maxMessageChars: 100, maxJsonDepth: 5, maxJsonFields: 50 },
    });

    // Assess
    expect(result).toEqual({ kind: 'skip', reason: 'empty_message' });
  });

  it('writes the common fields and caps @message', () => {
    // Act
    const doc = transformOne('x'.repeat(50), lambdaSource(), {
      maxMessageChars: 10,
      maxJsonDepth: 5,
      maxJsonFields: 50,
    });

    // Assess
    expect(doc['@type']).toBe('lambda');
    expect(doc['@message']?.startsWith('xxxxxxxxxx')).toBe(true);
    expect(doc['@message']?.length).toBeLessThan(50);
    expect(doc.aws).toEqual({
      log_group: '/aws/lambda/orders-api',
      log_stream: '2024/05/01/[$LATEST]9f2c4e1a7b3d4c5e8f6a0b1c2d3e4f50',
      owner: '381492736510',
    });
  });

  it('declares every lambda.* field the fixtures produce, with a numeric type for every number', () => {
    // Prepare
    const declared = new Map(lambdaTransformer.fields.map((field) => [field.name, field.type]));
    const dir = join(FIXTURES, 'lambda');
    const fixtures = readdirSync(dir).filter((name) => !/\.(expected|config)\.json$/.test(name));

    // Act
    const written = new Map<string, unknown>();
    for (const name of fixtures)
      for (const doc of runFixture(join(dir, name)).documents as Array<{ lambda: Record<string, unknown> }>)
        for (const [key, value] of Object.entries(doc.lambda)) written.set(`lambda.${key}`, value);

    // Assess
    expect(written.size).toBeGreaterThan(20);
    const mismatches = [...written]
      .map(([name, value]) => ({ name, type: declared.get(name), value }))
      .filter(({ type, value }) => type === undefined || !typeFits(type, value));
    expect(mismatches).toEqual([]);
  });

  it('types durations as double and memory sizes as long', () => {
    // Prepare
    const typeOf = (name: string) => lambdaTransformer.fields.find((field) => field.name === name)?.type;

    // Assess
    expect(typeOf('lambda.duration_ms')).toBe('double');
    expect(typeOf('lambda.billed_duration_ms')).toBe('double');
    expect(typeOf('lambda.init_duration_ms')).toBe('double');
    expect(typeOf('lambda.memory_size_mb')).toBe('long');
    expect(typeOf('lambda.max_memory_used_mb')).toBe('long');
    expect(typeOf('lambda.cold_start')).toBe('boolean');
  });
});
