type Json = Record<string, unknown>;

/**
 * The rules of one family of import targets: which types it takes, what it requires of an object's versions
 * and attributes, and the reference name a dashboard panel resolves through. The checks every target shares
 * (one JSON object per line, unique `type:id`, references resolving in the file, JSON-string attributes that
 * parse and name declared references) are those of `importProblems` (import-check.ts).
 */
export interface ImportRules {
  /** The servers the rules stand for, as a problem names them. */
  readonly target: string;
  readonly types: ReadonlySet<string>;
  /** The problems of one object beyond the shared checks (versions, attributes, panels). */
  objectProblems(at: string, object: Json, referenceNames: ReadonlySet<string>): string[];
  /** The reference name a panel of panelsJSON is looked up by, if it names one. */
  panelReferenceName(panel: Json): string | undefined;
}
