import fc from 'fast-check';
import { buildConfig, DETECTOR_NAMES, Pipeline } from '../../../../src/pipeline';
import { PrivacyPolicy } from '../../../../src/pipeline/privacy';
import { envelope } from '../../../helpers/records';

/**
 * The privacy stage scans each raw line once and walks a document only for the detectors the line calls
 * for. These tests hold that shortcut to the full walk (every string of the document checked by every
 * detector): whatever the line, the two must redact the same.
 */

const ALL_ON = { privacy: { detectors: Object.fromEntries(DETECTOR_NAMES.map((name) => [name, true])) } };
const NONE_ON = {
  privacy: { detectors: Object.fromEntries(DETECTOR_NAMES.map((name) => [name, false])) },
};

/** Documents as the transformers make them, privacy off, with the raw line each came from. */
const parsed = (logGroup: string, lines: string[]) =>
  new Pipeline(buildConfig(NONE_ON))
    .processEnvelope(envelope(logGroup, lines), { recordIndex: 0 })
    .docs.map((doc) => ({ body: doc.body, line: doc.event.message, stream: doc.source.logStream }));

/** What the policy makes of each document with the line scan (as the pipeline runs it) and without. */
const bothWays = (config: unknown, logGroup: string, lines: string[]) => {
  const policy = PrivacyPolicy.compile(buildConfig(config).privacy);
  return parsed(logGroup, lines).map(({ body, line, stream }) => {
    const scanned: Record<string, number> = {};
    const walked: Record<string, number> = {};
    return {
      scanned: { verdict: policy.apply(body, logGroup, scanned, line, stream), counts: scanned },
      walked: { verdict: policy.apply(body, logGroup, walked), counts: walked },
    };
  });
};

/** Pieces a line is made of: secrets, near misses, hint words without a secret, JSON escapes, noise. */
const piece = fc.oneof(
  fc.constantFrom(
    'AKIAIOSFODNN7EXAMPLE',
    '\\u0041KIAIOSFODNN7EXAMPLE',
    'password=hunter22',
    'pass\\u0077ord=hunter22',
    'Bearer abc.def-123_XYZ',
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

describe('Privacy: the line scan', () => {
  it('redacts exactly what a full walk of the document does, for any line (defaults and every detector on)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          text,
          jsonLine,
          jsonLine.map((json) => `2024-05-01T12:00:00Z INFO ${json}`),
        ),
        fc.constantFrom({}, ALL_ON),
        (line, config) => {
          // Act
          const results = bothWays(config, '/ecs/api', [line]);

          // Assess
          for (const { scanned, walked } of results) expect(scanned).toEqual(walked);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('finds secrets a JSON escape hides from the raw line', () => {
    // Prepare
    const line =
      '{"note":"key \\u0041KIAIOSFODNN7EXAMPLE","db":"postgres:\\/\\/app:S3cretPass@db","pass\\u0077ord":"hunter22"}';

    // Act
    const [result] = bothWays({}, '/ecs/api', [line]);

    // Assess
    expect(result?.scanned.verdict).toMatchObject({
      body: {
        json: { note: 'key [aws_key]', db: 'postgres://app:[secret]@db', password: '[secret]' },
        // The line as stored reads as its escapes decode, the secrets they hid replaced.
        '@message': '{"note":"key [aws_key]","db":"postgres://app:[secret]@db","password":"[secret]"}',
      },
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

  it('walks no document whose line holds no hint, and leaves it the same object', () => {
    // Prepare
    const policy = PrivacyPolicy.compile(buildConfig({}).privacy);
    const docs = parsed('/ecs/api', ['{"level":"info","msg":"request served","status":200}']);
    expect(docs).toHaveLength(1);
    const { body, line, stream } = docs[0] as (typeof docs)[number];

    // Act
    const verdict = policy.apply(body, '/ecs/api', {}, line, stream);

    // Assess
    expect(verdict.kind === 'keep' && verdict.body).toBe(body);
  });
});
