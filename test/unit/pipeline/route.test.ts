import { ConfigError } from '../../../src/core';
import { buildConfig } from '../../../src/pipeline/config';
import { Router, typeNamedByFilter } from '../../../src/pipeline/route';
import { Pipeline } from '../../../src/pipeline/run';
import { DEFAULT_LIMITS } from '../../../src/transformers/common';
import { textTransformer } from '../../../src/transformers/text';
import { envelope } from '../../helpers/records';

const V3_FORMAT =
  '${version} ${vpc-id} ${subnet-id} ${instance-id} ${interface-id} ${account-id} ${type} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${pkt-srcaddr} ${pkt-dstaddr} ${protocol} ${bytes} ${packets} ${start} ${end} ${action} ${tcp-flags} ${log-status}';
const V3_LINE =
  '3 vpc-0a1b2c3d4e5f60718 subnet-0f1e2d3c4b5a69788 i-0123456789abcdef0 eni-0a1b2c3d4e5f67890 123456789012 IPv4 10.0.1.5 10.0.2.9 49152 443 10.0.1.5 10.0.2.9 6 5400 12 1714564800 1714564860 ACCEPT 19 OK';
const V2_LINE =
  '2 123456789012 eni-0a1b2c3d4e5f67890 10.0.1.5 10.0.2.9 49152 443 6 12 5400 1714564800 1714564860 ACCEPT OK';
const context = { ingestedAt: '2026-01-01T00:00:00.000Z', limits: DEFAULT_LIMITS };

const typeOf = (router: Router, logGroup: string, message: string, filters = ['all-logs']): string => {
  const source = envelope(logGroup, [message], { subscriptionFilters: filters });
  const route = router.routeOf(source);
  const event = source.logEvents[0];
  if (event === undefined) throw new Error('no event');
  return router.transformerFor(event, source, route, {
    ...context,
    ...(route.vpcFormat && { vpcFormat: route.vpcFormat }),
  }).id;
};

describe('Route', () => {
  it('sniffs each type when nothing names it', () => {
    // Prepare
    const router = new Router(buildConfig());

    // Act & Assess
    expect(typeOf(router, '/aws/lambda/orders', 'anything at all')).toBe('lambda');
    expect(typeOf(router, '/trails', '{"eventVersion":"1.09","eventSource":"s3.amazonaws.com"}')).toBe(
      'cloudtrail',
    );
    expect(typeOf(router, '/vpc/flows', V2_LINE)).toBe('vpcflow');
    expect(typeOf(router, '/ecs/app', 'INFO {"user":"ana"}')).toBe('json');
    expect(typeOf(router, '/ecs/app', 'plain words')).toBe('text');
  });

  it('follows a configured log-group pattern before sniffing', () => {
    // Prepare
    const router = new Router(buildConfig({ logGroups: [{ pattern: '/ecs/*', type: 'text' }] }));

    // Act & Assess
    expect(typeOf(router, '/ecs/app', 'INFO {"user":"ana"}')).toBe('text');
    expect(typeOf(router, '/other/app', 'INFO {"user":"ana"}')).toBe('json');
  });

  it('takes the first matching rule, and a rule with a vpcFormat means vpcflow', () => {
    // Prepare
    const router = new Router(
      buildConfig({
        logGroups: [
          { pattern: '/vpc/custom-*', vpcFormat: V3_FORMAT },
          { pattern: '/vpc/*', type: 'text' },
        ],
      }),
    );

    // Act & Assess
    expect(typeOf(router, '/vpc/custom-a', V3_LINE)).toBe('vpcflow');
    expect(typeOf(router, '/vpc/plain', V2_LINE)).toBe('text');
  });

  it('follows a subscription filter name that names a type', () => {
    // Prepare
    const router = new Router(buildConfig());

    // Act & Assess
    expect(typeOf(router, '/anything', 'plain words', ['cwlpipe-cloudtrail'])).toBe('cloudtrail');
    expect(typeNamedByFilter(['to-kinesis', 'VPCFlow_Logs'])).toBe('vpcflow');
    expect(typeNamedByFilter(['lambdas-everywhere'])).toBeUndefined();
    expect(typeNamedByFilter(['json-and-text'])).toBeUndefined();
  });

  it('sniffs lines of the default VPC format set by --vpc-format / defaultVpcFormat', () => {
    // Prepare
    const withDefault = new Router(buildConfig({ defaultVpcFormat: V3_FORMAT }));
    const without = new Router(buildConfig());

    // Act & Assess
    expect(typeOf(withDefault, '/vpc/flows', V3_LINE)).toBe('vpcflow');
    expect(typeOf(without, '/vpc/flows', V3_LINE)).toBe('text');
  });

  it('refuses a rule that names neither a type nor a format', () => {
    expect(() => buildConfig({ logGroups: [{ pattern: '/x' }] })).toThrow(ConfigError);
    expect(() => buildConfig({ logGroups: [{ pattern: '/x' }] })).toThrow(
      'names neither a type nor a vpcFormat',
    );
  });

  it.each([
    [{ logGroups: [{ pattern: '/x', type: 'syslog' }] }, 'logGroups.0.type'],
    [{ maxGunzipBytes: -1 }, 'maxGunzipBytes'],
    [{ limits: { maxJsonDepth: 0 } }, 'limits.maxJsonDepth'],
    [{ logGroups: [{ pattern: '/x', vpcFormat: '${version} srcaddr' }] }, 'logGroups.0.vpcFormat'],
    [{ unknownKey: true }, 'unknownKey'],
  ])('names the bad config key in %j', (input, where) => {
    expect(() => buildConfig(input)).toThrow(where);
  });
});

