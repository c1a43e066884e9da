import { escapePointerToken } from '../contract/json-pointer.ts';

/** A member name that one JSON object holds twice, and where that object is. */
export interface DuplicateName {
  /** The second occurrence, as a JSON pointer into the body: `/items/0/status`. */
  readonly pointer: string;
  readonly name: string;
}

type Frame =
  | { readonly kind: 'object'; readonly names: Set<string>; expectName: boolean; current: string }
  | { readonly kind: 'array'; index: number };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The member names JSON text repeats within one object (at most `limit` of them). JSON.parse cannot tell:
 * it keeps the last value silently. `text` must be JSON that JSON.parse accepted; names are compared
 * decoded, so `"a"` and `"\u0061"` are the same name.
 */
export function duplicateNames(text: string, limit = 5): DuplicateName[] {
  const found: DuplicateName[] = [];
  const stack: Frame[] = [];
  const length = text.length;
  let i = 0;
  while (i < length && found.length < limit) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      const top = stack.at(-1);
      if (top?.kind === 'object' && top.expectName) {
        const literal = text.slice(i, end + 1);
        const name = literal.includes('\\') ? (JSON.parse(literal) as string) : literal.slice(1, -1);
        if (top.names.has(name)) found.push({ pointer: pointerOf(stack, name), name });
        top.names.add(name);
        top.expectName = false;
        top.current = name;
      }
      i = end + 1;
      continue;
    }
    if (c === 0x7b) stack.push({ kind: 'object', names: new Set(), expectName: true, current: '' });
    else if (c === 0x5b) stack.push({ kind: 'array', index: 0 });
    else if (c === 0x7d || c === 0x5d) stack.pop();
    else if (c === 0x2c) {
      const top = stack.at(-1);
      if (top?.kind === 'object') top.expectName = true;
      else if (top !== undefined) top.index += 1;
    }
    i += 1;
  }
  return found;
}

/** The index of the quote that closes the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i;
    i += c === BACKSLASH ? 2 : 1;
  }
  return text.length;
}

function pointerOf(stack: readonly Frame[], name: string): string {
  const tokens = stack
    .slice(0, -1)
    .map((frame) => (frame.kind === 'object' ? frame.current : String(frame.index)));
  return [...tokens, name].map((token) => `/${escapePointerToken(token)}`).join('');
}
