import fc from 'fast-check';
import type { DocBody } from '../../../../src/core';
import { buildConfig, DETECTOR_NAMES, Pipeline } from '../../../../src/pipeline';
import { PrivacyPolicy } from '../../../../src/pipeline/privacy';
import { Redactor } from '../../../../src/pipeline/privacy/redactor';
import { envelope } from '../../../helpers/records';

/**
 * A CloudTrail line is redacted before it is parsed when that is the same as walking its document (no
 * escape in the line, only detectors whose findings stay inside JSON strings, no finding in a key). These
 * tests hold that shortcut to the walk the pipeline takes when a field rule is in force.
 */

const LOG_GROUP = 'aws-cloudtrail-logs-123456789012-prod';
const ALL_ON = { privacy: { detectors: Object.fromEntries(DETECTOR_NAMES.map((name) => [name, true])) } };
/** A field rule for another type: it changes nothing in CloudTrail documents, but sends them through the walk. */
const WALKED = { fields: [{ type: 'vpcflow', drop: ['vpc.bytes'] }] };

/** A CloudTrail record with the given pieces in its request parameters, as values and as keys. */
const cloudTrailLine = (values: readonly string[], keys: readonly string[] = []): string =>
  JSON.stringify({
    eventVersion: '1.08',
    userIdentity: { type: 'AssumedRole', accessKeyId: values[0] ?? 'none' },
    eventTime: '2024-05-01T12:00:00Z',
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    requestParameters: {
      bucketName: 'logs',
      ...Object.fromEntries(values.slice(1).map((value, index) => [`p${index}`, value])),
      ...Object.fromEntries(keys.map((key) => [key, 'x'])),
    },
  });

/** The documents and redaction counts of the lines through the pipeline, the shortcut's way or the walk's. */
const run = (config: object, lines: string[]) => {
  const outcome = new Pipeline(buildConfig(config)).processEnvelope(envelope(LOG_GROUP, lines), {
    recordIndex: 0,
  });
  return {
    bodies: outcome.docs.map(({ body }) => withoutIngested(body)),
    setAside: outcome.setAside.map(({ raw }) => raw),
    reasons: outcome.setAside.map(({ reason }) => reason),
    redacted: outcome.redacted,
  };
};

const withoutIngested = (body: DocBody): DocBody => {
  const { '@ingested': _ingested, ...rest } = body;
  return rest as DocBody;
};

const piece = fc.oneof(
  fc.constantFrom(
    'AKIAIOSFODNN7EXAMPLE',
    'ASIAY34FZKBOKMUTVV7A',
    'key=AKIAIOSFODNN7EXAMPLE;',
    'AKIAIOSFODNN7EXAMPLEX',
    'Bearer abc.def-123_XYZ',
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
    'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    'sk_live_abcdefghijklmnop1234',
    'password=hunter22',
    'secret',
    'ana@example.com',
    '203.0.113.7',
    'a"b',
    'line\nbreak',
    // An escape before a finding: its letter would hide the finding from a pattern reading the raw line.
    'line\neyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
    'tab\tBearer abc.def-123_XYZ',
    '\\u0041KIA',
  ),
  fc.string({ maxLength: 12 }),
);

