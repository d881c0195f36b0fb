import { ConfigError } from '../../core';
import { addCounts } from '../counts';
import { BUILT_IN_DETECTORS, type Detector } from './detectors';

/** A user's own rule: a regular expression and what to put in its place. */
export interface CustomRule {
  readonly name: string;
  readonly pattern: string;
  /** Default: `[<name>]`. */
  readonly replacement?: string;
  /** Regular expression flags besides `g` (added always), e.g. `i`. */
  readonly flags?: string;
}

/** A detector with its hints compiled: the per-text gate and the test of a word a line scan found. */
export interface ArmedDetector {
  readonly detector: Detector;
  /**
   * Its pattern, without the `d` flag when no group marks the part replaced: group positions cost more
   * than the search itself on a short text, and only a marked part needs them.
   */
  readonly pattern: RegExp;
  /** Its hint as a test of one text; undefined for a custom rule, which always runs. */
  readonly hint: RegExp | undefined;
  /** Whether a word a line scan found is one of its own hints; undefined for a custom rule. */
  readonly owns: RegExp | undefined;
}

/** The detectors a raw log line calls for (see {@link Redactor.lineScope}). */
export interface LineScope {
  readonly detectors: readonly ArmedDetector[];
  /** The shortest text any of them can find something in: shorter strings are passed by unread. */
  readonly minLength: number;
  /** Some detector of the scope judges fields by their name (`json.password`). */
  readonly fieldNames: boolean;
  /** Every detector of the scope finds only text inside one JSON string (see `Detector.staysInJsonString`). */
  readonly staysInJsonString: boolean;
}

const NOTHING_CALLED_FOR: LineScope = {
  detectors: [],
  minLength: Number.POSITIVE_INFINITY,
  fieldNames: false,
  staysInJsonString: true,
};

/**
 * A case-insensitive pattern without the `i` flag: each letter becomes `[xX]` (escapes such as `\\d` are
 * kept). V8 scans such an alternation about a third faster than the same one under `i`, and this scan runs
 * on every log line.
 *
 * @example
 * ```ts
 * caseless('api.?key'); // '[aA][pP][iI].?[kK][eE][yY]'
 * ```
 */
export const caseless = (source: string): string => {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] as string;
    if (ch === '\\') {
      out += ch + (source[i + 1] ?? '');
      i++;
    } else if (/[a-zA-Z]/.test(ch)) {
      const both = `${ch.toLowerCase()}${ch.toUpperCase()}`;
      out += inClass ? both : `[${both}]`;
    } else {
      if (ch === '[') inClass = true;
      else if (ch === ']') inClass = false;
      out += ch;
    }
  }
  return out;
};

/** Redactions made, by detector or rule name. */
export type RedactionCounts = Record<string, number>;

/**
 * The detectors and rules that apply to one log group, compiled once. Redacting is idempotent (what a
 * detector leaves is matched by none) and never throws; its cost is linear in the text for the built-in
 * detectors (each scans only text that passes its cheap hint).
 *
 * @example
 * ```ts
 * const redactor = Redactor.compile({ detectors: ['aws_access_key'], rules: [] });
 * const counts = {};
 * redactor.text('key AKIAIOSFODNN7EXAMPLE', counts, false); // 'key [aws_key]', counts: { aws_access_key: 1 }
 * ```
 */
export class Redactor {
  /** Whether a field name says it holds a secret, remembered: a log group's documents reuse a few names. */
  private readonly secretNames = new Map<string, { name: string; replacement: string } | null>();
  /**
   * Every detector's hint in at most two global scans, the case-sensitive hints and the caseless ones:
   * the words found decide which detectors run, so a line costs two passes however many detectors are in
   * force. One scan of every hint would cost more than both: with a dozen alternatives that start with
   * common letters the engine tries each at every character, while a few literal ones let it skip ahead.
   * Empty when a custom rule (which has no hint) is in force: then every detector runs on its own hint.
   */
  private readonly scans: readonly RegExp[];
  private readonly armed: readonly ArmedDetector[];
  /** What a text without a line scope is checked with: every detector in force. */
  private readonly everything: LineScope;
  /** Some detector in force leaves fields typed `ip` alone, so field paths are needed. */
  public readonly needsPaths: boolean;
  /** The scope of each set of hint words lines have held, by the words. */
  private readonly scopes = new Map<string, LineScope>();
  /** The last line scoped, and its scope. */
  private lastLine: { readonly text: string; readonly scope: LineScope | undefined } | undefined;

