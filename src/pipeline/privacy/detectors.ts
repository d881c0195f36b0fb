import { isIPv6 } from 'node:net';

/**
 * A built-in detector: what it finds, what it leaves in its place, and whether it is on by default.
 * Secrets are on by default; personal data (emails, card numbers, addresses) is opt-in.
 *
 * @example
 * ```ts
 * const email = BUILT_IN_DETECTORS.find((detector) => detector.name === 'email');
 * 'mail ana@example.com'.replace(email.pattern, email.replacement); // 'mail [email]'
 * ```
 */
export interface Detector {
  readonly name: string;
  /** What stands where the value was: it says what was there, and no detector matches it again. */
  readonly replacement: string;
  readonly onByDefault: boolean;
  /**
   * What every text holding a finding holds, as a regular expression source (a necessary condition, checked
   * before the pattern runs): most strings carry none. A text is searched for the hints of all detectors in
   * force at once, so a text with none costs one search whatever the number of detectors. Kept short and
   * literal: the regular expression engine skips ahead over text that cannot start a literal.
   */
  readonly hintSource: string;
  /** The hint matches as written (the pattern itself is case-sensitive); otherwise it matches in any case. */
  readonly hintCaseSensitive?: boolean;
  /** Shorter texts cannot hold a finding: skipped without any scan. */
  readonly minLength: number;
  /**
   * Global; written so that each start position is tried at most once (a lookbehind anchors runs), which
   * keeps the scan linear in the text. A named group `v` marks the part replaced (the whole match otherwise).
   */
  readonly pattern: RegExp;
  /** A check on the found value, for detectors a pattern alone would over-match (Luhn, IPv6 syntax). */
  readonly accept?: (value: string) => boolean;
  /**
   * Shorter candidates inside a rejected match, longest first: a greedy pattern may run past the real
   * value (a card number followed by more digits), which must still be found on the first pass.
   */
  readonly shorter?: (match: string) => string[];
  /** Fields whose name says they hold a secret: their whole string value is replaced. */
  readonly fieldName?: RegExp;
  /** Left out of fields the field table types `ip`: those addresses are the point of VPC flow logs. */
  readonly skipsIpFields?: boolean;
  /**
   * Log types whose documents it leaves alone unless the configuration switches it on by name: there, what
   * it finds is an identifier the documents exist to show (CloudTrail's access key ids).
   */
  readonly offByDefaultIn?: readonly string[];
}

/** The Luhn checksum of a card number's digits: order numbers and ids that merely look long fail it. */
export const passesLuhn = (digits: string): boolean => {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let digit = digits.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return false;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
};

const cardNumber = (value: string): boolean => {
  const digits = value.replace(/[ -]/g, '');
  return digits.length >= 13 && digits.length <= 19 && passesLuhn(digits);
};

/**
 * A character that ends no JSON escape: not right after `\` (`\n`, `\t`) nor after `\uXXX` (`\u00e9`). In JSON
 * text (the `@message` of a JSON log, CloudTrail's request parameters) such an escape ends the word before a
 * finding, though its last character is a letter or digit.
 */
const NOT_ESCAPE_END = String.raw`(?<!\\|\\u[0-9A-Fa-f]{3})`;

/**
 * A lookbehind: not right after a character of the class `before` (or one of the alternatives `also`),
 * unless that character ends a JSON escape. One assertion, so the engine still skips ahead to the literal
 * that follows it; two alternative assertions made the access key scan thirty times slower.
 */
const notAfter = (before: string, also = ''): string => `(?<!${NOT_ESCAPE_END}${before}${also})`;

/** Names whose value is a secret when they end a key: `db_password`, `sessionToken`, `x-api-key`. */
const SECRET_NAMES =
  'password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey|credentials?|private[_-]?key';

/** Values that stand for no secret at all. */
const PLACEHOLDER = '(?:none|null|nil|false|true|expired|undefined|redacted|\\*+)';