describe('Privacy: a JSON line redacted before it is parsed', () => {
  it('makes the documents the walk makes, for any CloudTrail line (defaults and every detector on)', () => {
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 1, maxLength: 4 }),
        fc.array(piece, { maxLength: 2 }),
        fc.constantFrom({}, ALL_ON),
        (values, keys, config) => {
          // Prepare
          const line = cloudTrailLine(values, keys);

          // Act
          const shortcut = run(config, [line]);
          const walked = run({ ...config, ...WALKED }, [line]);

          // Assess
          expect(shortcut.bodies).toEqual(walked.bodies);
          expect(shortcut.setAside).toEqual(walked.setAside);
          expect(shortcut.reasons).toEqual(walked.reasons);
          // The line counts each finding once; the walk counts it again in each field that copies it.
          expect(Object.keys(shortcut.redacted).sort()).toEqual(Object.keys(walked.redacted).sort());
          for (const [name, count] of Object.entries(shortcut.redacted))
            expect(count).toBeLessThanOrEqual(walked.redacted[name] ?? 0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('redacts the access key id every CloudTrail record carries, without the walk, and counts it once', () => {
    // Prepare
    const line = cloudTrailLine(['ASIAY34FZKBOKMUTVV7A']);

    // Act
    const { bodies, redacted } = run({}, [line]);

    // Assess
    expect(bodies[0]).toMatchObject({ cloudtrail: { userIdentity: { accessKeyId: '[aws_key]' } } });
    expect(JSON.stringify(bodies)).not.toContain('ASIAY34FZKBOKMUTVV7A');
    expect(redacted).toEqual({ aws_access_key: 1 });
  });

  it('sets aside a record that does not parse with the message as it came, and counts nothing', () => {
    // Prepare
    const line =
      '{"eventVersion":"1.08","eventSource":"s3.amazonaws.com","accessKeyId":"AKIAIOSFODNN7EXAMPLE"';

    // Act
    const { bodies, setAside, redacted } = run({}, [line]);

    // Assess
    expect(bodies).toEqual([]);
    expect(setAside).toMatchObject([{ message: line }]);
    expect(redacted).toEqual({});
  });

  it('leaves a line longer than @message may be to the walk: a cut after redacting falls elsewhere', () => {
    // Prepare
    // 24 capitals are no access key id, but the cut leaves 20 of them before the truncation marker: the
    // walk cuts first and redacts what is left; a line redacted first would keep them.
    const line = cloudTrailLine(['none', 'AKIAIOSFODNN7EXAMPLEQQQQ']);
    const config = {
      limits: { maxMessageChars: line.indexOf('EXAMPLEQ') + 'EXAMPLE'.length },
      logGroups: [{ pattern: LOG_GROUP, type: 'cloudtrail', preserveOriginal: true }],
    };

    // Act
    const shortcut = run(config, [line]);
    const walked = run({ ...config, ...WALKED }, [line]);

    // Assess
    expect(shortcut.bodies).toEqual(walked.bodies);
    expect(shortcut.bodies[0]?.['@message']).toMatch(/"p0":"\[aws_key\]…\[truncated\]$/);
  });

  it('sets aside a record that does not parse with the reason the message as it came gives', () => {
    // Prepare
    // The parser's error names a position: in the redacted line it would point elsewhere in the raw event.
    const line = '{"eventVersion":"1.08","eventSource":"s3","k":"AKIAIOSFODNN7EXAMPLE" x}';

    // Act
    const shortcut = run({}, [line]);
    const walked = run(WALKED, [line]);

    // Assess
    expect(shortcut.reasons).toEqual(walked.reasons);
    expect(shortcut.reasons[0]).toContain(`position ${line.indexOf('x}')}`);
  });
});

describe('Redactor.jsonLine', () => {
  const redactor = Redactor.compile({ detectors: ['aws_access_key', 'secret_value'], rules: [] });
  const scopeOf = (line: string) => {
    const scope = redactor.lineScope(line);
    if (scope === undefined) throw new Error(`no line scope for ${line}`);
    return scope;
  };

  it('replaces a finding in a value and counts it', () => {
    // Prepare
    const line = '{"a":{"accessKeyId":"AKIAIOSFODNN7EXAMPLE"},"b":"AKIAIOSFODNN7EXAMPL"}';
    const counts: Record<string, number> = {};

    // Act
    const result = redactor.jsonLine(line, scopeOf(line), counts);

    // Assess
    expect(result).toBe('{"a":{"accessKeyId":"[aws_key]"},"b":"AKIAIOSFODNN7EXAMPL"}');
    expect(counts).toEqual({ aws_access_key: 1 });
  });

  it.each([
    ['a finding in a key', '{"a":"AKIAIOSFODNN7EXAMPLE","AKIAIOSFODNN7EXAMPLF" :1}'],
    ['a backslash anywhere in the line', '{"a":"AKIAIOSFODNN7EXAMPLE","b":"x\\ny"}'],
    ['a detector whose findings may cross quotes', '{"a":"AKIAIOSFODNN7EXAMPLE","password":"hunter22"}'],
  ])('refuses %s, counting nothing', (_what, line) => {
    // Prepare
    const counts: Record<string, number> = {};

    // Act
    const result = redactor.jsonLine(line, scopeOf(line), counts);

    // Assess
    expect(result).toBeUndefined();
    expect(counts).toEqual({});
  });
});

describe('PrivacyPolicy.redactJsonLine', () => {
  const line = '{"accessKeyId":"AKIAIOSFODNN7EXAMPLE"}';

  it.each([
    [
      'an event filter',
      { filters: [{ name: 'reads', type: 'cloudtrail', where: { 'cloudtrail.readOnly': true } }] },
    ],
    ['a field rule', WALKED],
  ])(
    'leaves the line to the walk where the log group has %s (it sees the document as parsed)',
    (_what, config) => {
      // Prepare
      const policy = PrivacyPolicy.compile(buildConfig(config).privacy);

      // Act
      const result = policy.redactJsonLine(line, LOG_GROUP, {}, 'stream');

      // Assess
      expect(result).toBeUndefined();
    },
  );

  it('leaves the line to the walk where the log stream holds what a detector finds', () => {
    // Prepare
    const policy = PrivacyPolicy.compile(buildConfig({}).privacy);

    // Act
    const result = policy.redactJsonLine(line, LOG_GROUP, {}, 'AKIAIOSFODNN7EXAMPLE');

    // Assess
    expect(result).toBeUndefined();
  });

  it('returns a line without findings as it is, and the line unread where every detector is off', () => {
    // Prepare
    const defaults = PrivacyPolicy.compile(buildConfig({}).privacy);
    const off = PrivacyPolicy.compile(
      buildConfig({ privacy: { detectors: Object.fromEntries(DETECTOR_NAMES.map((name) => [name, false])) } })
        .privacy,
    );
    const clean = '{"eventName":"GetObject"}';

    // Act
    const results = [
      defaults.redactJsonLine(clean, LOG_GROUP, {}, 'stream'),
      off.redactJsonLine(line, LOG_GROUP, {}, 'stream'),
    ];

    // Assess
    expect(results).toEqual([clean, line]);
  });
});
