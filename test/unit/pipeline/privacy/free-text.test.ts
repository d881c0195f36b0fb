import fc from 'fast-check';
import type { DocBody } from '../../../../src/core';
import { buildConfig, DETECTOR_NAMES, Pipeline } from '../../../../src/pipeline';
import { PrivacyPolicy, Redactor } from '../../../../src/pipeline/privacy';
import { redactDocument } from '../../../../src/pipeline/privacy/document';
import { type FreeTextPlan, freeTextPlans } from '../../../../src/pipeline/privacy/free-text';
import { FIELD_CATALOG } from '../../../../src/transformers';
import { envelope } from '../../../helpers/records';

/**
 * The privacy stage reads the strings of a document that can hold free text, as the field table types them,
 * with every detector in force behind one combined hint. These tests hold it to what that promises: nothing a
 * detector finds is left in free text, and nothing else is touched.
 */

const ALL_ON = { privacy: { detectors: Object.fromEntries(DETECTOR_NAMES.map((name) => [name, true])) } };
const NONE_ON = {
  privacy: { detectors: Object.fromEntries(DETECTOR_NAMES.map((name) => [name, false])) },
};

/** Documents as the transformers make them, privacy off, with the raw line each came from. */
const parsed = (logGroup: string, lines: string[]) =>
  new Pipeline(buildConfig(NONE_ON))
    .processEnvelope(envelope(logGroup, lines), { recordIndex: 0 })
    .docs.map((doc) => ({ body: doc.body, line: doc.event.message }));

const policyOf = (config: unknown) => PrivacyPolicy.compile(buildConfig(config).privacy);

/** The body once the policy kept it (these configurations have no filters). */
const kept = (policy: PrivacyPolicy, body: DocBody, counts: Record<string, number> = {}): DocBody => {
  const verdict = policy.apply(body, '/ecs/api', counts);
  if (verdict.kind !== 'keep') throw new Error(`expected the document kept, got ${verdict.reason}`);
  return verdict.body;
};

