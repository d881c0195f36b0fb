import fc from 'fast-check';
import { DETECTOR_NAMES, passesLuhn, Redactor } from '../../../../src/pipeline/privacy';
import { caseless } from '../../../../src/pipeline/privacy/redactor';

const redactWith = (detector: string, text: string, ipField = false) => {
  const counts: Record<string, number> = {};
  const result = Redactor.compile({ detectors: [detector], rules: [] }).text(text, counts, ipField);
  return { result, count: counts[detector] ?? 0 };
};

/**
 * Each detector: texts where it must find something (and what is left), and look-alikes it must leave alone.
 * The found texts include JSON text (a JSON log's `@message`, CloudTrail's request parameters): a finding right
 * after an escape ending in a letter or digit (`\n`, `\t`, `\u0022`), and one hidden by `\/` or `\uXXXX`, found
 * with those decoded (the text is then stored decoded; a quote stays escaped, so JSON text stays JSON text).
 */
const SAMPLES: Record<string, { found: Array<[string, string]>; kept: string[] }> = {
  aws_access_key: {
    found: [
      ['"\\u0022AKIAIOSFODNN7EXAMPLE"', '"\\u0022[aws_key]"'],
      ['{"x":"\\u0041KIAIOSFODNN7EXAMPLE \\u0022"}', '{"x":"[aws_key] \\u0022"}'],
      ['key AKIAIOSFODNN7EXAMPLE used', 'key [aws_key] used'],
      ['"accessKeyId":"ASIAXD4QK2M7P0O9I8U7"', '"accessKeyId":"[aws_key]"'],
    ],
    kept: ['AKIAIOSFODNN7EXAMPL', 'XAKIAIOSFODNN7EXAMPLE', 'AROAXD4QK2M7MNB8V7C6X', 'akiaiosfodnn7example'],
  },
  aws_secret_key: {
    found: [
      [
        'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        'aws_secret_access_key = [aws_secret]',
      ],
      ['"SecretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"', '"SecretAccessKey":"[aws_secret]"'],
    ],
    kept: ['secret: short', 'a 40 char value wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY with no name'],
  },
  url_credentials: {
    found: [
      ['{"db":"postgres:\\/\\/app:S3cretPass@db"}', '{"db":"postgres://app:[secret]@db"}'],
      ['db postgres://app:S3cretPass@db:5432/x', 'db postgres://app:[secret]@db:5432/x'],
      ['redis://:p4ssw0rd@cache:6379', 'redis://:[secret]@cache:6379'],
    ],
    kept: ['https://example.com:8443/path', 'git@github.com:org/repo.git', 'http://host/a:b@c'],
  },
  provider_token: {
    found: [
      ['x\\tghp_abcdefghijklmnopqrstuvwxyz0123456789', 'x\\t[token]'],
      ['token ghp_abcdefghijklmnopqrstuvwxyz0123456789 ok', 'token [token] ok'],
      ['key sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'key [token]'],
      ['slack xoxb-123456789012-abcdefghij', 'slack [token]'],
    ],
    kept: ['ghp_short', 'task_live_update'],
  },
  private_key: {
    found: [
      ['half -----BEGIN PRIVATE KEY-----\nMIIEvQIBADAN', 'half [private_key]'],
      [
        'key -----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY----- end',
        'key [private_key] end',
      ],
    ],
    kept: ['-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----'],
  },
  jwt: {
    found: [
      ['x\\neyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig', 'x\\n[jwt]'],
      [
        'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U ok',
        'jwt [jwt] ok',
      ],
    ],
    kept: ['eyJhbGciOiJIUzI1NiJ9 alone', 'not.a.jwt'],
  },
  bearer_token: {
    found: [
      ['{"msg":"x\\nBearer abc.def-123_XYZ"}', '{"msg":"x\\nBearer [bearer_token]"}'],
      ['a\\u00EBBasic dXNlcjpwYXNzd29yZA==', 'aëBasic [bearer_token]'],
      ['Authorization: Bearer abc.def-123_XYZ', 'Authorization: Bearer [bearer_token]'],
      ['authorization=bearer mF_9.B5f-4.1JqM', 'authorization=bearer [bearer_token]'],
      ["curl -H 'Authorization: Basic dXNlcjpodW50ZXIy'", "curl -H 'Authorization: Basic [bearer_token]'"],
    ],
    kept: ['the bearer of bad news', 'Bearer', 'basic setup done', 'token_type=Bearer expires_in=3600'],
  },
  secret_value: {
    found: [
      ['{"k":"pass\\u0077ord=hunter22","q":"a\\"b"}', '{"k":"password=[secret]","q":"a\\"b"}'],
      ['login password=hunter22 ok', 'login password=[secret] ok'],
      ['{"sessionToken":"IQoJb3JpZ2luX2Vj","x":1}', '{"sessionToken":"[secret]","x":1}'],
      ['client_secret: s3cr3tvalue', 'client_secret: [secret]'],
      ['api_key="abcd1234efgh"', 'api_key="[secret]"'],
      ['password=Tr0ub4dor&3 then', 'password=[secret] then'],
      ['/login?user=ana&password=abcd1234&next=/home', '/login?user=ana&password=[secret]&next=/home'],
      ['{"password":"correct horse battery staple"}', '{"password":"[secret]"}'],
      [
        '{"body":"{\\"user\\":\\"ana\\",\\"password\\":\\"hunter22\\"}"}',
        '{"body":"{\\"user\\":\\"ana\\",\\"password\\":\\"[secret]\\"}"}',
      ],
      [
        '{"privateKey":"abcdef123456","credentials":"c3VwZXI="}',
        '{"privateKey":"[secret]","credentials":"[secret]"}',
      ],
      ['x-api-key: 0123456789abcdef', 'x-api-key: [secret]'],
      ['Server=db;Uid=app;Pwd=hunter22;', 'Server=db;Uid=app;Pwd=[secret];'],
    ],
    kept: [
      'password reset requested',
      'nextToken=abcdef123',
      '"clientToken":"c8a4f2e1-3b5d"',
      'token=abc',
      'PWD=/var/task',
      'password: none',
      'secret: false',
      '"password":"****"',
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf',
      '"secret_name":"prod/db"',
    ],
  },
  email: {
    found: [
      ['mail ana.maria+logs@example.co.uk now', 'mail [email] now'],
      ['<joao@example.com>', '<[email]>'],
      ['{"to":"x\\nana@example.com"}', '{"to":"x\\n[email]"}'],
    ],
    kept: ['user@localhost', 'a @ b', '@example.com', 'version@1.2'],
  },
  card_number: {
    found: [
      ['card\\u00e94111111111111111', 'cardé[card_number]'],
      ['card 4111 1111 1111 1111 paid', 'card [card_number] paid'],
      ['pan=5500-0000-0000-0004;', 'pan=[card_number];'],
      ['4012888888881881', '[card_number]'],
      ['card:4111111111111111', 'card:[card_number]'],
    ],
    kept: [
      'order 4111111111111112',
      'id 1234567890123',
      'phone 0044 20 7946 0958',
      '12345678901234567890123',
    ],
  },
  ipv4: {
    found: [
      ['from\\r10.0.0.1', 'from\\r[ipv4]'],
      ['from 203.0.113.7 to', 'from [ipv4] to'],
      ['ip=10.20.33.187,', 'ip=[ipv4],'],
    ],
    kept: [
      'v1.2.3.4',
      'version 10.2.0.1',
      'Version: 10.2.0.1',
      'node/18.17.1.0',
      '1.2.3.4.5',
      '256.1.1.1',
      '1.2.3',
      'v3.11.8.1',
    ],
  },
  ipv6: {
    found: [
      ['to\\n2001:db8::1', 'to\\n[ipv6]'],
      ['from 2001:db8::8a2e:370:7334 to', 'from [ipv6] to'],
      ['peer fe80::1', 'peer [ipv6]'],
    ],
    kept: ['at 12:30:45', 'ratio 16:9', 'key:value:pair'],
  },
};

describe('Privacy: built-in detectors', () => {
  it('has samples for every built-in detector', () => {
    // Assess
    expect(Object.keys(SAMPLES).sort()).toEqual([...DETECTOR_NAMES].sort());
  });

  describe.each(Object.entries(SAMPLES))('%s', (name, samples) => {
    it.each(samples.found)('finds what is in %j', (text, expected) => {
      // Act
      const { result, count } = redactWith(name, text);

      // Assess
      expect(result).toBe(expected);
      expect(count).toBeGreaterThan(0);
    });

    it.each(samples.kept)('leaves the look-alike %j alone', (text) => {
      // Act
      const { result, count } = redactWith(name, text);

      // Assess
      expect(result).toBe(text);
      expect(count).toBe(0);
    });
  });

  it('leaves a text whose escapes hide nothing exactly as it came, and reads an escaped backslash as one', () => {
    // Prepare
    const texts = ['{"path":"\\/var\\/task","e":"caf\\u00e9"}', 'a \\\\u0041KIAIOSFODNN7EXAMPLE'];

    // Act
    const results = texts.map((text) => redactWith('aws_access_key', text).result);

    // Assess
    expect(results).toEqual(texts);
  });

  it('leaves addresses in fields the field table types ip alone, even with the address detectors on', () => {
    // Act
    const v4 = redactWith('ipv4', '10.0.1.5', true);
    const v6 = redactWith('ipv6', '2001:db8::1', true);

    // Assess
    expect([v4.result, v6.result]).toEqual(['10.0.1.5', '2001:db8::1']);
  });

  it('checks card numbers with Luhn', () => {
    // Assess
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(passesLuhn('')).toBe(false);
    expect(passesLuhn('41x1')).toBe(false);
  });
});

describe('Privacy: redaction properties', () => {
  const everything = Redactor.compile({ detectors: [...DETECTOR_NAMES], rules: [] });
  const secrets = fc.constantFrom(
    'AKIAIOSFODNN7EXAMPLE',
    'password=hunter22',
    'Bearer abc.def123',
    'ana@example.com',
    '4111 1111 1111 1111',
    '203.0.113.7',
    '2001:db8::1',
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
  );
  const text = fc
    .array(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), secrets), { maxLength: 8 })
    .map((parts) => parts.join(' '));

  it('never throws, and redacting twice changes nothing more', () => {
    fc.assert(
      fc.property(text, (input) => {
        // Act
        const once = everything.text(input, {}, false);
        const twice = everything.text(once, {}, false);

        // Assess
        expect(twice).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves none of the known secrets behind', () => {
    fc.assert(
      fc.property(fc.array(secrets, { minLength: 1, maxLength: 5 }), fc.string(), (found, noise) => {
        // Prepare
        const input = found.map((secret) => `${noise} ${secret} ${noise}`).join('\n');

        // Act
        const result = everything.text(input, {}, false);

        // Assess
        for (const secret of found)
          expect(result.includes(`${secret} `) && !noise.includes(secret)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('scans hostile megabyte texts without blowing up (every pattern is anchored, so the scan is linear)', () => {
    // Prepare
    const hostile = [
      'a'.repeat(1_000_000),
      `${'a'.repeat(500_000)}@${'b'.repeat(500_000)}`,
      '1'.repeat(1_000_000),
      '1.'.repeat(500_000),
      ':'.repeat(1_000_000),
      'password='.repeat(100_000),
      `secret${'x'.repeat(1_000_000)}`,
      'secret'.repeat(170_000),
      `password:"${'a'.repeat(1_000_000)}`,
      'password:"'.repeat(100_000),
      `-----BEGIN PRIVATE KEY-----${'A'.repeat(1_000_000)}`,
      'eyJ'.repeat(300_000),
    ];

    // Act
    const results = hostile.map((input) => everything.text(input, {}, false));

    // Assess: every input came back (a quadratic scan of a megabyte would not finish within the test timeout)
    expect(results).toHaveLength(hostile.length);
  });
});

describe('Privacy: caseless', () => {
  it('spells a pattern case-insensitively without the i flag, inside and outside classes, escapes kept', () => {
    // Act
    const source = caseless('gh[pou]_|\\d{4}|api.?key');

    // Assess
    expect(source).toBe('[gG][hH][pPoOuU]_|\\d{4}|[aA][pP][iI].?[kK][eE][yY]');
    expect(new RegExp(source).test('GHO_ x')).toBe(true);
    expect(new RegExp(source).test('dddd')).toBe(false);
  });
});
