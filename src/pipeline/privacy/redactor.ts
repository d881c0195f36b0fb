import { ConfigError } from '../../core';
import { addCounts } from '../counts';
import { BUILT_IN_DETECTORS, type Detector } from './detectors';
import { bothCases, HintFilter, type HintStart } from './hint-filter';

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
   * What finds the hints where the {@link filter} does not (short texts, texts over 256 KiB, a detector
   * without hint starts, before the filter is built): every detector's hint in at most two global scans, the
   * case-sensitive hints and the caseless ones, so a line costs two passes however many detectors are in
   * force. One scan of every hint would cost more than both: with a dozen alternatives that start with
   * common letters the engine tries each at every character, while a few literal ones let it skip ahead.
   * Empty when a custom rule (which has no hint) is in force, or too many detectors for the bits of
   * {@link hintsIn}: then every detector runs on its own hint.
   */
  private readonly scans: readonly RegExp[];
  private readonly armed: readonly ArmedDetector[];
  /** What a text without a line scope is checked with: every detector in force. */
  private readonly everything: LineScope;
  /** Some detector in force leaves fields typed `ip` alone, so field paths are needed. */
  public readonly needsPaths: boolean;
  /**
   * The places a hint may begin, found 16 characters at a time, when every detector in force says where its
   * hint begins (`Detector.hintStarts`); each place is then checked against the hints that can begin with
   * its character. Built once the scans have read {@link filterAfter} characters of texts it would take
   * (see {@link FILTER_AFTER_CHARS}). Undefined until then, and for texts the filter cannot read: then the
   * scans above run.
   */
  private filter: HintFilter | undefined;
  /** The words the filter is built from; undefined when it cannot be (or is built). */
  private filterStarts: HintStart[] | undefined;
  /** Characters of texts the filter would take that the scans have read so far. */
  private scannedForFilter = 0;
  /** By a character's code: the hints that can begin with it, with the bit each sets when it does. */
  private readonly startingWith: readonly (readonly StartCheck[] | undefined)[];
  /** The scope of each set of detectors lines have called for, by its bits (at most one per subset of a dozen detectors). */
  private readonly scopes = new Map<number, LineScope>();
  /** The last line scoped, and its scope. */
  private lastLine: { readonly text: string; readonly scope: LineScope | undefined } | undefined;
  /** The lines of one envelope read by the filter together (see {@link scopeLines}), and the next one due. */
  private batch: { readonly lines: readonly string[]; readonly called: Int32Array; next: number } | undefined;

  private constructor(
    private readonly filterAfter: number,
    detectors: readonly Detector[],
    private readonly secretFieldNames: readonly {
      readonly name: string;
      readonly pattern: RegExp;
      readonly replacement: string;
    }[],
  ) {
    this.armed = detectors.map((detector) => armed(detector));
    // A bit each in `hintsIn`, below ESCAPE_BIT.
    const hinted =
      detectors.length > 0 &&
      detectors.length <= MAX_HINTED &&
      detectors.every((detector) => detector.hintSource !== '');
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
    const filterable = hinted && detectors.every(({ hintStarts }) => hintStarts !== undefined);
    const hints = [
      { bit: ESCAPE_BIT, source: ESCAPE, starts: ['\\u', '\\/'], caseless: false },
      ...detectors.map((detector, index) => ({
        bit: 1 << index,
        source: detector.hintSource,
        starts: detector.hintStarts ?? [],
        caseless: detector.hintCaseSensitive !== true,
      })),
    ];
    this.filterStarts = filterable
      ? hints.flatMap(({ starts, caseless: anyCase }) => starts.map((text) => ({ text, caseless: anyCase })))
      : undefined;
    // What checks the filter's places: not made (sticky patterns and all) where there will be no filter.
    this.startingWith = filterable ? startingWith(hints) : [];
    this.everything = scopeOf(this.armed, secretFieldNames.length > 0);
    this.needsPaths = detectors.some((detector) => detector.skipsIpFields === true);
  }

  /**
   * Compiles the named built-in detectors and the custom rules. A rule whose pattern does not compile, or
   * that matches the empty string (it would insert its replacement everywhere), is a ConfigError naming it.
   * `filterAfterChars` (tests, benchmarks) changes when the hint filter is built: 0 builds it at once.
   */
  public static compile(input: {
    detectors: readonly string[];
    rules: readonly CustomRule[];
    filterAfterChars?: number;
  }): Redactor {
    const builtIns = BUILT_IN_DETECTORS.filter((detector) => input.detectors.includes(detector.name));
    const custom = input.rules.map(compileRule);
    return new Redactor(
      input.filterAfterChars ?? FILTER_AFTER_CHARS,
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
    const called = this.hintsIn(text);
    if (called === undefined) {
      return HIDING_ESCAPE.test(text)
        ? this.throughEscapes(text, counts, ipField)
        : this.run(text, this.armed, counts, ipField);
    }
    if (called === 0) return text;
    if ((called & ESCAPE_BIT) !== 0) return this.throughEscapes(text, counts, ipField);
    return this.run(text, this.calledFor(called), counts, ipField);
  }

  /**
   * A text holding `\/` or `\uXXXX` escapes (JSON text: a JSON log's `@message`, CloudTrail's request
   * parameters), read with them decoded: `postgres:\/\/app:pw@db` and `pass\u0077ord=pw` hide a secret from
   * a pattern reading the text as written. Returned decoded and redacted when something was found, as it
   * came otherwise.
   */
  private throughEscapes(text: string, counts: RedactionCounts, ipField: boolean): string {
    const plain = decodeHidingEscapes(text);
    const called = this.hintsIn(plain);
    const detectors = called === undefined ? this.armed : this.calledFor(called);
    if (detectors.length === 0) return text;
    const redacted = this.run(plain, detectors, counts, ipField);
    return redacted === plain ? text : redacted;
  }

  /**
   * What a raw log line calls for: the detectors whose hint words it holds (none: its document needs no
   * walk). Undefined when the line's pieces may hold hint text the line does not show (a `\u` or `\/`
   * JSON escape) or when a custom rule, which has no hint, is in force.
   */
  public lineScope(rawLine: string): LineScope | undefined {
    // An event's line is asked again for each of its documents, and after the JSON-line shortcut declined it.
    if (this.lastLine?.text === rawLine) {
      // The same text as the next line of the batch (a log repeating itself): that one is read too.
      if (this.batch !== undefined && this.batch.lines[this.batch.next] === rawLine) this.batch.next++;
      return this.lastLine.scope;
    }
    const scope = this.scopeOfCalled(this.batched(rawLine) ?? this.hintsIn(rawLine));
    this.lastLine = { text: rawLine, scope };
    return scope;
  }

  /**
   * Reads the lines of one envelope for hints in one pass of the filter, ahead of {@link lineScope} asking
   * for each in turn: a short line costs the filter little more than its characters, where alone it costs
   * copying into the filter's memory (about 60 ns) or the two scans. The lines go in windows of up to
   * 256 KiB (what the filter holds); a line longer than that is read when it is asked for, as are all when
   * the filter is not built yet.
   *
   * @example
   * ```ts
   * redactor.scopeLines(envelope.logEvents.map(({ message }) => message));
   * for (const { message } of envelope.logEvents) redactor.lineScope(message); // read above
   * ```
   */
  public scopeLines(lines: readonly string[]): void {
    this.batch = undefined;
    if (this.scans.length === 0 || lines.length < 2) return;
    let length = lines.length - 1;
    for (const line of lines) length += line.length;
    const filter = this.filter ?? this.filterOnceWorthIt(length);
    if (filter === undefined) return;
    const called = new Int32Array(lines.length);
    // In windows the filter holds; a line break ends each line (no hint holds one, so none runs from a line
    // into the next).
    for (let first = 0; first < lines.length; ) {
      let last = first;
      let size = lines[first]?.length ?? 0;
      while (last + 1 < lines.length && size + 1 + (lines[last + 1]?.length ?? 0) <= filter.capacity) {
        last++;
        size += 1 + (lines[last]?.length ?? 0);
      }
      const window = lines.slice(first, last + 1);
      const places = size <= filter.capacity ? filter.candidates(window.join('\n')) : undefined;
      if (places === undefined) called.fill(NOT_READ, first, last + 1);
      else this.checkWindow(window, places, called, first);
      first = last + 1;
    }
    this.batch = { lines, called, next: 0 };
  }

  /** Sets `called[offset + i]` for each line `i` of a window from the places the filter let through in it. */
  private checkWindow(
    lines: readonly string[],
    places: Uint32Array,
    called: Int32Array,
    offset: number,
  ): void {
    let line = 0;
    let start = 0;
    let end = lines[0]?.length ?? 0;
    for (let index = 0; index < places.length; index++) {
      const place = places[index] as number;
      while (place > end) {
        line++;
        start = end + 1;
        end = start + (lines[line]?.length ?? 0);
      }
      if (place < end) {
        const text = lines[line] ?? '';
        called[offset + line] = this.checkedAt(text, place - start, called[offset + line] ?? 0);
      }
    }
  }

  /**
   * What the batch read for this line: the line due next, or one a little further on (an event the pipeline
   * passed by, a log stream's name asked in between). Undefined for a line the batch does not hold.
   */
  private batched(rawLine: string): number | undefined {
    const batch = this.batch;
    if (batch === undefined) return undefined;
    const last = Math.min(batch.lines.length, batch.next + BATCH_LOOKAHEAD);
    for (let at = batch.next; at < last; at++) {
      if (batch.lines[at] === rawLine) {
        batch.next = at + 1;
        const called = batch.called[at];
        return called === NOT_READ ? undefined : called;
      }
    }
    return undefined;
  }

  private scopeOfCalled(called: number | undefined): LineScope | undefined {
    if (called === undefined || (called & ESCAPE_BIT) !== 0) return undefined;
    if (called === 0) return NOTHING_CALLED_FOR;
    // Lines of a log group call for the same few detectors again and again: their scope is made once.
    let scope = this.scopes.get(called);
    if (scope === undefined) {
      scope = scopeOf(this.calledFor(called), true);
      this.scopes.set(called, scope);
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

  /** The detectors of a text's bits (see {@link hintsIn}). */
  private calledFor(called: number): ArmedDetector[] {
    return this.armed.filter((_, index) => (called & (1 << index)) !== 0);
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
   * What a text's hints call for: the bit `1 << i` for each detector `i` whose hint it holds, and
   * {@link ESCAPE_BIT} for a `\u` or `\/` escape (0: nothing to find). Undefined when there is no combined
   * hint (a custom rule is in force).
   */
  private hintsIn(text: string): number | undefined {
    if (this.scans.length === 0) return undefined;
    if (text.length >= FILTERED_LENGTH) {
      const places = (this.filter ?? this.filterOnceWorthIt(text.length))?.candidates(text);
      if (places !== undefined) return this.checkedHints(text, places);
    }
    return this.scannedHints(text);
  }

  /** The hint filter, built now if the scans have read enough to pay for building it (see {@link FILTER_AFTER_CHARS}). */
  private filterOnceWorthIt(length: number): HintFilter | undefined {
    if (this.filterStarts === undefined) return undefined;
    this.scannedForFilter += length;
    if (this.scannedForFilter <= this.filterAfter) return undefined;
    this.filter = HintFilter.compile(this.filterStarts);
    this.filterStarts = undefined;
    return this.filter;
  }

  /** {@link hintsIn} from the places the filter let through: each checked against the hints that can begin there. */
  private checkedHints(text: string, places: Uint32Array): number {
    let called = 0;
    for (let index = 0; index < places.length; index++) {
      called = this.checkedAt(text, places[index] as number, called);
    }
    return called;
  }

  /** `called` with the bits of the hints that begin in `text` at `at` (those already set are not checked again). */
  private checkedAt(text: string, at: number, called: number): number {
    let found = called;
    for (const { bit, start, caseless, hint } of this.startingWith[text.charCodeAt(at)] ?? []) {
      if ((found & bit) !== 0 || !beginsAt(text, at, start, caseless)) continue;
      hint.lastIndex = at;
      if (hint.test(text)) found |= bit;
    }
    return found;
  }

  /** {@link hintsIn} by the two scans. Most lines hold no hint: then each scan is one failed search. */
  private scannedHints(text: string): number {
    let called = 0;
    for (const scan of this.scans) {
      scan.lastIndex = 0;
      for (let found = scan.exec(text); found !== null; found = scan.exec(text)) {
        const word = found[0];
        if (word.charCodeAt(0) === BACKSLASH) called |= ESCAPE_BIT;
        else
          this.armed.forEach(({ owns }, index) => {
            if (owns?.test(word) === true) called |= 1 << index;
          });
        // On from the next character, not from the word's end: another detector's hint may begin inside it
        // (`basicredentials=…`: bearer's `basic`, then the secret value's `credential`; `xoxb-----BEGIN`).
        scan.lastIndex = found.index + 1;
      }
    }
    return called;
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
 * with the hints (by the filter, or the first scan): a separate search for any backslash would cost a pass
 * of its own.
 */
const ESCAPE = '\\\\[u/]';
const BACKSLASH = 0x5c;
/**
 * The shortest text the hint filter reads: below it the two scans cost less than copying the text into the
 * filter's memory, which takes about 60 ns however short the text (measured on lines of 16 to 512 characters).
 */
const FILTERED_LENGTH = 96;
/** How far past the line due {@link Redactor.lineScope} looks for a line in the batch. */
const BATCH_LOOKAHEAD = 8;
/**
 * How many characters the scans read before the hint filter is built: those of the texts it would take, and
 * those of the envelopes offered to {@link Redactor.scopeLines} (their lines are then read one by one, and
 * the long ones counted again, so the filter comes after 1 to 2 MB). Building it (compiling the module,
 * choosing its buckets) takes about 5 ms in a cold process, as long as the scans take for about 2 MB of log
 * lines, and it saves about 2 ns per character after: so a cold start's first batches scan, and a consumer
 * that goes on gets the filter.
 */
const FILTER_AFTER_CHARS = 2_000_000;
/** The bit of {@link Redactor.hintsIn} for such an escape (the others are the detectors'). */
const ESCAPE_BIT = 1 << 30;
/** The most detectors `hintsIn` has bits for, below {@link ESCAPE_BIT}. */
const MAX_HINTED = 30;
/** A line of a batch the filter did not read (longer than it holds). */
const NOT_READ = 1 << 31;
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

/** A hint start as {@link Redactor} checks it at a place: its bit, the start, and the whole hint. */
interface StartCheck {
  readonly bit: number;
  /** Lower case when `caseless`. */
  readonly start: string;
  readonly caseless: boolean;
  /** The hint, sticky: it must match at the place, beyond its start. */
  readonly hint: RegExp;
}

/** By character code, the starts that begin with that character: what a place the filter lets through is checked with. */
const startingWith = (
  hints: readonly { bit: number; source: string; starts: readonly string[]; caseless: boolean }[],
): StartCheck[][] => {
  const table: StartCheck[][] = [];
  for (const { bit, source, starts, caseless: anyCase } of hints) {
    const hint = new RegExp(anyCase ? caseless(source) : source, 'y');
    for (const start of starts) {
      const check = { bit, start: anyCase ? start.toLowerCase() : start, caseless: anyCase, hint };
      const first = start[0] ?? '';
      for (const code of anyCase ? bothCases(first) : [first.charCodeAt(0)]) {
        table[code] = [...(table[code] ?? []), check];
      }
    }
  }
  return table;
};

/** Whether `text` holds `start` at `at` (in any case when `caseless`; `start` is then lower case). */
const beginsAt = (text: string, at: number, start: string, caseless: boolean): boolean => {
  for (let index = 1; index < start.length; index++) {
    let code = text.charCodeAt(at + index);
    if (caseless && code >= 0x41 && code <= 0x5a) code |= 0x20;
    if (code !== start.charCodeAt(index)) return false;
  }
  return true;
};

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
