import { isIPv6 } from 'node:net';
import { protocolName } from './protocols';

// The whole per-line path lives in this one file on purpose: in compiled CommonJS every imported binding
// is read as a property of its module object, and a dozen such reads per field cost more than the parsing.

/** How the value at one position is read. */
export const KEYWORD = 0;
export const LONG = 1;
export const IP = 2;
export type ValueKind = typeof KEYWORD | typeof LONG | typeof IP;

/** Returned by {@link parseCount} for anything that is not a whole number. */
export const NOT_A_COUNT = -1;

const ZERO = 48;
const NINE = 57;
const DOT = 46;
const DASH = 45;
const SPACE = 32;
const LOWER_A = 97;
const LOWER_Z = 122;
const WHITESPACE = /\s+/;

/** The `vpc` namespace of one document. */
export type VpcValues = Record<string, string | number>;

/**
 * The values of one line by position (undefined where the line has `-`), then `protocol_name`
 * at position `size`: what a plan's `build` turns into {@link VpcValues}.
 */
export type LineValues = Array<string | number | undefined>;

/**
 * A format compiled once into parallel per-position arrays, so the per-line loop reads an int and
 * a name by index and never looks a field up by name.
 *
 * @example
 * ```ts
 * const plan = planFor(formatOf('${srcaddr} ${bytes}'));
 * plan.kinds; // [IP, LONG]
 * plan.build(['10.0.1.5', 840, undefined]); // { srcaddr: '10.0.1.5', bytes: 840 }
 * ```
 */
export interface VpcPlan {
  readonly size: number;
  /** Document field under `vpc` per position, e.g. `log_status`. */
  readonly names: readonly string[];
  /** AWS name per position, e.g. `log-status`: what header lines and error messages show. */
  readonly awsNames: readonly string[];
  readonly kinds: readonly ValueKind[];
  /** Position of `start` (for `@timestamp`), or -1. */
  readonly startIndex: number;
  /** Position of `protocol` (for `protocol_name`), or -1. */
  readonly protocolIndex: number;
  /** The format as a header line writes it, for messages. */
  readonly header: string;
  /** Cheap pre-check: header lines start with a field name, data lines (almost) never do. */
  mayBeHeader(firstToken: string): boolean;
  /** Every token is a field name: a header line, for this format or another. */
  isHeader(tokens: readonly string[]): boolean;
  /** The `vpc` object of one line's values, in format order, `protocol_name` after `protocol`. */
  build(values: LineValues): VpcValues;
  /** Reused for every line of this format (transforms are synchronous): no array per line. */
  readonly scratch: LineValues;
}

/**
 * Why a line gave no values. A class, so the common case (values) needs no wrapper object.
 *
 * @example
 * ```ts
 * const read = readLine('2 418295730164 eni-0f3c9a1d2b4e5f607', plan);
 * if (read instanceof LineProblem) console.log(read.kind, read.at); // 'field_count' 3
 * ```
 */
export class LineProblem {
  public constructor(
    public readonly kind: 'empty' | 'header' | 'field_count' | 'bad_value',
    /** For `field_count`: the number of fields found; for `bad_value`: the position of the value. */
    public readonly at = 0,
    /** For `bad_value`: the value itself. */
    public readonly token = '',
  ) {}
}

const EMPTY = new LineProblem('empty');
const HEADER = new LineProblem('header');

/**
 * Reads one flow-log line with a compiled plan, one typed conversion per field: `-` leaves the
 * field out; `protocol` also yields `protocol_name` when the number is known.
 *
 * @example
 * ```ts
 * readLine('2 418295730164 eni-0f3c9a1d2b4e5f607 - - - - - - - 1714564800 1714564860 - NODATA', planFor(DEFAULT_VPC_FORMAT));
 * // { version: 2, account_id: '418295730164', interface_id: 'eni-0f3c9a1d2b4e5f607', start: 1714564800, end: 1714564860, log_status: 'NODATA' }
 * ```
 */
export const readLine = (message: string, plan: VpcPlan): VpcValues | LineProblem => {
  const values = plan.scratch;
  if (readTidyLine(message, plan, values)) return build(plan, values);
  return readAnyLine(message, plan, values);
};

const build = (plan: VpcPlan, values: LineValues): VpcValues => {
  const protocol = plan.protocolIndex < 0 ? undefined : values[plan.protocolIndex];
  values[plan.size] = typeof protocol === 'number' ? protocolName(protocol) : undefined;
  return plan.build(values);
};

/**
 * The fast path, for the lines AWS writes: single spaces, every value well-formed. It walks the
 * message once: numbers are read digit by digit up to the space that ends them, other values end
 * at the next `indexOf(' ')` and are sliced only to be kept. Anything unusual returns false, and
 * {@link readAnyLine} says what it is.
 */
