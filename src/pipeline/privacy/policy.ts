import type { DocBody } from '../../core';
import { FIELD_TABLE } from '../../transformers';
import { globToRegExp } from '../glob';
import { BUILT_IN_DETECTORS } from './detectors';
import { dropPaths, keepPaths, redactDocument } from './document';
import { droppedBy, type EventFilter, type Scalar, type Scope, whereHolds } from './filters';
import { type CustomRule, type RedactionCounts, Redactor } from './redactor';
import type { EventFiltersInput, FieldPoliciesInput, PrivacyInput } from './schema';

/** Drop these paths, or keep only these, in the documents a scope covers (and whose `where` holds). */
interface FieldPolicy extends Scope {
  readonly where?: Readonly<Record<string, Scalar>>;
  readonly drop?: readonly (readonly string[])[];
  readonly keep?: readonly (readonly string[])[];
}

/** What the policy made of one document: the document to send on, or the filter that dropped it. */
export type PolicyVerdict =
  | { readonly kind: 'keep'; readonly body: DocBody }
  | { readonly kind: 'skip'; readonly reason: string };

/** What applies to one log group, compiled once. */
interface GroupPolicy {
  readonly redactor: Redactor;
  readonly filters: readonly EventFilter[];
  readonly fields: readonly FieldPolicy[];
}

/** Fields the field table types `ip`: address detectors leave them alone (they are the point of VPC logs). */
const IP_FIELDS: ReadonlySet<string> = new Set(
  FIELD_TABLE.filter((row) => row.type === 'ip').map((row) => row.name),
);

const MAX_CACHED_GROUPS = 10_000;

/**
 * The privacy and filtering stage between transform and the connectors: event filters first (on the
 * document as parsed), then field drops and keeps, then redaction of every string. It belongs to one
 * pipeline (compiled rules per log group are cached here, not in module state) and never throws for a
 * document's sake: its rules were checked when the configuration was read.
 *
 * @example
 * ```ts
 * const policy = PrivacyPolicy.compile({ privacy, fields, filters });
 * const counts = {};
 * const verdict = policy.apply(doc.body, '/ecs/api', counts); // { kind: 'keep', body } with secrets replaced
 * ```
 */
export class PrivacyPolicy {
  private readonly groups = new Map<string, GroupPolicy>();
  private lastStream: { group: GroupPolicy; name: string; clear: boolean } | undefined;
  private lastGroup: { name: string; group: GroupPolicy } | undefined;

  /** Overrides and custom rules with their log-group patterns compiled once, not once per log group. */
  private readonly overrides: readonly {
    readonly matcher: RegExp;
    readonly detectors: Record<string, boolean>;
  }[];
  private readonly rules: readonly { readonly matcher?: RegExp; readonly rule: CustomRule }[];

  private constructor(
    private readonly privacy: PrivacyInput,
    private readonly fields: readonly FieldPolicy[],
    private readonly filters: readonly EventFilter[],
  ) {
    this.overrides = privacy.overrides.map((override) => ({
      matcher: globToRegExp(override.logGroup),
      detectors: override.detectors,
    }));
    this.rules = privacy.rules.map((rule) => ({
      ...(rule.logGroup !== undefined && { matcher: globToRegExp(rule.logGroup) }),
      rule,
    }));
  }

  public static compile(input: {
    privacy: PrivacyInput;
    fields: FieldPoliciesInput;
    filters: EventFiltersInput;
  }): PrivacyPolicy {
    const policy = new PrivacyPolicy(
      input.privacy,
      input.fields.map((rule) => ({
        ...scopeOf(rule),
        ...(rule.where !== undefined && { where: rule.where }),
        ...(rule.drop !== undefined && { drop: rule.drop.map((path) => path.split('.')) }),
        ...(rule.keep !== undefined && { keep: rule.keep.map((path) => path.split('.')) }),
      })),
      input.filters.map((rule) => ({
        name: rule.name,
        action: rule.action,
        ...scopeOf(rule),
        ...(rule.level !== undefined && { levels: new Set(rule.level.map((level) => level.toLowerCase())) }),
        ...(rule.where !== undefined && { where: rule.where }),
        ...(rule.message !== undefined && { message: rule.message }),
      })),
    );
    // Every custom rule compiles now, at start: a bad one fails here with its name, not at the first event.
    Redactor.compile({ detectors: [], rules: input.privacy.rules });
    return policy;
  }

  /**
   * The document to send on (filtered, trimmed, redacted), or why it is dropped; `counts` gains the
   * redactions. Given the raw line the document was made from, a line with nothing to find skips the walk.
   */
  public apply(
    body: DocBody,
    logGroup: string,
    counts: RedactionCounts,
    rawLine?: string,
    logStream?: string,
  ): PolicyVerdict {
    const group = this.group(logGroup);
    const filteredBy =
      group.filters.length === 0 ? undefined : droppedBy(group.filters, body, logGroup, rawLine);
    if (filteredBy !== undefined) return { kind: 'skip', reason: `filtered:${filteredBy}` };
    let result = body;
    for (const rule of group.fields) {
      if (rule.type !== undefined && rule.type !== body['@type']) continue;
      if (!whereHolds(result, rule.where)) continue;
      if (rule.drop !== undefined) result = dropPaths(result, rule.drop);
      if (rule.keep !== undefined) result = keepPaths(result, rule.keep);
    }
    if (group.redactor.empty) return { kind: 'keep', body: result };
    // One scan of the raw line: nothing to find means no walk; otherwise only the detectors it calls
    // for look at the document's strings, each of which is a piece of that line.
    // A few fields come from the log stream rather than the line (Lambda's function name and version).
    const line =
      rawLine === undefined || !this.streamIsClear(group, logStream)
        ? undefined
        : group.redactor.lineScope(rawLine);
    if (line !== undefined && line.detectors.length === 0) return { kind: 'keep', body: result };
    result = redactDocument(result, group.redactor, counts, IP_FIELDS, line);
    return { kind: 'keep', body: result };
  }

