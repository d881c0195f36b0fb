import type { DocBody } from '../../../../src/core';
import { buildConfig, Pipeline } from '../../../../src/pipeline';
import { PrivacyPolicy } from '../../../../src/pipeline/privacy';
import { envelope } from '../../../helpers/records';

const doc = (type: string, fields: Record<string, unknown>, message = 'a line'): DocBody => ({
  '@timestamp': '2024-05-01T12:00:00.000Z',
  '@ingested': '2024-05-01T12:00:01.000Z',
  '@id': '1',
  '@type': type,
  '@message': message,
  aws: { log_group: '/ecs/api', log_stream: 's', owner: '1' },
  ...fields,
});

const policyOf = (config: unknown) => PrivacyPolicy.compile(buildConfig(config).privacy);

describe('Privacy policy', () => {
  it('redacts secrets by default in @message and every string field, leaving identity fields alone', () => {
    // Prepare
    const policy = policyOf({});
    const counts: Record<string, number> = {};
    const body = doc(
      'json',
      { json: { user: { token: 'abc123xyz', note: 'key AKIAIOSFODNN7EXAMPLE' }, n: 3 } },
      'password=hunter22',
    );

    // Act
    const verdict = policy.apply(body, '/ecs/api', counts);

    // Assess
    expect(verdict).toEqual({
      kind: 'keep',
      body: {
        ...body,
        '@message': 'password=[secret]',
        json: { user: { token: '[secret]', note: 'key [aws_key]' }, n: 3 },
      },
    });
    expect(counts).toEqual({ secret_value: 2, aws_access_key: 1 });
    expect(body['@message']).toBe('password=hunter22'); // the input is never changed
  });

  it('leaves personal data alone unless switched on, per log group when an override says so', () => {
    // Prepare
    const policy = policyOf({
      privacy: {
        overrides: [{ logGroup: '/ecs/payments-*', detectors: { email: true, card_number: true } }],
      },
    });
    const body = doc('text', {}, 'ana@example.com paid with 4111 1111 1111 1111');

    // Act
    const elsewhere = policy.apply(body, '/ecs/api', {});
    const payments = policy.apply(body, '/ecs/payments-eu', {});

    // Assess
    expect(elsewhere).toMatchObject({
      body: { '@message': 'ana@example.com paid with 4111 1111 1111 1111' },
    });
    expect(payments).toMatchObject({ body: { '@message': '[email] paid with [card_number]' } });
  });

  it('never redacts VPC address fields, even with the address detectors on', () => {
    // Prepare
    const policy = policyOf({ privacy: { detectors: { ipv4: true } } });
    const body = doc(
      'vpcflow',
      { vpc: { srcaddr: '10.0.1.5', dstaddr: '10.0.2.9', action: 'ACCEPT' } },
      'from 10.0.1.5',
    );

    // Act
    const verdict = policy.apply(body, '/vpc/flows', {});

    // Assess
    expect(verdict).toMatchObject({
      body: { '@message': 'from [ipv4]', vpc: { srcaddr: '10.0.1.5', dstaddr: '10.0.2.9' } },
    });
  });

  it('applies custom rules with their replacement, only in their log groups', () => {
    // Prepare
    const policy = policyOf({
      privacy: { rules: [{ name: 'customer_id', pattern: 'cust-[0-9]{6}', logGroup: '/ecs/*' }] },
    });
    const counts: Record<string, number> = {};

    // Act
    const inside = policy.apply(doc('text', {}, 'order for cust-123456'), '/ecs/api', counts);
    const outside = policy.apply(doc('text', {}, 'order for cust-123456'), '/aws/lambda/x', {});

    // Assess
    expect(inside).toMatchObject({ body: { '@message': 'order for [customer_id]' } });
    expect(outside).toMatchObject({ body: { '@message': 'order for cust-123456' } });
    expect(counts).toEqual({ customer_id: 1 });
  });

  it('drops fields, or keeps only a list, where the rule applies', () => {
    // Prepare
    const policy = policyOf({
      fields: [
        { type: 'json', drop: ['json.password', 'json.card'] },
        {
          type: 'cloudtrail',
          where: { 'cloudtrail.eventSource': 's3.amazonaws.com' },
          drop: ['cloudtrail.requestParameters'],
        },
        { logGroup: '/ecs/slim', keep: ['json.level'] },
      ],
      privacy: { detectors: { secret_value: false } },
    });
    const app = doc('json', { json: { password: 'x', card: { n: 1 }, level: 'info', msg: 'hi' } });
    const s3 = doc('cloudtrail', {
      cloudtrail: { eventSource: 's3.amazonaws.com', requestParameters: '{}' },
    });
    const ec2 = doc('cloudtrail', {
      cloudtrail: { eventSource: 'ec2.amazonaws.com', requestParameters: '{}' },
    });

    // Act
    const appOut = policy.apply(app, '/ecs/api', {});
    const s3Out = policy.apply(s3, '/trail', {});
    const ec2Out = policy.apply(ec2, '/trail', {});
    const slimOut = policy.apply(app, '/ecs/slim', {});

    // Assess
    expect(appOut).toMatchObject({ body: { json: { level: 'info', msg: 'hi' } } });
    expect((appOut as { body: DocBody }).body.json).toEqual({ level: 'info', msg: 'hi' });
    expect((s3Out as { body: DocBody }).body.cloudtrail).toEqual({ eventSource: 's3.amazonaws.com' });
    expect((ec2Out as { body: DocBody }).body.cloudtrail).toEqual({
      eventSource: 'ec2.amazonaws.com',
      requestParameters: '{}',
    });
    expect((slimOut as { body: DocBody }).body.json).toEqual({ level: 'info' });
    expect((slimOut as { body: DocBody }).body['@message']).toBe('a line');
  });

  it('filters events by level, field and message, and include filters keep only what matches', () => {
    // Prepare
    const policy = policyOf({
      filters: [
        { name: 'no-debug', logGroup: '/ecs/*', level: ['DEBUG'] },
        { name: 'health-checks', type: 'json', where: { 'json.path': '/health' } },
        { name: 'pings', message: 'GET /ping' },
        { name: 'errors-only', action: 'include', logGroup: '/aws/lambda/noisy', level: ['error'] },
      ],
    });

    // Act
    const verdicts = [
      policy.apply(doc('json', { json: { level: 'debug' } }), '/ecs/api', {}),
      policy.apply(doc('json', { json: { level: 'debug' } }), '/other', {}),
      policy.apply(doc('json', { json: { path: '/health' } }), '/other', {}),
      policy.apply(doc('text', {}, 'GET /ping 200'), '/other', {}),
      policy.apply(doc('lambda', { lambda: { level: 'INFO' } }), '/aws/lambda/noisy', {}),
      policy.apply(doc('lambda', { lambda: { level: 'ERROR' } }), '/aws/lambda/noisy', {}),
    ].map((verdict) => (verdict.kind === 'skip' ? verdict.reason : 'kept'));

    // Assess
    expect(verdicts).toEqual([
      'filtered:no-debug',
      'kept',
      'filtered:health-checks',
      'filtered:pings',
      'filtered:errors-only',
      'kept',
    ]);
  });

  it('refuses a bad configuration at start with one line naming the rule', () => {
    // Assess
    expect(() => buildConfig({ privacy: { rules: [{ name: 'broken', pattern: '(' }] } })).toThrow(
      /privacy\.rules\.0 \("broken"\): Invalid regular expression/,
    );
    expect(() => buildConfig({ privacy: { rules: [{ name: 'everything', pattern: 'x*' }] } })).toThrow(
      /matches the empty string/,
    );
    expect(() => buildConfig({ privacy: { detectors: { emails: true } } })).toThrow(
      /"emails" is not a detector/,
    );
    expect(() => buildConfig({ fields: [{ type: 'json' }] })).toThrow(/either drop or keep/);
    expect(() => buildConfig({ filters: [{ name: 'x', type: 'nope' }] })).toThrow(/filters\.0\.type/);
    expect(() => buildConfig({ fields: [{ drop: ['@type'] }] })).toThrow(/identity field/);
    expect(() => buildConfig({ fields: [{ keep: ['aws.owner'] }] })).toThrow(/identity field/);
    expect(() => buildConfig({ filters: [{ name: 'all' }] })).toThrow(/would drop every event/);
    expect(() =>
      buildConfig({
        filters: [
          { name: 'a', message: 'x' },
          { name: 'a', message: 'y' },
        ],
      }),
    ).toThrow(/already named "a"/);
    expect(() => buildConfig({ privacy: { rules: [{ name: 'email', pattern: 'x' }] } })).toThrow(
      /built-in detector's name/,
    );
    expect(() => buildConfig({ privacy: { rules: [{ name: 'num', pattern: '[a-z0-9\\[\\]]+' }] } })).toThrow(
      /matches its own replacement/,
    );
    expect(() => buildConfig({ privacy: { rules: [{ name: 'sticky', pattern: 'x', flags: 'y' }] } })).toThrow(
      /flags/,
    );
  });

  it('replaces exactly the named group v of a custom rule, and secrets held as numbers', () => {
    // Prepare
    const policy = policyOf({ privacy: { rules: [{ name: 'k', pattern: 'key=(?<v>[a-z]+)&user=[a-z]+' }] } });

    // Act
    const verdict = policy.apply(
      doc('json', { json: { pin_password: 1234 } }, 'key=ana&user=ana'),
      '/ecs/api',
      {},
    );

    // Assess
    expect(verdict).toMatchObject({
      body: { '@message': 'key=[k]&user=ana', json: { pin_password: '[secret]' } },
    });
  });

  it('reads only what can hold free text: identifiers, addresses, numbers and times stay unread', () => {
    // Prepare
    const policy = policyOf({ privacy: { detectors: { email: true, ipv4: true } } });
    const body = doc(
      'lambda',
      {
        lambda: { function_name: 'ana@example.com', request_id: 'ana@example.com', error_type: 'x' },
        json: { from: 'ana@example.com' },
        json_prefix: 'ana@example.com 203.0.113.7',
      },
      'hello ana@example.com',
    );

    // Act
    const verdict = policy.apply(body, '/custom/group', {});

    // Assess
    expect(verdict).toMatchObject({
      body: {
        '@message': 'hello [email]',
        lambda: { function_name: 'ana@example.com', request_id: 'ana@example.com' },
        json: { from: '[email]' },
        json_prefix: '[email] [ipv4]',
      },
    });
  });

  it('counts filtered events as skipped and redactions by rule in the pipeline stats', () => {
    // Prepare
    const pipeline = new Pipeline(buildConfig({ filters: [{ name: 'pings', message: 'ping' }] }));

    // Act
    const outcome = pipeline.processEnvelope(envelope('/ecs/api', ['ping', 'password=hunter22', 'ok']), {
      recordIndex: 0,
    });

    // Assess
    expect(outcome.docs.map((d) => d.body['@message'])).toEqual(['password=[secret]', 'ok']);
    expect(outcome.skipped).toEqual({ 'filtered:pings': 1 });
    expect(outcome.redacted).toEqual({ secret_value: 1 });
  });
});
