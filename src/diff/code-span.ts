/**
 * `text` as a Markdown code span, so values from a contract (patterns, enum values, defaults, field names)
 * read literally: inside a span `\`, `*` and `_` are not Markdown. The fence is longer than any backtick run
 * in the text, and text that starts or ends with a backtick or a space is padded, since the renderer strips
 * one space from each side. Messages carry these spans in every format; the Markdown report adds only the
 * table escape for `|`.
 */
export function codeSpan(text: string): string {
  const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = /^[ `]|[ `]$/.test(text) && !/^ *$/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