const readTidyLine = (message: string, plan: VpcPlan, values: LineValues): boolean => {
  const length = message.length;
  if (length === 0 || message.charCodeAt(0) <= SPACE || message.charCodeAt(length - 1) <= SPACE) return false;
  const first = message.charCodeAt(0);
  // Header lines start with a lower-case field name; values of the first field rarely do.
  if (first >= LOWER_A && first <= LOWER_Z && plan.mayBeHeader(firstToken(message))) return false;
  const { size, kinds } = plan;
  const last = size - 1;
  let from = 0;
  for (let index = 0; index < size; index++) {
    // The line ended early (too few fields): the careful path tells how many.
    if (from >= length) return false;
    let to: number;
    if (
      message.charCodeAt(from) === DASH &&
      (from + 1 === length || message.charCodeAt(from + 1) === SPACE)
    ) {
      values[index] = undefined;
      to = from + 1;
    } else if (kinds[index] === LONG) {
      // Digits are read up to the next space in the same pass that finds it: no indexOf, no slice.
      let value = 0;
      to = from;
      while (to < length) {
        const code = message.charCodeAt(to);
        if (code === SPACE) break;
        if (code < ZERO || code > NINE) return false;
        value = value * 10 + (code - ZERO);
        to++;
      }
      if (to === from || to - from > 16 || value > Number.MAX_SAFE_INTEGER) return false;
      values[index] = value;
    } else {
      const space = message.indexOf(' ', from);
      to = space === -1 ? length : space;
      if (to === from) return false;
      if (kinds[index] === KEYWORD || isIPv4At(message, from, to)) {
        values[index] = message.slice(from, to);
      } else {
        const token = message.slice(from, to);
        if (!isIpAddress(token)) return false;
        values[index] = token;
      }
    }
    // Each field ends at a space, the last at the end of the line (more fields: the careful path).
    if (index === last ? to !== length : to === length) return false;
    from = to + 1;
  }
  return true;
};

const firstToken = (message: string): string => {
  const space = message.indexOf(' ');
  return space === -1 ? message : message.slice(0, space);
};

/** The careful path: any whitespace between fields, header lines, and exactly what is wrong. */
const readAnyLine = (message: string, plan: VpcPlan, values: LineValues): VpcValues | LineProblem => {
  const tokens = tokenize(message);
  const first = tokens[0];
  if (first === undefined) return EMPTY;
  if (plan.mayBeHeader(first) && plan.isHeader(tokens)) return HEADER;
  const { size, kinds } = plan;
  if (tokens.length !== size) return new LineProblem('field_count', tokens.length);
  for (let index = 0; index < size; index++) {
    const token = tokens[index] as string;
    const kind = kinds[index];
    if (token === '-') {
      values[index] = undefined;
    } else if (kind === KEYWORD) {
      values[index] = token;
    } else if (kind === IP) {
      if (!isIpAddress(token)) return new LineProblem('bad_value', index, token);
      values[index] = token;
    } else {
      const value = parseCount(token);
      if (value === NOT_A_COUNT) return new LineProblem('bad_value', index, token);
      values[index] = value;
    }
  }
  return build(plan, values);
};

/**
 * The whitespace-separated tokens of a line (none for a blank one).
 *
 * @example
 * ```ts
 * tokenize(' 2  OK\n'); // ['2', 'OK']
 * ```
 */
export const tokenize = (message: string): string[] => {
  const trimmed = message.trim();
  return trimmed.length === 0 ? [] : trimmed.split(WHITESPACE);
};

/**
 * A non-negative whole number written in decimal digits (`443`, `0`), or {@link NOT_A_COUNT}.
 * Signs, exponents, hex, blanks and numbers past 2^53 are refused: flow logs never write them,
 * and a silently rounded byte count is worse than a set-aside line.
 *
 * @example
 * ```ts
 * parseCount('8080'); // 8080
 * parseCount('8e3'); // -1
 * ```
 */
export const parseCount = (text: string): number => {
  const length = text.length;
  if (length === 0 || length > 16) return NOT_A_COUNT;
  let value = 0;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code < ZERO || code > NINE) return NOT_A_COUNT;
    value = value * 10 + (code - ZERO);
  }
  return value <= Number.MAX_SAFE_INTEGER ? value : NOT_A_COUNT;
};

/**
 * Dotted-quad IPv4 without leading zeros (`10.0.1.5`), checked char by char: no regex, no allocation.
 *
 * @example
 * ```ts
 * isIPv4Address('172.31.16.139'); // true
 * isIPv4Address('010.0.0.1'); // false
 * ```
 */
export const isIPv4Address = (text: string): boolean => isIPv4At(text, 0, text.length);

/** {@link isIPv4Address} of `text.slice(from, to)`, without the slice. */
const isIPv4At = (text: string, from: number, to: number): boolean => {
  if (to - from < 7 || to - from > 15) return false;
  let octets = 0;
  let digits = 0;
  let value = 0;
  for (let index = from; index <= to; index++) {
    // The end of the range closes the last octet as a dot would.
    const code = index === to ? DOT : text.charCodeAt(index);
    if (code === DOT) {
      if (digits === 0 || value > 255) return false;
      octets++;
      digits = 0;
      value = 0;
    } else if (code >= ZERO && code <= NINE) {
      // A leading zero is refused: some readers take it as octal, OpenSearch refuses it.
      if (digits === 1 && value === 0) return false;
      value = value * 10 + (code - ZERO);
      digits++;
    } else {
      return false;
    }
  }
  return octets === 4;
};

/**
 * An IPv4 or IPv6 address OpenSearch's `ip` type accepts. IPv6 zone ids (`fe80::1%eth0`) are refused.
 *
 * @example
 * ```ts
 * isIpAddress('2600:1f18:4a3:6a00::1'); // true
 * isIpAddress('eni-0a1b2c3d'); // false
 * ```
 */
export const isIpAddress = (text: string): boolean => {
  if (isIPv4Address(text)) return true;
  return text.length <= 45 && text.includes(':') && !text.includes('%') && isIPv6(text);
};
