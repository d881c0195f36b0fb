import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { buildConfig, Pipeline } from '../../../../src/pipeline';
import { BUILT_IN_DETECTORS, DETECTOR_NAMES } from '../../../../src/pipeline/privacy/detectors';
import { HintFilter, type HintStart } from '../../../../src/pipeline/privacy/hint-filter';
import { HINT_FILTER_WASM } from '../../../../src/pipeline/privacy/hint-filter-wasm';
import { caseless, Redactor } from '../../../../src/pipeline/privacy/redactor';
import { envelope } from '../../../helpers/records';

/**
 * The hint filter finds the places a hint may begin 16 characters at a time; the redactor checks each place.
 * It must never miss one: a missed hint is a detector that does not run, and a secret stored. These tests
 * hold it to the plain definition (a detector is called for exactly when its hint matches somewhere).
 */

const { compileHintFilter } = require(join(__dirname, '../../../../scripts/build-hint-filter.js')) as {
  compileHintFilter: () => Promise<Buffer>;
};

const WITH_HINT_STARTS = BUILT_IN_DETECTORS.filter((detector) => detector.hintStarts !== undefined);
const ON_BY_DEFAULT = BUILT_IN_DETECTORS.filter((detector) => detector.onByDefault).map(({ name }) => name);

/** A detector's hint as a global pattern, in its case rule. */
const hintOf = (detector: (typeof BUILT_IN_DETECTORS)[number]): RegExp =>
  new RegExp(detector.hintCaseSensitive === true ? detector.hintSource : caseless(detector.hintSource), 'g');

const startsWithAny = (text: string, starts: readonly string[], anyCase: boolean): boolean =>
  starts.some((start) =>
    anyCase ? text.toLowerCase().startsWith(start.toLowerCase()) : text.startsWith(start),
  );

/** A match of a detector's hint, in any case where it is caseless (not from its starts: they are under test). */
const hintMatch = (detector: (typeof BUILT_IN_DETECTORS)[number]) =>
  fc.stringMatching(new RegExp(`^(?:${hintOf(detector).source})$`));

/** How many of the last characters of `first` begin `second` (the most that do, short of all of `first`). */
const sharedLength = (first: string, second: string, anyCase: boolean): number => {
  const same = (a: string, b: string) => (anyCase ? a.toLowerCase() === b.toLowerCase() : a === b);
  for (let shared = Math.min(first.length, second.length) - 1; shared > 0; shared--)
    if (same(first.slice(-shared), second.slice(0, shared))) return shared;
  return 0;
};

/**
 * Two detectors' starts, the second begun inside the first where the first's end can begin it (`basic` and
 * `credential` make `basicredential`, `xoxb-` and `-----BEGIN` make `xoxb-----BEGIN`): a scan that goes on
 * from the end of the word it found misses the second.
 */
const OVERLAPPING_STARTS: readonly string[] = WITH_HINT_STARTS.flatMap((first) =>
  (first.hintStarts ?? []).flatMap((word) =>
    WITH_HINT_STARTS.filter((second) => second !== first).flatMap((second) =>
      (second.hintStarts ?? []).flatMap((next) => {
        const shared = sharedLength(word, next, second.hintCaseSensitive !== true);
        return shared === 0 ? [] : [word + next.slice(shared)];
      }),
    ),
  ),
);

/**
 * Text made of hint words in any case, their look-alikes and ordinary log text, ASCII only. Few pieces make
 * lines where most detectors are not called for, so that one missed hint shows.
 */
