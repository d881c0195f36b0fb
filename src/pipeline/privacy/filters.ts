import type { DocBody, LogType } from '../../core';
import { valueAt } from './document';

/** A field value a condition compares with. */
export type Scalar = string | number | boolean;

/** Which documents a rule is about: a log-group pattern and a log type, both optional. */
export interface Scope {
  readonly logGroup?: RegExp;
  readonly type?: LogType;
}

/**
 * An event filter, compiled. `exclude` drops what matches; `include` keeps, within its scope, only
 * what matches. Either way a dropped document is counted as skipped with `filtered:<name>`.
 */
export interface EventFilter extends Scope {
  readonly name: string;
  readonly action: 'exclude' | 'include';
  /** Lower-cased levels (`debug`, `trace`); matched against the level fields below. */
  readonly levels?: ReadonlySet<string>;
  /** Field values that must all be equal (dotted paths). */
  readonly where?: Readonly<Record<string, Scalar>>;
  /** Text the `@message` must contain. */
  readonly message?: string;
}

/** Where a document's level lives, by log type: Lambda's own, and the usual JSON logger keys. */
export const LEVEL_FIELDS = [
  'lambda.level',
  'json.level',
  'json.severity',
  'json.levelname',
  'json.log_level',
];

/** Does the rule's scope cover this document? */
export const inScope = (scope: Scope, logGroup: string, type: LogType): boolean =>
  (scope.type === undefined || scope.type === type) &&
  (scope.logGroup === undefined || scope.logGroup.test(logGroup));

/** Every field condition holds (equal values; numbers and their text compare equal, as users write them). */
export const whereHolds = (body: DocBody, where: Readonly<Record<string, Scalar>> | undefined): boolean => {
  if (where === undefined) return true;
  for (const [path, expected] of Object.entries(where)) {
    const actual = valueAt(body, path);
    if (actual === undefined || String(actual) !== String(expected)) return false;
  }
  return true;
};

const conditionsHold = (filter: EventFilter, body: DocBody, rawLine: string | undefined): boolean => {
  if (filter.levels !== undefined) {
    const level = LEVEL_FIELDS.map((path) => valueAt(body, path)).find((value) => typeof value === 'string');
    if (typeof level !== 'string' || !filter.levels.has(level.toLowerCase())) return false;
  }
  // A fully parsed record has no `@message`: its raw line is what the filter looks in.
  if (filter.message !== undefined && !(body['@message'] ?? rawLine ?? '').includes(filter.message))
    return false;
  return whereHolds(body, filter.where);
};

/**
 * The name of the first filter that drops this document, or undefined when it is kept.
 *
 * @example
 * ```ts
 * droppedBy([{ name: 'no-debug', action: 'exclude', levels: new Set(['debug']) }], doc, '/ecs/api'); // 'no-debug'
 * ```
 */
export const droppedBy = (
  filters: readonly EventFilter[],
  body: DocBody,
  logGroup: string,
  rawLine?: string,
): string | undefined => {
  for (const filter of filters) {
    if (!inScope(filter, logGroup, body['@type'])) continue;
    const holds = conditionsHold(filter, body, rawLine);
    if (filter.action === 'exclude' ? holds : !holds) return filter.name;
  }
  return undefined;
};