  private constructor(
    detectors: readonly Detector[],
    private readonly secretFieldNames: readonly {
      readonly name: string;
      readonly pattern: RegExp;
      readonly replacement: string;
    }[],
  ) {
    this.armed = detectors.map((detector) => armed(detector));
    const hinted = detectors.length > 0 && detectors.every((detector) => detector.hintSource !== '');
    const sensitive = detectors.filter((detector) => detector.hintCaseSensitive === true);
    const anyCase = detectors.filter((detector) => detector.hintCaseSensitive !== true);
    const joined = (sources: string[]): string => [...new Set(sources)].join('|');
    this.scans = hinted
      ? [
          joined([ESCAPE, ...sensitive.map((detector) => detector.hintSource)]),
          joined(anyCase.flatMap((detector) => caseless(detector.hintSource).split('|'))),
        ]
          .filter((source) => source !== '')
          .map((source) => new RegExp(source, 'g'))
      : [];
    this.everything = scopeOf(this.armed, secretFieldNames.length > 0);
    this.needsPaths = detectors.some((detector) => detector.skipsIpFields === true);
  }

  /**
   * Compiles the named built-in detectors and the custom rules. A rule whose pattern does not compile, or
   * that matches the empty string (it would insert its replacement everywhere), is a ConfigError naming it.
   */
  public static compile(input: { detectors: readonly string[]; rules: readonly CustomRule[] }): Redactor {
    const builtIns = BUILT_IN_DETECTORS.filter((detector) => input.detectors.includes(detector.name));
    const custom = input.rules.map(compileRule);
    return new Redactor(
      [...builtIns, ...custom],
      builtIns.flatMap((detector) =>
        detector.fieldName === undefined
          ? []
          : [{ name: detector.name, pattern: detector.fieldName, replacement: detector.replacement }],
      ),
    );
  }

  /** Nothing to do: no detector and no rule. */
  public get empty(): boolean {
    return this.armed.length === 0;
  }

  /** What a document's walk checks when no line scope narrows it: every detector, by field name too. */
  public get scope(): LineScope {
    return this.everything;
  }

  /**
   * The text with every finding replaced; `counts` gains one per replacement. `line`, what {@link lineScope}
   * found in the raw line this text was cut from, saves scanning each piece: only the detectors the line
   * calls for run, each after its own cheap hint.
   */
  public text(text: string, counts: RedactionCounts, ipField: boolean, line?: LineScope): string {
    if (line !== undefined) {
      return text.length < line.minLength ? text : this.run(text, line.detectors, counts, ipField);
    }
    if (text.length < this.everything.minLength) return text;
    const words = this.hintWords(text);
    if (words === undefined) {
      return HIDING_ESCAPE.test(text)
        ? this.throughEscapes(text, counts, ipField)
        : this.run(text, this.armed, counts, ipField);
    }
    if (words.length === 0) return text;
    if (words.some((word) => word.charCodeAt(0) === BACKSLASH))
      return this.throughEscapes(text, counts, ipField);
    return this.run(text, this.calledFor(words), counts, ipField);
  }