const logText = (minLength: number, maxPieces = 60) =>
  fc
    .array(
      fc.oneof(
        ...WITH_HINT_STARTS.map(hintMatch),
        fc.constantFrom(...OVERLAPPING_STARTS),
        fc.constantFrom(
          'api_key',
          'apiKey',
          'privatekey',
          'private-key',
          'github_pat_',
          'sk_live_',
          '\\u0041',
          '\\/',
          '\\\\u',
          'AKI',
          'ASI',
          'eyJ',
          'pw',
          'pas',
          '"sessionToken":"',
          '"principalId":"',
          '-----',
        ),
        fc.string({ unit: 'binary-ascii', maxLength: 6 }),
        fc.constantFrom(' ', '"', ':', '=', '.', '_', '-', '/', '\\'),
      ),
      { maxLength: maxPieces },
    )
    .chain((pieces) =>
      fc
        .array(fc.boolean(), { minLength: pieces.length, maxLength: pieces.length })
        .map((uppers) =>
          pieces.map((piece, index) => (uppers[index] === true ? piece.toUpperCase() : piece)).join(''),
        ),
    )
    .map((text) => (text.length >= minLength ? text : text.padStart(minLength, 'x ')));

/** The plain definition: the detectors whose hint matches somewhere; none for a `\u` or `\/` escape. */
const expected = (text: string, names: readonly string[]): string[] | undefined =>
  /\\[u/]/.test(text)
    ? undefined
    : BUILT_IN_DETECTORS.filter(
        (detector) => names.includes(detector.name) && hintOf(detector).test(text),
      ).map(({ name }) => name);

interface WebAssemblyApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}

describe('the hint filter module', () => {
  it('is what hint-filter.wat compiles to (run `npm run wasm` after editing the .wat)', async () => {
    // Act
    const compiled = await compileHintFilter();

    // Assess
    expect(compiled.toString('base64')).toBe(HINT_FILTER_WASM);
  });

  it('lays out its memory as its exported globals say, which the .wat also writes as numbers', () => {
    // Prepare
    const source = readFileSync(join(__dirname, '../../../../src/pipeline/privacy/hint-filter.wat'), 'utf8');
    // The WebAssembly API as used here (the compiler's libraries here do not declare it).
    const api = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
    const { exports } = new api.Instance(new api.Module(Buffer.from(HINT_FILTER_WASM, 'base64')), {});
    const value = (name: string): number => (exports[name] as { value: number }).value;
    const memory = (exports.memory as { buffer: ArrayBuffer }).buffer.byteLength;

    // Act
    const [tables, text, capacity, found] = ['tables_at', 'text_at', 'text_capacity', 'found_at'].map(value);

    // Assess: the tables (4 positions of 32 bytes) before the text, the text and the 19 bytes read past its
    // end before the places found, and a place for every character within the memory.
    expect(tables).toBe(0);
    expect((tables ?? 0) + 4 * 32).toBeLessThanOrEqual(text ?? 0);
    expect((text ?? 0) + (capacity ?? 0) + 19).toBeLessThanOrEqual(found ?? 0);
    expect((found ?? 0) + 4 * (capacity ?? 0)).toBeLessThanOrEqual(memory);
    expect(source).toContain(`(v128.load offset=${text} (local.get $at))`);
    expect(source).toContain(`(local.set $found (i32.const ${found}))`);
    expect(source).toContain(`(i32.sub (local.get $found) (i32.const ${found}))`);
  });

  it('runs here, so the tests below hold the filter and not the scans it falls back on', () => {
    // Act
    const filter = HintFilter.compile([{ text: 'token', caseless: true }]);

    // Assess
    expect(filter).toBeDefined();
    expect([...(filter?.candidates('{"sessionToken":"x", "TOKEN": 1}') ?? [])]).toEqual([9, 22]);
  });
});

