/**
 * A URL fit for logs and messages: user name and password removed.
 *
 * @example
 * ```ts
 * redactUrl('https://admin:secret@search.example.com/'); // 'https://search.example.com'
 * ```
 */
export const redactUrl = (url: string): string => {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(an unparsable URL)';
  }
};
