import { isIPv6 } from 'node:net';

/** Returned by {@link parseCount} for anything that is not a whole number. */
export const NOT_A_COUNT = -1;

const ZERO = 48;
const NINE = 57;

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
export const isIPv4Address = (text: string): boolean => {
  const length = text.length;
  if (length < 7 || length > 15) return false;
  let octets = 0;
  let digits = 0;
  let value = 0;
  for (let index = 0; index <= length; index++) {
    const code = index === length ? 46 /* '.' ends the last octet */ : text.charCodeAt(index);
    if (code === 46) {
      if (digits === 0 || value > 255) return false;
      octets++;
      digits = 0;
      value = 0;
    } else if (code >= ZERO && code <= NINE) {
      if (digits === 1 && value === 0) return false; // leading zero: OpenSearch would not read it as decimal
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
