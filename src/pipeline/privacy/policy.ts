import type { DocBody, LogType } from '../../core';
import { FIELD_CATALOG } from '../../transformers';
import { globToRegExp } from '../glob';
import { BUILT_IN_DETECTORS } from './detectors';
import { dropPaths, keepPaths, redactDocument } from './document';
import { droppedBy, type EventFilter, type Scalar, type Scope, whereHolds } from './filters';
import { freeTextPlans } from './free-text';
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
  /**
   * The detectors and rules in force, made when first asked: by log type for a type with defaults of its
   * own (see `Detector.offByDefaultIn`), under '' for every other type.
   */
  readonly redactors: Map<LogType, Redactor>;
  readonly filters: readonly EventFilter[];
  readonly fields: readonly FieldPolicy[];
  readonly logGroup: string;
}

/** Where each log type's documents can hold free text: the only strings the detectors read. */
const FREE_TEXT = freeTextPlans(FIELD_CATALOG);

/** The log types some detector is off by default for: only their documents need a redactor of their own. */
const TYPES_WITH_OWN_DEFAULTS: ReadonlySet<string> = new Set(
  BUILT_IN_DETECTORS.flatMap((detector) => detector.offByDefaultIn ?? []),
);

const MAX_CACHED_GROUPS = 10_000;

/**
 * The privacy and filtering stage between transform and the connectors: event filters first (on the
 * document as parsed), then field drops and keeps, then redaction of every string that can hold free text
 * (the field table says which: identifiers, addresses, numbers and times are not read). It belongs to one
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
   * redactions. `rawLine`, the message the document was made from, is what a message filter looks in
   * when the document keeps no `@message`.
   */
  public apply(body: DocBody, logGroup: string, counts: RedactionCounts, rawLine?: string): PolicyVerdict {
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
    const redactor = this.redactorFor(group, body['@type']);
    if (redactor.empty) return { kind: 'keep', body: result };
    return { kind: 'keep', body: redactDocument(result, redactor, counts, FREE_TEXT.get(body['@type'])) };
  }

  /**
   * A text redacted as a log group's documents are: for showing what is stored raw (dead letters keep the
   * raw event so it can be redriven; what `deadletter list` prints is redacted). Every detector in force
   * for the group reads it, whatever type its documents would have.
   */
  public redactText(text: string, logGroup: string, counts: RedactionCounts = {}): string {
    return this.redactorFor(this.group(logGroup), undefined).text(text, counts);
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
    return {
      redactors: new Map(),
      filters: this.filters.filter(
        (filter) => filter.logGroup === undefined || filter.logGroup.test(logGroup),
      ),
      fields: this.fields.filter((rule) => rule.logGroup === undefined || rule.logGroup.test(logGroup)),
      logGroup,
    };
  }

  /**
   * The detectors and rules in force for a log group's documents of one type (undefined: any type). The
   * defaults, with a detector off where its type keeps what it finds, then the configuration's switches,
   * then the overrides matching the group: a switch the user wrote always wins.
   */
  private redactorFor(group: GroupPolicy, type: LogType | undefined): Redactor {
    const key = type !== undefined && TYPES_WITH_OWN_DEFAULTS.has(type) ? type : '';
    let redactor = group.redactors.get(key);
    if (redactor !== undefined) return redactor;
    const switches: Record<string, boolean> = {};
    for (const detector of BUILT_IN_DETECTORS) {
      switches[detector.name] = detector.onByDefault && detector.offByDefaultIn?.includes(key) !== true;
    }
    Object.assign(switches, this.privacy.detectors);
    for (const override of this.overrides) {
      if (override.matcher.test(group.logGroup)) Object.assign(switches, override.detectors);
    }
    redactor = Redactor.compile({
      detectors: Object.entries(switches)
        .filter(([, on]) => on)
        .map(([name]) => name),
      rules: this.rules
        .filter(({ matcher }) => matcher === undefined || matcher.test(group.logGroup))
        .map(({ rule }) => rule),
    });
    group.redactors.set(key, redactor);
    return redactor;
  }
}

const scopeOf = (rule: { logGroup?: string | undefined; type?: string | undefined }): Scope => ({
  ...(rule.logGroup !== undefined && { logGroup: globToRegExp(rule.logGroup) }),
  ...(rule.type !== undefined && { type: rule.type }),
});
