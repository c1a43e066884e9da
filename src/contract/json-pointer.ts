/**
 * JSON pointers in URI-fragment form (`#/components/schemas/Key/properties/id`), the form every violation and
 * finding cites. Tokens are escaped per RFC 6901 (`~` -> `~0`, `/` -> `~1`) but not percent-encoded, so that
 * pointers read as they do in OpenAPI tooling (`#/paths/~1keys~1{keyId}/get`).
 */

/** Escapes one reference token (`/keys/{keyId}` -> `~1keys~1{keyId}`). */
export function escapePointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Undoes `escapePointerToken`. */
export function unescapePointerToken(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** Appends tokens to a pointer: `childPointer('#/paths', '/keys', 'get')` -> `#/paths/~1keys/get`. */
export function childPointer(pointer: string, ...tokens: readonly (string | number)[]): string {
  return tokens.reduce<string>((acc, token) => `${acc}/${escapePointerToken(String(token))}`, pointer);
}

/** Splits `#/a/b~1c` (or `/a/b~1c`) into `['a', 'b/c']`; the root (`#` or empty) gives `[]`. */
export function pointerTokens(pointer: string): string[] {
  const path = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (path === '') return [];
  if (!path.startsWith('/'))
    throw new Error(`"${pointer}" is not a JSON pointer (expected "#/..." or "/...")`);
  return path.slice(1).split('/').map(unescapePointerToken);
}

/** The pointer form of a token list, with the leading `#`. */
export function pointerFromTokens(tokens: readonly string[]): string {
  return childPointer('#', ...tokens);
}

/** Returns whether a value is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value one token below `node`, or undefined; array indices must be canonical decimal. */
export function childValue(node: unknown, token: string): unknown {
  if (Array.isArray(node)) {
    if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
    return (node as readonly unknown[])[Number(token)];
  }
  if (isJsonObject(node) && Object.hasOwn(node, token)) return node[token];
  return undefined;
}

/** The value at a pointer without following `$ref`s, or undefined when a token is missing. */
export function valueAtPointer(root: unknown, pointer: string): unknown {
  let node: unknown = root;
  for (const token of pointerTokens(pointer)) {
    node = childValue(node, token);
    if (node === undefined) return undefined;
  }
  return node;
}