  /**
   * A text holding `\/` or `\uXXXX` escapes (JSON text: a JSON log's `@message`, CloudTrail's request
   * parameters), read with them decoded: `postgres:\/\/app:pw@db` and `pass\u0077ord=pw` hide a secret from
   * a pattern reading the text as written. Returned decoded and redacted when something was found, as it
   * came otherwise.
   */
  private throughEscapes(text: string, counts: RedactionCounts, ipField: boolean): string {
    const plain = decodeHidingEscapes(text);
    const words = this.hintWords(plain);
    const detectors = words === undefined ? this.armed : this.calledFor(words);
    if (detectors.length === 0) return text;
    const redacted = this.run(plain, detectors, counts, ipField);
    return redacted === plain ? text : redacted;
  }

  /**
   * What a raw log line calls for: the detectors whose hint words it holds (none: its document needs no
   * walk). Undefined when the line's pieces may hold hint text the line does not show (a `\u` or `\/`
   * JSON escape, found by the first scan) or when a custom rule, which has no hint, is in force.
   */
  public lineScope(rawLine: string): LineScope | undefined {
    // An event's line is asked again for each of its documents, and after the JSON-line shortcut declined it.
    if (this.lastLine?.text === rawLine) return this.lastLine.scope;
    const scope = this.scopeOfLine(rawLine);
    this.lastLine = { text: rawLine, scope };
    return scope;
  }

  private scopeOfLine(rawLine: string): LineScope | undefined {
    const words = this.hintWords(rawLine);
    if (words === undefined) return undefined;
    if (words.length === 0) return NOTHING_CALLED_FOR;
    if (words.some((word) => word.charCodeAt(0) === BACKSLASH)) return undefined;
    // Lines of a log group find the same few words again and again: their scope is made once.
    const key = words.length === 1 ? (words[0] as string) : words.join('\n');
    let scope = this.scopes.get(key);
    if (scope === undefined) {
      scope = scopeOf(this.calledFor(words), true);
      if (this.scopes.size >= 1_000) this.scopes.clear();
      this.scopes.set(key, scope);
    }
    return scope;
  }

  /**
   * A JSON line with every finding of the scope's detectors replaced, when that is the same as redacting
   * each string parsed from it: the line has no backslash (so each string is its text between quotes),
   * every detector in the scope stays inside JSON strings (see `Detector.staysInJsonString`) and none reads
   * field names, and no finding is in a key (keys are never redacted). Otherwise undefined, and `counts`
   * is unchanged. A document parsed from the returned line needs no walk: its strings are already redacted.
   *
   * @example
   * ```ts
   * const line = '{"userIdentity":{"accessKeyId":"ASIAY34FZKBOKMUTVV7A"}}';
   * redactor.jsonLine(line, redactor.lineScope(line), counts); // '{"userIdentity":{"accessKeyId":"[aws_key]"}}'
   * ```
   */
  public jsonLine(line: string, scope: LineScope, counts: RedactionCounts): string | undefined {
    if (scope.fieldNames || !scope.staysInJsonString) return undefined;
    if (line.length < scope.minLength) return line;
    if (line.includes('\\')) return undefined;
    // Counted apart until the whole line is done: a later refusal leaves `counts` as it was.
    const found: RedactionCounts = {};
    let result = line;
    for (const { detector, pattern } of scope.detectors) {
      const next = replaceFindings(result, detector, pattern, found, (end) => endsKey(result, end));
      if (next === undefined) return undefined;
      result = next;
    }
    if (result !== line) addCounts(counts, found);
    return result;
  }

  private calledFor(words: readonly string[]): ArmedDetector[] {
    return this.armed.filter(({ owns }) => owns !== undefined && words.some((word) => owns.test(word)));
  }

  private run(
    text: string,
    detectors: readonly ArmedDetector[],
    counts: RedactionCounts,
    ipField: boolean,
  ): string {
    let result = text;
    for (const { detector, hint, pattern } of detectors) {
      if (ipField && detector.skipsIpFields) continue;
      if (result.length < detector.minLength || hint?.test(result) === false) continue;
      result = replaceAll(result, detector, pattern, counts);
    }
    return result;
  }