  /**
   * A raw JSON line redacted before it is parsed, when the documents parsed from it then need nothing more
   * from this policy: the log group has no event filter and no field rule (those see the document as
   * parsed), the log stream is clear, and the redactor can redact the line whole (see `Redactor.jsonLine`).
   * Undefined otherwise: the documents go through {@link apply}. Only for a transformer whose documents'
   * strings are the values of the line parsed as JSON (`Transformer.parsesJsonLine`); the walk of each
   * document is then saved (every CloudTrail record carries an access key id).
   *
   * @example
   * ```ts
   * const line = policy.redactJsonLine(event.message, '/aws/cloudtrail', counts, stream); // '{…"accessKeyId":"[aws_key]"…}'
   * ```
   */
  public redactJsonLine(
    rawLine: string,
    logGroup: string,
    counts: RedactionCounts,
    logStream?: string,
  ): string | undefined {
    const group = this.group(logGroup);
    if (group.filters.length > 0 || group.fields.length > 0) return undefined;
    if (group.redactor.empty) return rawLine;
    if (!this.streamIsClear(group, logStream)) return undefined;
    const line = group.redactor.lineScope(rawLine);
    if (line === undefined) return undefined;
    if (line.detectors.length === 0) return rawLine;
    return group.redactor.jsonLine(rawLine, line, counts);
  }

  /**
   * Reads the raw lines of one envelope's events (one log group, one log stream) for hints in one pass,
   * ahead of {@link apply} and {@link redactJsonLine} asking for each (see `Redactor.scopeLines`).
   */
  public scopeLines(
    events: readonly { readonly message: string }[],
    logGroup: string,
    logStream?: string,
  ): void {
    const group = this.group(logGroup);
    if (group.redactor.empty) return;
    // A stream that is not clear sends every document through the walk: the last envelope's lines are let go.
    group.redactor.scopeLines(
      this.streamIsClear(group, logStream) ? events.map(({ message }) => message) : [],
    );
  }

  /**
   * A text redacted as a log group's documents are: for showing what is stored raw (dead letters keep the
   * raw event so it can be redriven; what `deadletter list` prints is redacted).
   */
  public redactText(text: string, logGroup: string, counts: RedactionCounts = {}): string {
    return this.group(logGroup).redactor.text(text, counts, false);
  }

  /** Whether a log stream name holds nothing any detector in force looks for; remembered for the last stream. */
  private streamIsClear(group: GroupPolicy, logStream: string | undefined): boolean {
    if (logStream === undefined) return true;
    if (this.lastStream?.group === group && this.lastStream.name === logStream) return this.lastStream.clear;
    const scope = group.redactor.lineScope(logStream);
    const clear = scope !== undefined && scope.detectors.length === 0;
    this.lastStream = { group, name: logStream, clear };
    return clear;
  }

  /** The detectors and rules in force for a log group, compiled once and cached. */
  private group(logGroup: string): GroupPolicy {
    // A record's documents share one log group (the same string): no map lookup per document.
    if (this.lastGroup?.name === logGroup) return this.lastGroup.group;
    let group = this.groups.get(logGroup);
    if (group === undefined) {
      group = this.compileGroup(logGroup);
      if (this.groups.size >= MAX_CACHED_GROUPS) this.groups.clear();
      this.groups.set(logGroup, group);
    }
    this.lastGroup = { name: logGroup, group };
    return group;
  }

  private compileGroup(logGroup: string): GroupPolicy {
    const switches: Record<string, boolean> = {};
    for (const detector of BUILT_IN_DETECTORS) switches[detector.name] = detector.onByDefault;
    Object.assign(switches, this.privacy.detectors);
    for (const override of this.overrides) {
      if (override.matcher.test(logGroup)) Object.assign(switches, override.detectors);
    }
    return {
      redactor: Redactor.compile({
        detectors: Object.entries(switches)
          .filter(([, on]) => on)
          .map(([name]) => name),
        rules: this.rules
          .filter(({ matcher }) => matcher === undefined || matcher.test(logGroup))
          .map(({ rule }) => rule),
      }),
      filters: this.filters.filter(
        (filter) => filter.logGroup === undefined || filter.logGroup.test(logGroup),
      ),
      fields: this.fields.filter((rule) => rule.logGroup === undefined || rule.logGroup.test(logGroup)),
    };
  }
}

const scopeOf = (rule: { logGroup?: string | undefined; type?: string | undefined }): Scope => ({
  ...(rule.logGroup !== undefined && { logGroup: globToRegExp(rule.logGroup) }),
  ...(rule.type !== undefined && { type: rule.type }),
});