describe('HintFilter.candidates', () => {
  it('lets through every place one of its words begins, in the word case rule', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            text: fc.string({ unit: fc.constantFrom(...'abkKS:/._-\\AIyJ"'), minLength: 1, maxLength: 6 }),
            caseless: fc.boolean(),
          }),
          { minLength: 1, maxLength: 24 },
        ),
        logText(0),
        (starts: HintStart[], text) => {
          // Prepare
          const filter = HintFilter.compile(starts);

          // Act
          const places = new Set(filter?.candidates(text));

          // Assess
          for (let at = 0; at < text.length; at++) {
            const rest = text.slice(at);
            const begins = starts.some(({ text: word, caseless: anyCase }) =>
              anyCase ? rest.toLowerCase().startsWith(word.toLowerCase()) : rest.startsWith(word),
            );
            if (begins) expect(places.has(at)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds a short word at the very end after a longer non-ASCII text left its bytes behind', () => {
    // Prepare: a longer text leaves bytes from 0x80 up after where `pwd` ends.
    const filter = HintFilter.compile([{ text: 'pwd', caseless: true }]);
    expect(filter?.candidates(`${'é'.repeat(200)}`)).toEqual(new Uint32Array([]));

    // Act
    const places = filter?.candidates(`${'x'.repeat(97)}PWD`);

    // Assess
    expect([...(places ?? [])]).toEqual([97]);
  });

  it('answers for each filter with its own words when two take turns', () => {
    // Prepare
    const tokens = HintFilter.compile([{ text: 'token', caseless: true }]);
    const keys = HintFilter.compile([{ text: 'AKIA', caseless: false }]);
    const text = 'a token and AKIAIOSFODNN7EXAMPLE';

    // Act
    const first = [...(tokens?.candidates(text) ?? [])];
    const second = [...(keys?.candidates(text) ?? [])];
    const again = [...(tokens?.candidates(text) ?? [])];

    // Assess
    expect(first).toEqual([2]);
    expect(second).toEqual([12]);
    expect(again).toEqual([2]);
  });

  it('reads non-ASCII text at the string own positions, and declines a text over 256 KiB', () => {
    // Prepare
    const filter = HintFilter.compile([{ text: 'token', caseless: true }]);

    // Act + Assess: `é` is one UTF-16 unit, the emoji two; `ŧ` (U+0167) and `ŭ` (U+016D) have the low bytes
    // of `g` and `m`, and let nothing through that is not there.
    expect(filter?.candidates('é😀 token ✓ TOKEN')).toEqual(new Uint32Array([4, 12]));
    expect(filter?.candidates('ŧoken ŭ token')).toEqual(new Uint32Array([8]));
    expect(HintFilter.compile([{ text: 'tökén', caseless: true }])).toBeUndefined();
    expect(filter?.candidates('t'.repeat(262_145))).toBeUndefined();
    expect(filter?.candidates(`${'t'.repeat(262_139)}token`)).toEqual(new Uint32Array([262_139]));
  });
});

describe('Detector.hintStarts', () => {
  it.each(WITH_HINT_STARTS.map((detector) => [detector.name, detector] as const))(
    '%s: every match of its hint begins with one of its starts',
    (_name, detector) => {
      const anyCase = detector.hintCaseSensitive !== true;
      fc.assert(
        fc.property(fc.stringMatching(new RegExp(hintOf(detector).source)), (text) => {
          // Act
          const matches = [...text.matchAll(hintOf(detector))].map(([match]) => match);

          // Assess
          expect(matches.length).toBeGreaterThan(0);
          for (const match of matches)
            expect(startsWithAny(match, detector.hintStarts ?? [], anyCase)).toBe(true);
        }),
        { numRuns: 200 },
      );
    },
  );

  it('is left out only where the hint is a digit or a colon, found all over logs', () => {
    // Act
    const without = BUILT_IN_DETECTORS.filter((detector) => detector.hintStarts === undefined);

    // Assess
    expect(without.map(({ name }) => name)).toEqual(['card_number', 'ipv4', 'ipv6']);
  });
});

