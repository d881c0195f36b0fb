import type { VpcFormat } from '../../core';
import { DEFAULT_VPC_FORMAT } from './format';
import { planFor, type VpcPlan } from './plan';

// A flow-log line is short (the full 42-field format with ECS ARNs stays well under this);
// the cap keeps the sniff from scanning a huge unrelated message for spaces.
const MAX_SNIFF_CHARS = 4096;

const ZERO = 48;
const NINE = 57;

const NO_CHECK = 0;
const VERSION = 1;
const ACTION = 2;
const LOG_STATUS = 3;
type Check = typeof NO_CHECK | typeof VERSION | typeof ACTION | typeof LOG_STATUS;

const checksOf = (plan: VpcPlan): readonly Check[] =>
  plan.names.map((name): Check => {
    if (name === 'version') return VERSION;
    if (name === 'action') return ACTION;
    if (name === 'log_status') return LOG_STATUS;
    // Other values are left to the transform: checking every digit here doubled the sniff's cost,
    // and a line of the right shape with a bad value is better set aside with a reason than indexed as text.
    return NO_CHECK;
  });

const CHECKS = new WeakMap<VpcFormat, readonly Check[]>();
// The sniff runs on every unrouted event, nearly always with the default format: skip the WeakMap then.
let lastFormat: VpcFormat | undefined;
let lastChecks: readonly Check[] = [];

const checksFor = (format: VpcFormat): readonly Check[] => {
  if (format === lastFormat) return lastChecks;
  let checks = CHECKS.get(format);
  if (checks === undefined) {
    checks = checksOf(planFor(format));
    CHECKS.set(format, checks);
  }
  lastFormat = format;
  lastChecks = checks;
  return checks;
};

const isWord = (message: string, from: number, to: number, word: string): boolean =>
  to - from === word.length && message.startsWith(word, from);

const allDigits = (message: string, from: number, to: number): boolean => {
  for (let index = from; index < to; index++) {
    const code = message.charCodeAt(index);
    if (code < ZERO || code > NINE) return false;
  }
  return true;
};

const passes = (check: Check, message: string, from: number, to: number): boolean => {
  switch (check) {
    case NO_CHECK:
      return true;
    case VERSION:
      return to - from <= 2 && allDigits(message, from, to);
    case ACTION:
      return (
        isWord(message, from, to, 'ACCEPT') ||
        isWord(message, from, to, 'REJECT') ||
        isWord(message, from, to, '-')
      );
    case LOG_STATUS:
      return (
        isWord(message, from, to, 'OK') ||
        isWord(message, from, to, 'NODATA') ||
        isWord(message, from, to, 'SKIPDATA')
      );
  }
};

/**
 * Does a message look like a line of this flow-log format? Exactly one token per field, single
 * spaces, and where the format has them a 1–2 digit version, an ACCEPT/REJECT/- action and an
 * OK/NODATA/SKIPDATA log status. Walks the string with `indexOf`: no split, no regex, no
 * allocation, and it stops at the first token that does not fit.
 *
 * @example
 * ```ts
 * fitsVpcFormat('2 418295730164 eni-0f3c9a1d2b4e5f607 10.0.1.5 10.0.2.9 443 49152 6 10 840 1714564800 1714564860 ACCEPT OK'); // true
 * fitsVpcFormat('GET /health 200'); // false
 * ```
 */
export const fitsVpcFormat = (message: string, format: VpcFormat = DEFAULT_VPC_FORMAT): boolean => {
  const length = message.length;
  if (length === 0 || length > MAX_SNIFF_CHARS) return false;
  const checks = checksFor(format);
  const last = checks.length - 1;
  if (last < 0) return false;
  let from = 0;
  for (let index = 0; index <= last; index++) {
    const space = message.indexOf(' ', from);
    // The last token runs to the end and must not hide more tokens.
    const to = index === last ? (space === -1 ? length : -1) : space;
    // Too few or too many tokens, or an empty one (two spaces, a leading or trailing space).
    if (to <= from) return false;
    if (!passes(checks[index] ?? NO_CHECK, message, from, to)) return false;
    from = to + 1;
  }
  return true;
};