  /**
   * The hint words in a text (none: nothing to find), or undefined when there is no combined hint. Most
   * lines hold none: then each scan is one failed search and nothing is allocated.
   */
  private hintWords(text: string): string[] | undefined {
    if (this.scans.length === 0) return undefined;
    let words: string[] | undefined;
    for (const scan of this.scans) {
      scan.lastIndex = 0;
      for (let found = scan.exec(text); found !== null; found = scan.exec(text)) {
        words ??= [];
        if (!words.includes(found[0])) words.push(found[0]);
      }
    }
    return words ?? NO_WORDS;
  }

  /** The replacement for a whole field value whose name says it is a secret (`json.password`), if any. */
  public secretField(fieldName: string): { name: string; replacement: string } | undefined {
    let known = this.secretNames.get(fieldName);
    if (known === undefined) {
      known = this.secretFieldNames.find((entry) => entry.pattern.test(fieldName)) ?? null;
      if (this.secretNames.size >= 10_000) this.secretNames.clear();
      this.secretNames.set(fieldName, known);
    }
    return known ?? undefined;
  }
}

/**
 * The JSON escapes that decode to a character some hint is made of: `\uXXXX` (any character) and `\/`.
 * The others (`\n`, `\t`, `\"`, `\\`, …) decode to whitespace, quotes and backslashes, which no hint holds,
 * so a hint word in a parsed piece shows in the raw line unless one of these two stands inside it. Found
 * by the first line scan: a separate search for any backslash would cost a pass of its own.
 */
const ESCAPE = '\\\\[u/]';
const BACKSLASH = 0x5c;
/** An escape that may stand for a character some detector looks for (see {@link ESCAPE}). */
const HIDING_ESCAPE = /\\(?:\/|u[0-9A-Fa-f]{4})/;
/** Every escape, so that an escaped backslash is read as one (`\\u0041` is a backslash and `u0041`). */
const ANY_ESCAPE = /\\(?:\/|u([0-9A-Fa-f]{4})|[\s\S])/g;

/**
 * `\/` and `\uXXXX` decoded, but where the character is a quote, a backslash, a control character or half a
 * surrogate pair: those stay escaped, so JSON text stays JSON text and every string stays well formed.
 */
const decodeHidingEscapes = (text: string): string =>
  text.replace(ANY_ESCAPE, (written: string, hex: string | undefined) => {
    if (written === '\\/') return '/';
    if (hex === undefined) return written;
    const code = Number.parseInt(hex, 16);
    const keep = code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff);
    return keep ? written : String.fromCharCode(code);
  });

/** No hint word found (shared: never written to). */
const NO_WORDS: string[] = [];

