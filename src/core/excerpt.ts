/** The most characters of any one piece of document content (a message, a reason quoting it) in a log line. */
export const LOG_EXCERPT_CHARS = 200;

/**
 * A bounded excerpt of text for a log line: at most `maxChars` characters (never a split surrogate pair),
 * then how much was left out. Log lines carry what went wrong and where, never a whole document: a log
 * message can be 256 KB of someone's data, and logs are kept and read more widely than the indices.
 *
 * @example
 * ```ts
 * excerpt('x'.repeat(500)); // 'xxx…xxx… (300 more characters)' (200 x's, then the count)
 * excerpt('short'); // 'short'
 * ```
 */
export const excerpt = (text: string, maxChars: number = LOG_EXCERPT_CHARS): string => {
  if (text.length <= maxChars) return text;
  // Do not cut between the two halves of a surrogate pair: that would leave a lone half.
  const end = maxChars > 0 && /[\uD800-\uDBFF]/.test(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
  return `${text.slice(0, end)}… (${text.length - end} more characters)`;
};

/**
 * A bounded excerpt of any value for a log line: strings as they are, anything else as its JSON, either way
 * cut by {@link excerpt}.
 *
 * @example
 * ```ts
 * excerptOf({ message: 'a'.repeat(1_000) }).length; // 224 (200 characters and the count)
 * ```
 */
export const excerptOf = (value: unknown, maxChars: number = LOG_EXCERPT_CHARS): string => {
  if (typeof value === 'string') return excerpt(value, maxChars);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return excerpt(text, maxChars);
};