describe('Redactor: the detectors a line calls for, through the filter', () => {
  it.each([
    ['the default detectors', ON_BY_DEFAULT],
    ['every detector with hint starts', WITH_HINT_STARTS.map(({ name }) => name)],
  ])('%s: exactly the detectors whose hint the line holds', (_label, names) => {
    // Prepare
    const redactor = Redactor.compile({ detectors: names, rules: [], filterAfterChars: 0 });

    fc.assert(
      fc.property(logText(96), (text) => {
        // Act
        const scope = redactor.lineScope(text);

        // Assess
        expect(scope?.detectors.map(({ detector }) => detector.name)).toEqual(expected(text, names));
      }),
      { numRuns: 400 },
    );
  });

  it('reads a non-ASCII line through the filter; while card numbers are on, every line through the scans', () => {
    // Prepare
    const line = `{"msg":"café token=abc AKIAIOSFODNN7EXAMPLE ${'x'.repeat(100)}"}`;
    const defaults = Redactor.compile({ detectors: ON_BY_DEFAULT, rules: [], filterAfterChars: 0 });
    const withCards = Redactor.compile({
      detectors: [...ON_BY_DEFAULT, 'card_number'],
      rules: [],
      filterAfterChars: 0,
    });
    const reads = jest.spyOn(HintFilter.prototype, 'candidates');
    const compile = jest.spyOn(HintFilter, 'compile');

    // Act
    const viaFilter = defaults.lineScope(line)?.detectors.map(({ detector }) => detector.name);
    const readByFilter = reads.mock.results.map(({ value }) => value !== undefined);
    const viaScans = withCards.lineScope(line)?.detectors.map(({ detector }) => detector.name);

    // Assess: the filter read the line; with cards on it was never built, and the scans agree.
    expect(viaFilter).toEqual(['aws_access_key', 'secret_value']);
    expect(readByFilter).toEqual([true]);
    expect(viaScans).toEqual(viaFilter);
    expect(compile).toHaveBeenCalledTimes(1);
    jest.restoreAllMocks();
  });
});

describe('Redactor: when the hint filter is built', () => {
  afterEach(() => jest.restoreAllMocks());

  it('only once the scans have read as many characters of long lines as it costs to build', () => {
    // Prepare
    const compile = jest.spyOn(HintFilter, 'compile');
    const redactor = Redactor.compile({ detectors: ON_BY_DEFAULT, rules: [], filterAfterChars: 1_000 });
    const line = (index: number): string => `{"n":${index},"sessionToken":"abc","pad":"${'x'.repeat(180)}"}`;

    // Act
    const early = [1, 2, 3, 4].map((index) => redactor.lineScope(line(index)));
    const builtEarly = compile.mock.calls.length;
    const short = redactor.lineScope('token=abc');
    const later = [5, 6, 7, 8].map((index) => redactor.lineScope(line(index)));

    // Assess: 4 lines of about 210 characters stay under 1,000; the fifth goes over, and builds it once.
    expect(builtEarly).toBe(0);
    expect(compile).toHaveBeenCalledTimes(1);
    expect(short?.detectors.map(({ detector }) => detector.name)).toEqual(['secret_value']);
    for (const scope of [...early, ...later])
      expect(scope?.detectors.map(({ detector }) => detector.name)).toEqual(['secret_value']);
  });

  it('never while a detector without hint starts is on (the scans find its hint)', () => {
    // Prepare
    const compile = jest.spyOn(HintFilter, 'compile');
    const redactor = Redactor.compile({ detectors: ['card_number'], rules: [], filterAfterChars: 0 });

    // Act
    const scope = redactor.lineScope(`${'x'.repeat(120)} 4111 1111 1111 1111`);

    // Assess
    expect(compile).not.toHaveBeenCalled();
    expect(scope?.detectors.map(({ detector }) => detector.name)).toEqual(['card_number']);
  });
});

