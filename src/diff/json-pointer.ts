/** JSON pointers in URI-fragment form (`#/components/schemas/Key/properties/id`), as OpenAPI `$ref`s use. */

/** Escapes one reference token (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function escapePointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Unescapes one reference token. */
export function unescapePointerToken(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** Appends reference tokens to a pointer: `childPointer('#/paths', '/keys', 'post')` = `#/paths/~1keys/post`. */
export function childPointer(pointer: string, ...tokens: readonly (string | number)[]): string {
  return tokens.reduce<string>((p, t) => `${p}/${escapePointerToken(String(t))}`, pointer);
}

/**
 * Splits `#/a/b~1c` into `['a', 'b/c']`, decoding percent-escapes first as a URI fragment requires.
 * Returns undefined for anything that is not a local fragment pointer.
 */
export function parsePointer(pointer: string): string[] | undefined {
  if (!pointer.startsWith('#')) return undefined;
  let body: string;
  try {
    body = decodeURIComponent(pointer.slice(1));
  } catch {
    return undefined;
  }
  if (body === '') return [];
  if (!body.startsWith('/')) return undefined;
  return body.slice(1).split('/').map(unescapePointerToken);
}

/** The value a local pointer designates in a document, or undefined when it designates nothing. */
export function valueAtPointer(document: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens === undefined) return undefined;
  let node: unknown = document;
  for (const token of tokens) {
    if (Array.isArray(node)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      node = node[Number(token)];
    } else if (isRecord(node) && Object.hasOwn(node, token)) {
      node = node[token];
    } else {
      return undefined;
    }
  }
  return node;
}

/** True for a plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
