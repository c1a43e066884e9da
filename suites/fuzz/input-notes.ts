import { codePointLength } from '../../generators/unicode.ts';
import type { FuzzRequest } from '../../src/run/replay-request.ts';

/**
 * What a reader cannot see in a shrunk input: invisible, combining, control and lone-surrogate code points
 * (a zero-width joiner prints as nothing), and how long each string is in the code points a schema counts.
 * A finding names them, so "answered 500" on a 100-character name says which character matters.
 */

export interface StringNote {
  /** Where the string is: `body.name`, `query.limit`, `path.keyId`. */
  readonly at: string;
  readonly codePoints: number;
  /** Each notable code point once, `U+200D`, with the code-point index of its first occurrence. */
  readonly notable: readonly { readonly codePoint: string; readonly index: number }[];
}

// Format (Cf), control (Cc), nonspacing and enclosing marks (Mn, Me), separators other than the plain space
// (Zs, Zl, Zp), and surrogate halves left alone: what a terminal or a Markdown page shows wrongly or not at all.
const NOTABLE = /[\p{Cf}\p{Cc}\p{Mn}\p{Me}\p{Zl}\p{Zp}\uD800-\uDFFF]|(?! )\p{Zs}/u;

function hex(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

function noteOf(at: string, text: string): StringNote | undefined {
  const notable: { codePoint: string; index: number }[] = [];
  const seen = new Set<number>();
  let index = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (!seen.has(codePoint) && NOTABLE.test(char)) {
      seen.add(codePoint);
      notable.push({ codePoint: hex(codePoint), index });
    }
    index += 1;
  }
  return notable.length === 0 ? undefined : { at, codePoints: codePointLength(text), notable };
}

function walk(at: string, value: unknown, out: StringNote[]): void {
  if (typeof value === 'string') {
    const note = noteOf(at, value);
    if (note !== undefined) out.push(note);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      walk(`${at}[${i}]`, item, out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [name, field] of Object.entries(value)) walk(`${at}.${name}`, field, out);
  }
}

/** The strings of a request that hold notable code points, body, query and path. */
export function stringNotes(request: FuzzRequest): StringNote[] {
  const out: StringNote[] = [];
  if (request.body !== undefined)
    walk('body', 'json' in request.body ? request.body.json : request.body.raw, out);
  walk('query', request.query ?? {}, out);
  walk('path', request.pathParams ?? {}, out);
  return out;
}

/** ` (body.name: 100 code points, U+200D at 57)`, or '' when no string holds a notable code point. */
export function stringNotesSuffix(notes: readonly StringNote[]): string {
  if (notes.length === 0) return '';
  const parts = notes.map(
    (n) =>
      `${n.at}: ${n.codePoints} code points, ${n.notable.map((c) => `${c.codePoint} at ${c.index}`).join(', ')}`,
  );
  return ` (${parts.join('; ')})`;
}