describe('Redactor: the detectors a line calls for, through the two scans', () => {
  const WITH_STARTS = WITH_HINT_STARTS.map(({ name }) => name);

  it.each([
    ['a line shorter than the filter reads', WITH_STARTS, (text: string) => text.slice(0, 95)],
    ['a non-ASCII line', WITH_STARTS, (text: string) => `é ${text}`],
    ['a line while card numbers are on', [...WITH_STARTS, 'card_number'], (text: string) => text],
  ])('%s: exactly the detectors whose hint the line holds', (_label, names, lineOf) => {
    // Prepare
    const redactor = Redactor.compile({ detectors: names, rules: [] });

    fc.assert(
      fc.property(logText(0, 6).map(lineOf), (text) => {
        // Act
        const scope = redactor.lineScope(text);

        // Assess
        expect(scope?.detectors.map(({ detector }) => detector.name)).toEqual(expected(text, names));
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['bearer_token', 'secret_value', 'auth basicredentials=hunter22'],
    ['provider_token', 'private_key', 'xoxb-----BEGIN RSA PRIVATE KEY-----MIIEow'],
  ])(
    'calls for %s and %s when the second hint begins inside the first (%s), short or long',
    (first, second, line) => {
      // Prepare
      const redactor = Redactor.compile({ detectors: [first, second], rules: [], filterAfterChars: 0 });
      const long = line.padEnd(120, ' x');

      // Act
      const short = redactor.lineScope(line)?.detectors.map(({ detector }) => detector.name);
      const filtered = redactor.lineScope(long)?.detectors.map(({ detector }) => detector.name);

      // Assess
      expect(line.length).toBeLessThan(96);
      expect(short).toEqual([first, second].sort(byDetectorOrder));
      expect(filtered).toEqual(short);
    },
  );

  it('stores no password named after a basic credential, in a short Lambda line', () => {
    // Prepare
    const line = 'auth basicredentials=hunter22';

    // Act
    const { docs, redacted } = new Pipeline(buildConfig({})).processEnvelope(
      envelope('/aws/lambda/checkout', [line]),
      { recordIndex: 0 },
    );

    // Assess
    expect(docs).toHaveLength(1);
    expect(JSON.stringify(docs[0]?.body)).not.toContain('hunter22');
    expect(redacted).toEqual({ secret_value: 1 });
  });
});

describe('Pipeline: the same documents with the hint filter as with the two scans alone', () => {
  // The pipelines' redactors build their filter at once, not after 2 MB of lines.
  const compile = Redactor.compile.bind(Redactor);
  beforeEach(() => {
    jest.spyOn(Redactor, 'compile').mockImplementation((input) => compile({ ...input, filterAfterChars: 0 }));
  });
  afterEach(() => jest.restoreAllMocks());

  /** Detectors switched per log group: the groups' redactors take turns on the filter's one instance. */
  const CONFIG = {
    privacy: {
      detectors: { email: true },
      overrides: [
        { logGroup: '/ecs/*', detectors: { secret_value: false, jwt: false } },
        { logGroup: 'aws-cloudtrail-*', detectors: { bearer_token: false, url_credentials: false } },
        // ipv4 has no hint starts: this group's lines always go through the scans.
        { logGroup: '/aws/lambda/*', detectors: { ipv4: true } },
      ],
    },
  };
  const GROUPS = ['/ecs/api', 'aws-cloudtrail-logs-123456789012-prod', '/aws/lambda/checkout', '/app/web'];
  const SECRETS = [
    'AKIAIOSFODNN7EXAMPLE',
    'PaSsWoRd: hunter22',
    'BeArEr abc.def-123_XYZ',
    'basicredentials=hunter23',
    'ana@example.com',
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
    'postgres://app:S3cretPass@db:5432/x',
    'xoxb-1234567890-abcdef',
    'pass\\u0077ord=hunter24',
  ];
  /** A line of about the filter's shortest length, plain or JSON, sometimes with a non-ASCII character. */
  const line = fc
    .tuple(
      fc.array(fc.oneof(fc.constantFrom(...SECRETS), logText(0, 3), fc.constantFrom('é', '\u007f', ' ')), {
        maxLength: 5,
      }),
      fc.integer({ min: 80, max: 112 }),
      fc.boolean(),
    )
    .map(([pieces, length, json]) => {
      const text = pieces.join(' ').padEnd(length, ' x');
      return json ? JSON.stringify({ level: 'info', msg: text }) : text;
    });

  /** The documents, set-aside events and counts of the batches, without the ingestion time. */
  const run = (pipeline: Pipeline, batches: readonly (readonly [string, string[]])[]) =>
    batches.map(([logGroup, lines]) => {
      const outcome = pipeline.processEnvelope(envelope(logGroup, lines), { recordIndex: 0 });
      return {
        docs: outcome.docs.map(({ body }) => ({ ...body, '@ingested': undefined })),
        setAside: outcome.setAside.map(({ raw, reason }) => ({ raw, reason })),
        redacted: outcome.redacted,
      };
    });

  it('for any lines in any log groups', () => {
    // Prepare: a pipeline each way, so that neither sees the scopes the other remembered.
    const withFilter = new Pipeline(buildConfig(CONFIG));
    const withScans = new Pipeline(buildConfig(CONFIG));
    let filterRead = 0;

    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...GROUPS), fc.array(line, { minLength: 1, maxLength: 3 })), {
          minLength: 1,
          maxLength: 3,
        }),
        (batches) => {
          // Act
          const reads = jest.spyOn(HintFilter.prototype, 'candidates');
          const filtered = run(withFilter, batches);
          filterRead += reads.mock.results.filter(({ value }) => value !== undefined).length;
          reads.mockRestore();
          const scans = jest.spyOn(HintFilter.prototype, 'candidates').mockReturnValue(undefined);
          let scanned: ReturnType<typeof run>;
          try {
            scanned = run(withScans, batches);
          } finally {
            scans.mockRestore();
          }

          // Assess
          expect(filtered).toEqual(scanned);
        },
      ),
      { numRuns: 300 },
    );

    // Assess: the comparison held the filter, not the scans on both sides.
    expect(filterRead).toBeGreaterThan(100);
  });
});

