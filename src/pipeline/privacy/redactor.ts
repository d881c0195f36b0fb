import { ConfigError } from '../../core';
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

/** A detector with its hint compiled: the cheap test a text must pass before its pattern runs. */
interface ArmedDetector {
  readonly detector: Detector;
  /**
   * Its pattern, without the `d` flag when no group marks the part replaced: group positions cost more
   * than the search itself on a short text, and only a marked part needs them.
   */
  readonly pattern: RegExp;
  /** Its hint as a test of one text; undefined for a custom rule, which always runs. */
  readonly hint: RegExp | undefined;
}

/**
 * A case-insensitive pattern without the `i` flag: each letter becomes `[xX]` (escapes such as `\\d` are
 * kept). V8 scans such an alternation about a third faster than the same one under `i`, and the combined
 * hint runs on every free-text string.
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
 * detector leaves is matched by none) and never throws. A text is searched for the hints of every detector
 * in force at once (two regular expressions, whatever the number of detectors); most texts hold none and
 * cost those two searches.
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
  private readonly armed: readonly ArmedDetector[];
  /**
   * Every hint in force and the JSON escapes that may hide one, as two searches: the hints matched as
   * written with the escapes, and the caseless ones. A text matching neither holds nothing to find. Two,
   * not one alternation of all: V8 scans the pair about 30% faster (the case-sensitive hints start with
   * characters rare in logs, so that search skips ahead; see docs/decisions). Undefined when a custom rule
   * (which has no hint) is in force: every text is read.
   */
  private readonly hintSearches: readonly RegExp[] | undefined;
  /** The shortest text any detector in force can find something in: shorter strings are passed by unread. */
  public readonly minLength: number;
  /** Some detector in force judges fields by their name (`json.password`), whatever they hold. */
  public readonly readsFieldNames: boolean;

  private constructor(
    detectors: readonly Detector[],
    private readonly secretFieldNames: readonly {
      readonly name: string;
      readonly pattern: RegExp;
      readonly replacement: string;
    }[],
  ) {
    this.armed = detectors.map(armed);
    this.hintSearches = detectors.every((detector) => detector.hintSource !== '')
      ? hintSearchesOf(detectors)
      : undefined;
    this.minLength = Math.min(...detectors.map((detector) => detector.minLength));
    this.readsFieldNames = secretFieldNames.length > 0;
  }

  /**
   * Compiles the named built-in detectors and the custom rules. A rule whose pattern does not compile, or
   * that matches the empty string (it would insert its replacement everywhere), is a ConfigError naming it.
   */
  public static compile(input: { detectors: readonly string[]; rules: readonly CustomRule[] }): Redactor {
    const builtIns = BUILT_IN_DETECTORS.filter((detector) => input.detectors.includes(detector.name));
    return new Redactor(
      [...builtIns, ...input.rules.map(compileRule)],
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

  /**
   * The text with every finding replaced; `counts` gains one per replacement. `ipField`: the text is the
   * value of a field typed `ip`, which address detectors leave alone.
   */
  public text(text: string, counts: RedactionCounts, ipField = false): string {
    if (text.length < this.minLength) return text;
    if (this.hintSearches === undefined) return this.run(text, counts, ipField);
    if (!this.holdsHint(text)) return text;
    // A hint may show only once `\/` or `\uXXXX` is decoded: such a text is read decoded.
    if (HIDING_ESCAPE.test(text)) return this.throughEscapes(text, counts, ipField);
    return this.run(text, counts, ipField);
  }

  /** Whether the text holds some detector's hint, or an escape that may hide one. */
  private holdsHint(text: string): boolean {
    const searches = this.hintSearches ?? [];
    for (let i = 0; i < searches.length; i++) if ((searches[i] as RegExp).test(text)) return true;
    return false;
  }

  /**
   * A text holding `\/` or `\uXXXX` escapes (JSON text: a JSON log's `@message`, CloudTrail's request
   * parameters), read with them decoded: `postgres:\/\/app:pw@db` and `pass\u0077ord=pw` hide a secret from
   * a pattern reading the text as written. Returned decoded and redacted when something was found, as it
   * came otherwise.
   */
  private throughEscapes(text: string, counts: RedactionCounts, ipField: boolean): string {
    const plain = decodeHidingEscapes(text);
    const redacted = this.run(plain, counts, ipField);
    return redacted === plain ? text : redacted;
  }

  /** Each detector in force over the text, after its own hint. */
  private run(text: string, counts: RedactionCounts, ipField: boolean): string {
    let result = text;
    for (const { detector, hint, pattern } of this.armed) {
      if (ipField && detector.skipsIpFields) continue;
      if (result.length < detector.minLength || hint?.test(result) === false) continue;
      result = replaceAll(result, detector, pattern, counts);
    }
    return result;
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

/** `\/` and `\uXXXX`: the JSON escapes that decode to a character some hint is made of. */
const ESCAPE = '\\\\[u/]';
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

/**
 * The searches for every detector's hint (see {@link Redactor}): each alternative once (`secret` is two
 * detectors' hint), the escapes with the hints matched as written.
 */
const hintSearchesOf = (detectors: readonly Detector[]): RegExp[] => {
  const alternatives = (sensitive: boolean): string[] => [
    ...new Set(
      detectors
        .filter((detector) => (detector.hintCaseSensitive === true) === sensitive)
        .flatMap((detector) => hintOf(detector).split('|')),
    ),
  ];
  return [[ESCAPE, ...alternatives(true)], alternatives(false)]
    .filter((sources) => sources.length > 0)
    .map((sources) => new RegExp(sources.join('|')));
};

/** A detector's hint as a source that matches in its case rule without flags (see {@link caseless}). */
const hintOf = (detector: Detector): string =>
  detector.hintCaseSensitive === true ? detector.hintSource : caseless(detector.hintSource);

/** A named group, `(?<v>…)` (not a lookbehind, `(?<=…)` or `(?<!…)`). */
const NAMED_GROUP = /\(\?<[A-Za-z_$]/;

const armed = (detector: Detector): ArmedDetector => {
  const source = detector.pattern.source;
  const pattern = NAMED_GROUP.test(source)
    ? detector.pattern
    : new RegExp(source, detector.pattern.flags.replace('d', ''));
  const hint = detector.hintSource === '' ? undefined : new RegExp(hintOf(detector));
  return { detector, pattern, hint };
};

/** The groups that hold the part to replace, in the order a detector may use them. */
const VALUE_GROUPS = ['v', 'q', 's', 'b'] as const;

/**
 * Replaces every accepted finding. A finding its check rejects (a number failing Luhn) consumes nothing:
 * the scan goes on from the next character, so a real card number right after a rejected run is still
 * found, and a second pass finds nothing new (redaction is idempotent).
 */
const replaceAll = (text: string, detector: Detector, pattern: RegExp, counts: RedactionCounts): string => {
  pattern.lastIndex = 0;
  let findings = 0;
  let out = '';
  let copied = 0;
  for (let found = pattern.exec(text); found !== null; found = pattern.exec(text)) {
    // The `d` flag gives each group's own position: the part replaced is exactly the one matched.
    const { groups } = found;
    const group = groups === undefined ? undefined : VALUE_GROUPS.find((name) => groups[name] !== undefined);
    const marked = group === undefined ? undefined : found.indices?.groups?.[group];
    const start = group === undefined ? found.index : (marked?.[0] ?? 0);
    let end = group === undefined ? found.index + found[0].length : (marked?.[1] ?? 0);
    if (end === start) {
      if (found[0] === '') pattern.lastIndex = found.index + 1;
      continue;
    }
    const { accept } = detector;
    // Only a detector with a check reads the value (most replace what they matched without a look).
    const value = accept === undefined ? undefined : text.slice(start, end);
    if (value !== undefined && accept?.(value) === false) {
      const narrower =
        group === undefined ? detector.shorter?.(value).find((part) => accept(part)) : undefined;
      if (narrower === undefined) {
        pattern.lastIndex = found.index + 1;
        continue;
      }
      end = start + narrower.length;
      pattern.lastIndex = end;
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
      { cause: error },
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
  return { name: rule.name, replacement, onByDefault: false, hintSource: '', minLength: 1, pattern };
};