/** Pieces a line is made of: secrets, near misses, hint words without a secret, JSON escapes, noise. */
const piece = fc.oneof(
  fc.constantFrom(
    'AKIAIOSFODNN7EXAMPLE',
    '\\u0041KIAIOSFODNN7EXAMPLE',
    'password=hunter22',
    'pass\\u0077ord=hunter22',
    'Bearer abc.def-123_XYZ',
    'auth basicredentials=hunter22',
    'xoxb-----BEGIN RSA PRIVATE KEY-----',
    'ana@example.com',
    '4111 1111 1111 1111',
    '203.0.113.7',
    '2001:db8::1',
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
    'postgres://app:S3cretPass@db:5432/x',
    'postgres:\\/\\/app:S3cretPass@db',
    'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    '-----BEGIN RSA PRIVATE KEY-----\\nMIIEow',
    'token',
    'secret',
    'basic setup',
    'a\\"b',
    '\\n',
    '\\\\',
    ':',
    '=',
  ),
  fc.string({ maxLength: 12 }),
);
const text = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(' '));
/** A JSON line: the pieces as keys and values, some nested. */
const jsonLine = fc
  .array(fc.tuple(fc.oneof(piece, fc.constantFrom('password', 'apiKey', 'note')), piece, fc.boolean()), {
    minLength: 1,
    maxLength: 5,
  })
  .map(
    (entries) =>
      `{${entries
        .map(([key, value, nested]) => {
          const quotedKey = `"${key.replace(/"/g, '')}"`;
          const quotedValue = `"${value.replace(/(?<!\\)"/g, '')}"`;
          return `${quotedKey}:${nested ? `{"inner":${quotedValue}}` : quotedValue}`;
        })
        .join(',')}}`,
  );

/** Every value of a document with its dotted path, arrays read as their items. */
const leaves = (value: unknown, path = ''): Array<[string, unknown]> => {
  if (Array.isArray(value)) return value.flatMap((item) => leaves(item, path));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([key, item]) => leaves(item, path === '' ? key : `${path}.${key}`));
  return [[path, value]];
};

describe('Privacy: free text only', () => {
  it('leaves nothing a second pass would find, and changes no field that cannot hold free text, for any line', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          text,
          jsonLine,
          jsonLine.map((json) => `2024-05-01T12:00:00Z INFO ${json}`),
        ),
        fc.constantFrom({}, ALL_ON),
        (line, config) => {
          // Prepare
          const policy = policyOf(config);

          for (const { body } of parsed('/ecs/api', [line])) {
            // Act
            const once = kept(policy, body);
            const again: Record<string, number> = {};
            const twice = kept(policy, once, again);

            // Assess
            expect(again).toEqual({});
            expect(twice).toBe(once);
            const before = new Map(leaves(body));
            for (const [path, value] of leaves(once)) {
              if (value !== before.get(path)) expect(readsAt(body['@type'], path)).toBe(true);
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('finds secrets a JSON escape hides from the raw line', () => {
    // Prepare
    const line =
      '{"note":"key \\u0041KIAIOSFODNN7EXAMPLE","db":"postgres:\\/\\/app:S3cretPass@db","pass\\u0077ord":"hunter22"}';
    const [doc] = parsed('/ecs/api', [line]);

    // Act
    const body = kept(policyOf({}), doc?.body as DocBody);

    // Assess
    expect(body).toMatchObject({
      json: { note: 'key [aws_key]', db: 'postgres://app:[secret]@db', password: '[secret]' },
      // The line as stored reads as its escapes decode, the secrets they hid replaced.
      '@message': '{"note":"key [aws_key]","db":"postgres://app:[secret]@db","password":"[secret]"}',
    });
  });

  it('redacts a JSON log line kept in @message as its parsed fields, a secret after an escape included', () => {
    // Prepare
    const line =
      '{"level":"info","msg":"x\\nBearer abc.def-123_XYZ","tab":"\\tghp_abcdefghijklmnopqrstuvwxyz0123456789"}';

    // Act
    const { docs, redacted } = new Pipeline(buildConfig({})).processEnvelope(envelope('/ecs/api', [line]), {
      recordIndex: 0,
    });

    // Assess
    expect(docs[0]?.body).toMatchObject({
      '@message': '{"level":"info","msg":"x\\nBearer [bearer_token]","tab":"\\t[token]"}',
      json: { msg: 'x\nBearer [bearer_token]', tab: '\t[token]' },
    });
    expect(redacted).toEqual({ bearer_token: 2, provider_token: 2 });
  });

  it('stores no password named after a basic credential, in a short Lambda line', () => {
    // Prepare: bearer's hint `basic` begins a word that also holds the secret value's `credential`.
    const pipeline = new Pipeline(buildConfig({}));

    // Act
    const { docs } = pipeline.processEnvelope(
      envelope('/aws/lambda/orders', [
        'auth basicredentials=hunter22',
        'xoxb-----BEGIN RSA PRIVATE KEY-----x',
      ]),
      { recordIndex: 0 },
    );

    // Assess
    expect(docs.map((doc) => doc.body['@message'])).toEqual([
      'auth basicredentials=[secret]',
      'xoxb[private_key]',
    ]);
  });

  it('leaves a document with nothing to find the same object', () => {
    // Prepare
    const [doc] = parsed('/ecs/api', ['{"level":"info","msg":"request served","status":200}']);

    // Act
    const body = kept(policyOf({}), doc?.body as DocBody);

    // Assess
    expect(body).toBe(doc?.body);
  });
});

describe('Privacy: CloudTrail keeps its access key ids', () => {
  const record = JSON.stringify({
    eventVersion: '1.08',
    userIdentity: { type: 'IAMUser', accessKeyId: 'AKIAXD4QK2M7V6C5B4N3', userName: 'ana' },
    eventTime: '2024-05-01T10:15:22Z',
    eventSource: 'sts.amazonaws.com',
    eventName: 'GetSessionToken',
    awsRegion: 'eu-west-1',
    sourceIPAddress: '203.0.113.7',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: { note: 'password=hunter22' },
    responseElements: {
      credentials: { accessKeyId: 'ASIAXD4QK2M7WJ5ZNB6Q', sessionToken: 'IQoJb3JpZ2luX2VjEHcaCWV1' },
    },
    eventID: '9f1e3a72-4c5b-4d6e-8f90-1a2b3c4d5e6f',
    eventType: 'AwsApiCall',
    recipientAccountId: '493827165034',
  });
  const cloudtrailOf = (config: unknown) =>
    new Pipeline(buildConfig(config)).processEnvelope(
      envelope('aws-cloudtrail-logs-493827165034-7f3c91ab', [record]),
      { recordIndex: 0 },
    ).docs[0]?.body as DocBody & { cloudtrail: Record<string, unknown> };

  it('by default, while secret values, session tokens and passwords are still redacted', () => {
    // Act
    const body = cloudtrailOf({});

    // Assess
    expect(body['@type']).toBe('cloudtrail');
    expect(body.cloudtrail.userIdentity).toMatchObject({ accessKeyId: 'AKIAXD4QK2M7V6C5B4N3' });
    expect(body.cloudtrail.responseElements).toBe(
      '{"credentials":{"accessKeyId":"ASIAXD4QK2M7WJ5ZNB6Q","sessionToken":"[secret]"}}',
    );
    expect(body.cloudtrail.requestParameters).toBe('{"note":"password=[secret]"}');
  });

  it('redacts them in its free text where the configuration switches the detector on by name', () => {
    // Act
    const body = cloudtrailOf({ privacy: { detectors: { aws_access_key: true } } });

    // Assess
    expect(body.cloudtrail.responseElements).toBe(
      '{"credentials":{"accessKeyId":"[aws_key]","sessionToken":"[secret]"}}',
    );
    // An identifier field is never free text: dropping it is a field rule's work.
    expect(body.cloudtrail.userIdentity).toMatchObject({ accessKeyId: 'AKIAXD4QK2M7V6C5B4N3' });
  });

  it('and an access key id in the free text of any other log type is redacted as before', () => {
    // Act
    const { docs } = new Pipeline(buildConfig({})).processEnvelope(
      envelope('/aws/lambda/orders', [
        'using key AKIAXD4QK2M7V6C5B4N3',
        '{"accessKeyId":"AKIAXD4QK2M7V6C5B4N3"}',
      ]),
      { recordIndex: 0 },
    );

    // Assess
    expect(docs.map((doc) => doc.body['@message'])).toEqual([
      'using key [aws_key]',
      '{"accessKeyId":"[aws_key]"}',
    ]);
  });
});

/** Whether a plan reads a dotted path: some field on its way is read whole. */
const readIn = (plan: FreeTextPlan | undefined, path: string): boolean => {
  let node = plan;
  for (const key of path.split('.')) {
    const below = node?.find(([field]) => field === key)?.[1];
    if (below === undefined) return false;
    if (below === true) return true;
    node = below;
  }
  return false;
};
const PLANS = freeTextPlans(FIELD_CATALOG);
/** Whether the field table leaves a dotted path of a log type's documents to the detectors. */
const readsAt = (type: string, path: string): boolean => readIn(PLANS.get(type), path);

describe('freeTextPlans', () => {
  it('reads text, objects and free keywords, common ones in every type, and nothing else', () => {
    // Prepare
    const plans = freeTextPlans({
      logTypes: ['a', 'b', 'c'],
      rows: [
        { logType: 'common', name: '@message', type: 'text' },
        { logType: 'common', name: '@id', type: 'keyword' },
        { logType: 'a', name: 'json', type: 'object' },
        { logType: 'a', name: 'vpc.srcaddr', type: 'ip' },
        { logType: 'a', name: 'vpc.bytes', type: 'long' },
        { logType: 'b', name: 'ct.user.arn', type: 'keyword' },
        { logType: 'b', name: 'ct.user.agent', type: 'keyword', freeText: true },
        { logType: 'b', name: 'ct.when', type: 'date' },
      ],
    });

    // Act & Assess
    expect(plans.get('a')).toEqual([
      ['@message', true],
      ['json', true],
    ]);
    expect(plans.get('b')).toEqual([
      ['@message', true],
      ['ct', [['user', [['agent', true]]]]],
    ]);
    expect(plans.get('c')).toEqual([['@message', true]]);
    expect(plans.get('common')).toBeUndefined();
  });

  it('reads a field whole when it is read whole and also has fields declared below it', () => {
    // Prepare
    const plans = freeTextPlans({
      logTypes: ['a'],
      rows: [
        { logType: 'a', name: 'x.note', type: 'text' },
        { logType: 'a', name: 'x.note.inner', type: 'text' },
        { logType: 'a', name: 'y.inner', type: 'text' },
        { logType: 'a', name: 'y', type: 'object' },
      ],
    });

    // Act & Assess
    expect(plans.get('a')).toEqual([
      ['x', [['note', true]]],
      ['y', true],
    ]);
  });

  it('leaves the identity and the typed fields of every log type unread', () => {
    // Assess
    expect(readsAt('vpcflow', 'vpc.srcaddr')).toBe(false);
    expect(readsAt('vpcflow', 'vpc.interface_id')).toBe(false);
    expect(readsAt('vpcflow', 'aws.log_group')).toBe(false);
    expect(readsAt('lambda', 'lambda.request_id')).toBe(false);
    expect(readsAt('cloudtrail', 'cloudtrail.userIdentity.accessKeyId')).toBe(false);
    expect(readsAt('cloudtrail', 'cloudtrail.eventTime')).toBe(false);
    expect(readsAt('text', '@message')).toBe(true);
    expect(readsAt('cloudtrail', 'cloudtrail.requestParameters')).toBe(true);
    expect(readsAt('cloudtrail', 'cloudtrail.userAgent')).toBe(true);
    expect(readsAt('cloudtrail', 'cloudtrail.request.key')).toBe(true);
    expect(readsAt('json', 'json.anything.below')).toBe(true);
    expect(readsAt('lambda', 'json_prefix')).toBe(true);
  });
});

describe('Redactor: one combined hint for every detector in force', () => {
  it('redacts a text as every detector in force does alone, one after the other', () => {
    // Prepare
    const combined = Redactor.compile({ detectors: DETECTOR_NAMES, rules: [] });
    const alone = DETECTOR_NAMES.map((name) => Redactor.compile({ detectors: [name], rules: [] }));

    fc.assert(
      fc.property(fc.oneof(text, jsonLine), (line) => {
        // Act
        const together: Record<string, number> = {};
        const inTurn: Record<string, number> = {};
        const result = combined.text(line, together);
        const expected = alone.reduce((current, redactor) => redactor.text(current, inTurn), line);

        // Assess
        expect(result).toBe(expected);
        expect(together).toEqual(inTurn);
      }),
      { numRuns: 500 },
    );
  });
});

describe('redactDocument', () => {
  const redactor = Redactor.compile({ detectors: ['aws_access_key', 'secret_value'], rules: [] });
  const KEY = 'AKIAIOSFODNN7EXAMPLE';
  const base = {
    '@timestamp': '2024-05-01T12:00:00.000Z',
    '@ingested': '2024-05-01T12:00:01.000Z',
    '@id': KEY,
    '@type': 'newtype',
    aws: { log_group: KEY, log_stream: 's', owner: '1' },
  };

  it('reads every string but the identity of a document whose type has no plan', () => {
    // Prepare
    const body = {
      ...base,
      extra: { note: `key ${KEY}`, list: [KEY, 7] },
      password: 1234,
    } as unknown as DocBody;
    const counts: Record<string, number> = {};

    // Act
    const result = redactDocument(body, redactor, counts, undefined);

    // Assess
    expect(result).toEqual({
      ...base,
      extra: { note: 'key [aws_key]', list: ['[aws_key]', 7] },
      password: '[secret]',
    });
    expect(counts).toEqual({ aws_access_key: 2, secret_value: 1 });
  });

  it('follows a plan into arrays of objects, and reads a scalar found where the plan expects an object', () => {
    // Prepare
    const plan: FreeTextPlan = [
      ['ct', [['items', [['note', true]]]]],
      ['odd', [['inner', true]]],
    ];
    const body = {
      ...base,
      ct: { items: [{ note: `a ${KEY}`, id: KEY }, { note: 'fine' }], id: KEY },
      odd: `scalar ${KEY}`,
    } as unknown as DocBody;

    // Act
    const result = redactDocument(body, redactor, {}, plan);

    // Assess
    expect(result).toEqual({
      ...base,
      ct: { items: [{ note: 'a [aws_key]', id: KEY }, { note: 'fine' }], id: KEY },
      odd: 'scalar [aws_key]',
    });
  });
});
