/**
 * Names an attacker controls (log group and stream names, subscription filter names, JSON keys and values
 * in messages), each aimed at a place a name could leak into: paths, index names and patterns, multi-index
 * expressions, cross-cluster syntax, shells, SQL, HTML, and length and encoding limits.
 */
export const HOSTILE_NAMES: readonly string[] = [
  '../../etc/passwd',
  '..',
  '/aws/lambda/*',
  'logs,_all',
  'UPPER/Case',
  '#fragment',
  'remote:cwl-*',
  'C:\\Windows\\System32',
  'x'.repeat(600),
  'ünïcødé/日本語/🎉',
  'İstanbul', // lowercases to a longer string
  'line\nbreak\r\nheader: injected',
  "$(touch /tmp/cwlpipe-pwned); `id` | rm -rf / && echo '",
  "'); DROP TABLE vpc_flows_minute; --",
  '<script>alert(1)</script>',
  '"quoted" \\ back',
  '\u0000nul\u0007bell\u202eright-to-left',
  '-leading-dash',
  '_leading_underscore',
  '+plus',
  ' spaced out ',
];
