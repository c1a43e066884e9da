const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text that quotes the target's own words (an error message in a finding, a refusal in the reason), as
 * Markdown that is text on its line. Rendered as a job summary or a PR comment, a newline would let the
 * target start a heading ("# keys-conformance: CONFORMANT"), `<` would be HTML, `[…](…)` a link that
 * hides where it goes, and a control character is a terminal escape for whoever prints it.
 */
export function plainText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
      .replace(/[&<>]/g, (c) => HTML_ENTITIES[c] ?? c)
      .replace(/[\\[\]]/g, (c) => `\\${c}`)
  );
}
