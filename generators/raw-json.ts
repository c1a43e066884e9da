/**
 * Raw JSON texts that a parsed value cannot express: the same member name twice in one object (RFC 8259
 * §4 says names SHOULD be unique, I-JSON (RFC 7493 §2.3) says MUST; `JSON.parse` silently keeps the last),
 * and texts that are not JSON at all.
 */

/**
 * The first member name that appears twice in one object of a JSON text, after decoding escapes (so
 * `"a"` and `"\u0061"` are the same name); undefined when names are unique. Expects text `JSON.parse`
 * accepts; on other text the answer means nothing.
 */
export function duplicateKeyIn(text: string): string | undefined {
  // One frame per open object (its names so far) or array (null); `key` is true where a name is due.
  const frames: { names: Set<string> | null; key: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') frames.push({ names: new Set(), key: true });
    else if (c === '[') frames.push({ names: null, key: false });
    else if (c === '}' || c === ']') frames.pop();
    else if (c === ',') {
      const top = frames.at(-1);
      if (top?.names) top.key = true;
    } else if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const top = frames.at(-1);
      if (top?.names && top.key) {
        const name = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.names.has(name)) return name;
        top.names.add(name);
        top.key = false;
      }
      i = end;
    }
  }
  return undefined;
}

/** The JSON text of an object with member `name` written again at the end, with the raw JSON `literal`. */
export function withDuplicateMember(objectText: string, name: string, literal: string): string {
  const end = objectText.lastIndexOf('}');
  if (!objectText.startsWith('{') || end < 0)
    throw new Error('withDuplicateMember expects the text of an object');
  const inner = objectText.slice(1, end).trim();
  return `{${inner}${inner === '' ? '' : ','}${JSON.stringify(name)}:${literal}}`;
}

/** Ways a body can fail to be JSON, each a small, realistic corruption of a valid text. */
export type MalformedJsonVariant =
  'truncated' | 'trailing comma' | 'single quotes' | 'unquoted text' | 'comment';

/** Every malformed variant, in a stable order. */
export const MALFORMED_JSON_VARIANTS: readonly MalformedJsonVariant[] = [
  'truncated',
  'trailing comma',
  'single quotes',
  'unquoted text',
  'comment',
];

/**
 * A corruption of valid JSON text that no JSON parser may accept. `cut` chooses where a truncation ends
 * (default: the last character goes).
 */
export function malformedJson(text: string, variant: MalformedJsonVariant, cut?: number): string {
  switch (variant) {
    case 'truncated':
      // Never down to nothing: an empty body is a missing body, a different mutation.
      return text.length < 2
        ? '{'
        : text.slice(0, Math.max(1, Math.min(text.length - 1, cut ?? text.length - 1)));
    case 'trailing comma': {
      const last = text.length - 1;
      return /[}\]]$/.test(text) ? `${text.slice(0, last)},${text.slice(last)}` : `${text},`;
    }
    case 'single quotes':
      return text.includes('"') ? text.replaceAll('"', "'") : `'${text}'`;
    case 'unquoted text':
      return `{body: ${text}}`;
    case 'comment':
      return `/* keys-conformance */ ${text}`;
  }
}