describe('Pipeline', () => {
  afterEach(() => jest.restoreAllMocks());

  it('sets aside the event of a transformer that throws, and goes on with the next', () => {
    // Prepare
    const pipeline = new Pipeline(buildConfig(), () => new Date(0));
    jest.spyOn(textTransformer, 'transform').mockImplementationOnce(() => {
      throw new Error('boom');
    });
    const source = envelope('/ecs/app', ['first', 'second']);

    // Act
    const outcome = pipeline.processEnvelope(source, { recordIndex: 3 });

    // Assess
    expect(outcome.docs.map((doc) => doc.body['@message'])).toEqual(['second']);
    expect(outcome.setAside).toEqual([
      expect.objectContaining({
        stage: 'transform',
        code: 'transformer_threw',
        raw: source.logEvents[0],
        origin: { recordIndex: 3 },
      }),
    ]);
    expect(outcome.setAside[0]?.reason).toContain('the text transformer threw: Error: boom');
  });

  it('keeps each document tied to its record and event', () => {
    // Prepare
    const pipeline = new Pipeline(buildConfig());
    const origin = { recordIndex: 1, shardId: 'shardId-000000000001', sequenceNumber: '4960' };

    // Act
    const outcome = pipeline.processEnvelope(envelope('/ecs/app', ['one']), origin);

    // Assess
    expect(outcome.docs[0]?.origin).toBe(origin);
    expect(outcome.docs[0]?.event.message).toBe('one');
    expect(outcome.events).toBe(1);
  });

  it('checks a decoded envelope like a decoded record: a malformed one is set aside with its reason', () => {
    // Prepare
    const pipeline = new Pipeline(buildConfig());
    const malformed = {
      ...envelope('/ecs/app', ['one']),
      logEvents: [{ id: '', timestamp: 1, message: 'x' }],
    };

    // Act
    const outcome = pipeline.process({ kind: 'envelope', envelope: malformed, origin: { recordIndex: 0 } });

    // Assess
    expect(outcome.docs).toEqual([]);
    expect(outcome.setAside).toEqual([
      expect.objectContaining({
        stage: 'decode',
        code: 'envelope_invalid',
        reason: expect.stringContaining('logEvents[0] has no string id'),
      }),
    ]);
    expect(JSON.parse(Buffer.from(outcome.setAside[0]?.raw as string, 'base64').toString())).toEqual(
      malformed,
    );
  });
});