/** Orders detector names as BUILT_IN_DETECTORS lists them (the order a scope lists them in). */
const byDetectorOrder = (a: string, b: string): number =>
  DETECTOR_NAMES.indexOf(a) - DETECTOR_NAMES.indexOf(b);

/**
 * Any UTF-16 unit, and most often one the filter reads as a hint letter: the filter takes a unit's low byte
 * (`Ŵ` U+0174 is `t`, `š` U+0161 is `a`), so these let places through that the checks must turn down, and
 * lone surrogates, U+0000, U+FFFF and astral characters stand where a scan of bytes could lose its place.
 */
const anyUnit = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  fc
    .constantFrom(...new Set(WITH_HINT_STARTS.flatMap(({ hintStarts }) => [...(hintStarts ?? []).join('')])))
    .chain((char) => {
      const code = char.charCodeAt(0);
      return fc.constantFrom(code + 0x100, code + 0xff00, code | 0x80, (code ^ 0x20) + 0x100);
    })
    .map((code) => String.fromCharCode(code)),
  fc.constantFrom('\u0000', '\uffff', '\ud800', '\udfff', '😀', '\n', '\u2028', 'é'),
);

/** A line of hint words and look-alikes with any UTF-16 units among them (see {@link anyUnit}). */
const anyLine = fc
  .array(
    fc.oneof(
      logText(0, 3),
      fc.array(anyUnit, { maxLength: 5 }).map((units) => units.join('')),
    ),
    {
      maxLength: 8,
    },
  )
  .map((pieces) => pieces.join(''));