/** Every built-in detector, by name (the names users switch on and off in `privacy.detectors`). */
export const BUILT_IN_DETECTORS: readonly Detector[] = [
  {
    name: 'aws_access_key',
    replacement: '[aws_key]',
    onByDefault: true,
    // "Which key made this call?" is what a CloudTrail investigation asks; a key id signs nothing alone.
    offByDefaultIn: ['cloudtrail'],
    hintSource: 'A[KS]IA',
    hintCaseSensitive: true,
    minLength: 20,
    // Long-term (AKIA) and temporary (ASIA) access key ids: 20 characters, upper case and digits.
    pattern: new RegExp(`${notAfter('[A-Z0-9]')}(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])`, 'dg'),
  },
  {
    name: 'aws_secret_key',
    replacement: '[aws_secret]',
    onByDefault: true,
    hintSource: 'secret',
    minLength: 40,
    // A 40-character secret access key where the text names it (`aws_secret_access_key = …`,
    // `"SecretAccessKey":"…"`, also JSON-escaped). The name's parts are bounded, so a long run of letters
    // costs a bounded number of steps per word, not one per pair of its characters.
    pattern:
      /(?<![A-Za-z0-9_:])[A-Za-z_]{0,40}?secret[A-Za-z_]{0,24}\\?["']?(?:\s*[:=]\s*|\s+)\\?["']?(?<v>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/dgi,
  },
  {
    name: 'private_key',
    replacement: '[private_key]',
    onByDefault: true,
    hintSource: '-----BEGIN',
    hintCaseSensitive: true,
    minLength: 30,
    // Through its END line, or, where that is missing (a key split across events, a cut message), to the end.
    pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----[^-]*(?:-----END [A-Z ]*PRIVATE KEY-----)?/dg,
  },
  {
    name: 'jwt',
    replacement: '[jwt]',
    onByDefault: true,
    // The payload's start: `.eyJ` is rarer in text than `eyJ`, and longer, so the scan skips further.
    hintSource: '\\.eyJ',
    hintCaseSensitive: true,
    minLength: 16,
    // header.payload.signature, the first two base64url JSON objects (`{"` encodes as `eyJ`).
    pattern: new RegExp(
      String.raw`${notAfter('[A-Za-z0-9_-]')}eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`,
      'dg',
    ),
  },
  {
    name: 'bearer_token',
    replacement: '[bearer_token]',
    onByDefault: true,
    hintSource: 'bearer|basic',
    minLength: 14,
    // `Bearer <token>` and `Basic <base64>` credentials. A token is long and not a plain word (`the bearer of
    // bad news`, `basic setup` stay): 8 or more characters with a digit or punctuation, ending where it ends.
    pattern: new RegExp(
      String.raw`${notAfter('[A-Za-z]')}(?:bearer\s+(?<v>(?!\[)(?=[A-Za-z]*[0-9._~+/-])[A-Za-z0-9._~+/-]{8,}=*)|basic\s+(?<b>(?=[A-Za-z]*[0-9+/])[A-Za-z0-9+/]{8,}={0,2}))(?![A-Za-z0-9._~+/=-])`,
      'dgi',
    ),
  },
  {
    name: 'url_credentials',
    replacement: '[secret]',
    onByDefault: true,
    hintSource: '://',
    hintCaseSensitive: true,
    minLength: 10,
    // The password of `scheme://user:password@host` (database URLs, proxies).
    pattern:
      /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,20}:\/\/[^\s:/@]{0,64}:(?<v>(?!\[)[^\s@/]{1,128})@/dg,
  },
  {
    name: 'provider_token',
    replacement: '[token]',
    onByDefault: true,
    hintSource: 'gh[pousr]_|github_pat_|_live_|xox[abprs]-',
    hintCaseSensitive: true,
    minLength: 20,
    // Tokens recognisable by their prefix alone: GitHub, Stripe live keys, Slack.
    pattern: new RegExp(
      `${notAfter('[A-Za-z0-9_]')}(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|(?:sk|rk)_live_[A-Za-z0-9]{16,}|xox[abprs]-[A-Za-z0-9-]{10,})`,
      'dg',
    ),
  },
  {
    name: 'secret_value',
    replacement: '[secret]',
    onByDefault: true,
    // Also every word the field-name check looks for, so a message with none of them has no such field.
    hintSource: 'passw|passp|pwd|secret|token|api.?key|credential|private.?key',
    minLength: 6,
    // The value after a name that ends in a secret's word: `password=…`, `"sessionToken":"…"` (also
    // JSON-escaped, and quoted values whole, spaces included), `client_secret: …`. Not after a `:` (Secrets
    // Manager ARNs name a secret, they are not one), not placeholders (`none`, `false`, `****`), not paths
    // (`PWD=/var/task`), and not AWS's paging and idempotency tokens (`clientToken`, `nextToken`).
    pattern: new RegExp(
      `(?<![A-Za-z0-9_:-])(?!(?:client|next|continuation|idempotency|page|pagination)_?token\\b)[A-Za-z0-9_-]{0,40}?(?:${SECRET_NAMES})\\\\?["']?\\s*[:=]\\s*(?:\\\\?"(?!${PLACEHOLDER}\\\\?")(?<q>(?!\\[)(?:[^"\\\\\\n]|\\\\[^"\\n])+?)\\\\?"|'(?!${PLACEHOLDER}')(?<s>(?!\\[)[^'\\n]+?)'|(?!${PLACEHOLDER}(?![^\\s"'&,;}\\\\]))(?<v>(?![[/])(?:[^\\s"'&,;}\\\\]|&(?![A-Za-z0-9_.-]+=)){4,}))`,
      'dgi',
    ),
    // A field named like a secret (`json.password`, `json.sessionToken`, `json.aws_secret_access_key`) has
    // its whole value replaced, numbers included.
    fieldName: new RegExp(
      `^(?!(?:client|next|continuation|idempotency|page|pagination)_?token$).*(?:${SECRET_NAMES}|secret[_-]?(?:access[_-]?)?key)$`,
      'i',
    ),
  },
  {
    name: 'email',
    replacement: '[email]',
    onByDefault: false,
    hintSource: '@',
    hintCaseSensitive: true,
    minLength: 6,
    // Not from the letter of an escape (`\nana@…` is `ana@…` after a line break).
    pattern: new RegExp(
      String.raw`${notAfter('[A-Za-z0-9._%+-]')}(?<!\\)[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])`,
      'dg',
    ),
  },
  {
    name: 'card_number',
    replacement: '[card_number]',
    onByDefault: false,
    hintSource: '\\d{4}',
    hintCaseSensitive: true,
    minLength: 13,
    // 13 to 19 digits, optionally grouped by spaces or dashes, starting as the card networks' numbers do
    // (2–6: epoch milliseconds start with 1), kept unless the Luhn checksum holds.
    pattern: new RegExp(
      String.raw`${notAfter(String.raw`[\d.-]`)}(?<!\d:)[2-6](?:[ -]?\d){12,18}(?!\d)`,
      'dg',
    ),
    accept: cardNumber,
    // Prefixes that end where a group of digits ends: `4111 1111 1111 1111` inside `4111 1111 1111 1111 203`.
    shorter: (match) => {
      const ends: string[] = [];
      for (let i = match.length - 1; i > 0; i--)
        if (match[i] === ' ' || match[i] === '-') ends.push(match.slice(0, i));
      return ends;
    },
  },
  {
    name: 'ipv4',
    replacement: '[ipv4]',
    onByDefault: false,
    hintSource: '\\d\\.\\d',
    hintCaseSensitive: true,
    minLength: 7,
    // Four octets of 0–255; not a version (`v1.2.3.4`, `version: 1.2.3.4`, `node/18.17.1.0`) and not part of
    // a longer dotted run.
    pattern: new RegExp(
      String.raw`${notAfter(String.raw`[\w./]`, '|v|version |version: ')}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?![\w.]|\.\d)`,
      'dgi',
    ),
    skipsIpFields: true,
  },
  {
    name: 'ipv6',
    replacement: '[ipv6]',
    onByDefault: false,
    hintSource: ':',
    hintCaseSensitive: true,
    minLength: 3,
    pattern: new RegExp(
      String.raw`${notAfter(String.raw`[\w:]`)}(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|:)?(?![\w:])`,
      'dg',
    ),
    // Times (`12:30:45`) and other colon runs fail Node's own IPv6 check.
    accept: (value) => isIPv6(value),
    skipsIpFields: true,
  },
];

/** The names of the built-in detectors. */
export const DETECTOR_NAMES: readonly string[] = BUILT_IN_DETECTORS.map((detector) => detector.name);