/** A named group, `(?<v>…)` (not a lookbehind, `(?<=…)` or `(?<!…)`). */
const NAMED_GROUP = /\(\?<[A-Za-z_$]/;

const armed = (detector: Detector): ArmedDetector => {
  const source = detector.pattern.source;
  const pattern = NAMED_GROUP.test(source)
    ? detector.pattern
    : new RegExp(source, detector.pattern.flags.replace('d', ''));
  if (detector.hintSource === '') return { detector, pattern, hint: undefined, owns: undefined };
  const sensitive = detector.hintCaseSensitive === true;
  return {
    detector,
    pattern,
    hint: new RegExp(sensitive ? detector.hintSource : caseless(detector.hintSource)),
    owns: new RegExp(`^(?:${detector.hintSource})$`, sensitive ? '' : 'i'),
  };
};

const scopeOf = (detectors: readonly ArmedDetector[], byName: boolean): LineScope => ({
  detectors,
  minLength: Math.min(...detectors.map(({ detector }) => detector.minLength)),
  fieldNames: byName && detectors.some(({ detector }) => detector.fieldName !== undefined),
  staysInJsonString: detectors.every(({ detector }) => detector.staysInJsonString === true),
});

/** The groups that hold the part to replace, in the order a detector may use them. */
const VALUE_GROUPS = ['v', 'q', 's', 'b'] as const;

/**
 * Replaces every accepted finding. A finding its check rejects (a number failing Luhn) consumes nothing:
 * the scan goes on from the next character, so a real card number right after a rejected run is still
 * found, and a second pass finds nothing new (redaction is idempotent).
 */
const replaceAll = (text: string, detector: Detector, pattern: RegExp, counts: RedactionCounts): string =>
  replaceFindings(text, detector, pattern, counts) ?? text;

/**
 * {@link replaceAll}, refusing the text (undefined, `counts` unchanged) as soon as `refuses` rejects the end of
 * an accepted finding.
 */
const replaceFindings = (
  text: string,
  detector: Detector,
  pattern: RegExp,
  counts: RedactionCounts,
  refuses?: (end: number) => boolean,
): string | undefined => {
  pattern.lastIndex = 0;
  let findings = 0;
  let out = '';
  let copied = 0;
  for (let found = pattern.exec(text); found !== null; found = pattern.exec(text)) {
    // The `d` flag gives each group's own position: the part replaced is exactly the one matched.
    const group = VALUE_GROUPS.find((name) => found?.groups?.[name] !== undefined);
    let [start, end] =
      group === undefined
        ? [found.index, found.index + found[0].length]
        : (found.indices?.groups?.[group] ?? [0, 0]);
    if (end === start) {
      if (found[0] === '') pattern.lastIndex = found.index + 1;
      continue;
    }
    const value = text.slice(start, end);
    if (detector.accept !== undefined && !detector.accept(value)) {
      const narrower =
        group === undefined ? detector.shorter?.(value).find((part) => detector.accept?.(part)) : undefined;
      if (narrower === undefined) {
        pattern.lastIndex = found.index + 1;
        continue;
      }
      end = start + narrower.length;
      pattern.lastIndex = end;
    }
    if (refuses?.(end) === true) {
      pattern.lastIndex = 0;
      return undefined;
    }
    findings++;
    out += text.slice(copied, start) + detector.replacement;
    copied = end;
  }
  pattern.lastIndex = 0;
  if (findings > 0) counts[detector.name] = (counts[detector.name] ?? 0) + findings;
  return copied === 0 ? text : out + text.slice(copied);
};

const compileRule = (rule: CustomRule, index: number): Detector => {
  const where = `privacy.rules.${index} ("${rule.name}")`;
  let pattern: RegExp;
  try {
    pattern = new RegExp(rule.pattern, `${rule.flags ?? ''}dg`);
  } catch (error) {
    throw new ConfigError(
      'config_invalid',
      `The configuration is invalid: ${where}: ${(error as Error).message}.`,
      {
        cause: error,
      },
    );
  }
  if (pattern.test('')) {
    throw new ConfigError(
      'config_invalid',
      `The configuration is invalid: ${where}: the pattern matches the empty string, so it would redact everywhere.`,
    );
  }
  pattern.lastIndex = 0;
  const replacement = rule.replacement ?? `[${rule.name}]`;
  if (pattern.test(replacement)) {
    throw new ConfigError(
      'config_invalid',
      `The configuration is invalid: ${where}: the pattern matches its own replacement "${replacement}", so every pass would redact it again.`,
    );
  }
  pattern.lastIndex = 0;
  return {
    name: rule.name,
    replacement,
    onByDefault: false,
    hintSource: '',
    minLength: 1,
    pattern,
  };
};

/**
 * Whether the JSON string holding `text[end - 1]` is a key: its closing quote (the next one, in a line
 * without backslashes) is followed by a colon. A line that is no JSON at all answers anything here; it fails
 * to parse either way.
 */
const endsKey = (text: string, end: number): boolean => {
  let at = text.indexOf('"', end);
  if (at === -1) return false;
  do at++;
  while (isJsonSpace(text.charCodeAt(at)));
  return text.charCodeAt(at) === COLON;
};

const COLON = 0x3a;
const isJsonSpace = (code: number): boolean =>
  code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