describe('Redactor.scopeLines: an envelope read in one pass', () => {
  const names = (scope: ReturnType<Redactor['lineScope']>): string[] | undefined =>
    scope?.detectors.map(({ detector }) => detector.name);
  /** A spy on the redactor's own reading of one line (the filter alone, or the scans): what the batch saves. */
  const readsAlone = (redactor: Redactor) =>
    jest.spyOn(redactor as unknown as { hintsIn: (text: string) => number | undefined }, 'hintsIn');

  afterEach(() => jest.restoreAllMocks());

  it('gives each line the scope it has alone, asked in order, with lines passed by, or not in the batch', () => {
    // Prepare: lines that end in the first characters of a hint the next one finishes (`to` + `ken`).
    const batched = Redactor.compile({ detectors: ON_BY_DEFAULT, rules: [], filterAfterChars: 0 });
    const alone = Redactor.compile({ detectors: ON_BY_DEFAULT, rules: [], filterAfterChars: 0 });
    const line = fc.oneof(
      logText(0, 6),
      fc.constantFrom('to', 'ken=abc', 'AKIA', 'IOSFODNN7EXAMPLE', 'a\nb token=x', 'é token=y', ''),
    );
    const readAlone = readsAlone(batched);
    let asks = 0;

    fc.assert(
      fc.property(
        fc.array(line, { minLength: 2, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 14 }),
        (lines, order) => {
          // Act: the lines asked in order, each perhaps after another line or a line not in the batch.
          batched.scopeLines(lines);
          const asked = lines.flatMap((text, index) => {
            const before = order[index] ?? 0;
            const detour = before % 5 === 1 ? [lines[before % lines.length] as string] : [];
            return before % 5 === 2 ? [] : [...detour, before % 5 === 3 ? `${text} secret=1` : text];
          });
          asks += asked.length;

          // Assess
          for (const text of asked)
            expect(names(batched.lineScope(text))).toEqual(names(alone.lineScope(text)));
        },
      ),
      { numRuns: 300 },
    );

    // Assess: most lines were answered from the batch, so the comparison held it, not the lines read alone.
    expect(readAlone.mock.calls.length).toBeLessThan(asks / 2);
  });

  it('gives a line of any UTF-16 units the detectors its hints call for, batched or alone, in any order', () => {
    // Prepare
    const detectors = WITH_HINT_STARTS.map(({ name }) => name);
    const redactor = Redactor.compile({ detectors, rules: [], filterAfterChars: 0 });
    const reads = jest.spyOn(HintFilter.prototype, 'candidates');

    fc.assert(
      fc.property(
        fc.array(anyLine, { minLength: 2, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.boolean(),
        (short, order, long) => {
          // Act: the lines (long enough for the filter alone, or not), asked in any order, then alone.
          const lines = long ? short.map((line) => line.padStart(100, 'é')) : short;
          redactor.scopeLines(lines);
          const asked = [...order.map((index) => lines[index % lines.length] as string), ...lines];

          // Assess
          for (const text of asked)
            expect(names(redactor.lineScope(text))).toEqual(expected(text, detectors));
        },
      ),
      { numRuns: 300 },
    );

    // Assess: the filter read the lines, not the scans.
    expect(reads.mock.results.filter(({ value }) => value !== undefined).length).toBeGreaterThan(300);
  });

  it('gives each line its own hints in whatever window it falls, around what the filter holds', () => {
    // Prepare: lines of a few characters, a quarter, a half or all of what the filter holds, give or take,
    // a hint word perhaps at each end (the last one in a window is next to the separator or the end).
    const detectors = WITH_HINT_STARTS.map(({ name }) => name);
    const redactor = Redactor.compile({ detectors, rules: [], filterAfterChars: 0 });
    const capacity = HintFilter.compile([{ text: 'x', caseless: false }])?.capacity ?? 0;
    const word = fc.option(fc.constantFrom('@', '://', 'pwd', '.eyJ', 'AKIA', 'token', 'xoxb-', '\\u'), {
      nil: '',
    });
    const around = (length: number) => fc.integer({ min: length - 6, max: length + 2 });
    const line = fc
      .tuple(
        fc.oneof(fc.nat(4), around(capacity / 4), around(capacity / 2), around(capacity)),
        word,
        word,
        fc.constantFrom('x', 'Ŵ', '\n', ' '),
      )
      .map(
        ([length, head, tail, fill]) =>
          head + fill.repeat(Math.max(0, length - head.length - tail.length)) + tail,
      );
    const reads = jest.spyOn(HintFilter.prototype, 'candidates');

    fc.assert(
      fc.property(fc.array(line, { minLength: 2, maxLength: 6 }), (lines) => {
        // Act
        redactor.scopeLines(lines);

        // Assess
        for (const text of lines) expect(names(redactor.lineScope(text))).toEqual(expected(text, detectors));
      }),
      { numRuns: 60 },
    );

    // Assess: windows were read by the filter.
    expect(capacity).toBe(262_144);
    expect(reads.mock.results.filter(({ value }) => value !== undefined).length).toBeGreaterThan(60);
  });

  it('reads the batch in one pass of the filter, and no line again', () => {
    // Prepare
    const redactor = Redactor.compile({ detectors: ON_BY_DEFAULT, rules: [], filterAfterChars: 0 });
    const lines = ['GET /health 200', 'user=ana token=abc', 'AKIAIOSFODNN7EXAMPLE', 'done'];
    redactor.lineScope('x'.repeat(100)); // builds the filter
    const reads = jest.spyOn(HintFilter.prototype, 'candidates');
    const readAlone = readsAlone(redactor);

    // Act
    redactor.scopeLines(lines);
    const scopes = lines.map((text) => names(redactor.lineScope(text)));

    // Assess
    expect(reads).toHaveBeenCalledTimes(1);
    expect(readAlone).not.toHaveBeenCalled();
    expect(scopes).toEqual([[], ['secret_value'], ['aws_access_key'], []]);
  });

  it('keeps its place through a log repeating one line more often than it looks ahead', () => {
    // Prepare
    const redactor = Redactor.compile({ detectors: ON_BY_DEFAULT, rules: [], filterAfterChars: 0 });
    redactor.lineScope('x'.repeat(100)); // builds the filter
    const repeated = 'GET /health 200';
    const lines = [
      ...Array.from({ length: 12 }, () => repeated),
      'token=abc',
      'done',
      'AKIAIOSFODNN7EXAMPLE',
    ];
    const readAlone = readsAlone(redactor);

    // Act
    redactor.scopeLines(lines);
    const scopes = lines.map((text) => names(redactor.lineScope(text)));

    // Assess
    expect(readAlone).not.toHaveBeenCalled();
    expect(scopes.slice(-3)).toEqual([['secret_value'], [], ['aws_access_key']]);
  });

  it('reads an envelope over what the filter holds in windows, and a line longer than that alone', () => {
    // Prepare: four lines of 100,000 characters (two windows of two), then one of 300,000.
    const redactor = Redactor.compile({ detectors: ON_BY_DEFAULT, rules: [], filterAfterChars: 0 });
    const pad = (text: string, length: number): string => text.padEnd(length, ' x');
    const lines = [
      pad('a token=abc', 100_000),
      pad('plain', 100_000),
      pad('AKIAIOSFODNN7EXAMPLE', 100_000),
      `${pad('more', 99_990)}Bearer abc.def-123`,
      pad('-----BEGIN RSA PRIVATE KEY-----', 300_000),
    ];
    const reads = jest.spyOn(HintFilter.prototype, 'candidates');

    // Act
    redactor.scopeLines(lines);
    const batchReads = reads.mock.calls.length;
    const scopes = lines.map((text) => names(redactor.lineScope(text)));

    // Assess
    expect(batchReads).toBe(2);
    expect(scopes).toEqual([
      ['secret_value'],
      [],
      ['aws_access_key'],
      ['bearer_token'],
      ['private_key', 'secret_value'],
    ]);
  });
});
