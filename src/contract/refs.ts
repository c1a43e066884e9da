import {
  childPointer,
  childValue,
  isJsonObject,
  pointerFromTokens,
  pointerTokens,
  valueAtPointer,
} from './json-pointer.ts';

/** One `$ref` in the document: where it sits and what it says. */
export interface RefSite {
  /** Pointer of the object that holds the `$ref` keyword. */
  readonly pointer: string;
  readonly ref: string;
}

/** A value in the document and the pointer where it actually lives (after following `$ref`s). */
export interface Located {
  readonly pointer: string;
  readonly value: unknown;
}

// Keywords whose values are data, not schemas or OpenAPI objects: a `$ref` key inside them is not a reference.
const DATA_KEYWORDS = new Set(['example', 'examples', 'enum', 'const', 'default']);

/** Every `$ref` in the document, in document order (data under `example`, `enum`, … is skipped). */
export function findRefs(document: unknown): RefSite[] {
  const sites: RefSite[] = [];
  const visit = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item: unknown, index) => {
        visit(item, childPointer(pointer, index));
      });
      return;
    }
    if (!isJsonObject(node)) return;
    if (typeof node.$ref === 'string') sites.push({ pointer, ref: node.$ref });
    for (const [key, value] of Object.entries(node)) {
      if (!DATA_KEYWORDS.has(key)) visit(value, childPointer(pointer, key));
    }
  };
  visit(document, '#');
  return sites;
}

/**
 * Follows a local `$ref` (`#/...`) to its target, or explains why it cannot: only references within the same
 * document are supported, because every violation must cite a pointer inside this one file.
 */
export function followRef(document: unknown, ref: string): Located | { readonly error: string } {
  if (!ref.startsWith('#'))
    return { error: `external $ref "${ref}" is not supported (only "#/..." references)` };
  let pointer: string;
  try {
    // A fragment may be percent-encoded (RFC 6901 section 6); the canonical pointer is not.
    pointer = pointerFromTokens(pointerTokens(ref).map((token) => decodeURIComponent(token)));
  } catch {
    return { error: `$ref "${ref}" is not a JSON pointer` };
  }
  const value = valueAtPointer(document, pointer);
  if (value === undefined) return { error: `$ref "${ref}" points at nothing` };
  return { pointer, value };
}

/** Follows `$ref` chains from a node until it is not a reference; undefined on a broken or circular chain. */
export function followRefChain(document: unknown, located: Located): Located | undefined {
  let current = located;
  const seen = new Set<string>();
  while (isJsonObject(current.value) && typeof current.value.$ref === 'string') {
    if (seen.has(current.pointer)) return undefined;
    seen.add(current.pointer);
    const next = followRef(document, current.value.$ref);
    if ('error' in next) return undefined;
    current = next;
  }
  return current;
}

/**
 * The value at a pointer, following every `$ref` met on the way and at the end, with the pointer where it
 * lives: `#/paths/~1keys/post/requestBody/content/application~1json/schema` locates
 * `#/components/schemas/CreateKeyBody`.
 */
export function locate(document: unknown, pointer: string): Located | undefined {
  let current: Located | undefined = followRefChain(document, { pointer: '#', value: document });
  for (const token of pointerTokens(pointer)) {
    if (current === undefined) return undefined;
    const value = childValue(current.value, token);
    if (value === undefined) return undefined;
    current = followRefChain(document, { pointer: childPointer(current.pointer, token), value });
  }
  return current;
}

/**
 * A copy of a schema with every `$ref` replaced by its target, for consumers that walk schemas (generators).
 * A reference back into a schema being expanded is left as `{ $ref }`, so recursive schemas stay finite.
 * A `$ref` with sibling keywords becomes `{ ...siblings, allOf: [target] }`, which keeps both meanings.
 * `cache` shares expansions between calls (and makes the result a DAG, not a tree).
 */
export function dereference(document: unknown, node: unknown, cache: Map<object, unknown>): unknown {
  const expanding = new Set<unknown>();
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (!isJsonObject(value)) return value;
    const cached = cache.get(value);
    if (cached !== undefined) return cached;
    if (expanding.has(value)) return value;
    expanding.add(value);
    let result: unknown;
    if (typeof value.$ref === 'string') {
      const target = followRef(document, value.$ref);
      const { $ref: _ref, ...siblings } = value;
      if ('error' in target || expanding.has(target.value)) {
        result = value;
      } else if (Object.keys(siblings).every((key) => key === 'description' || key === 'summary')) {
        const expanded = visit(target.value);
        result = isJsonObject(expanded) ? { ...expanded, ...siblings } : expanded;
      } else {
        const rest = visit(siblings) as Record<string, unknown>;
        const allOf = Array.isArray(rest.allOf) ? (rest.allOf as unknown[]) : [];
        result = { ...rest, allOf: [...allOf, visit(target.value)] };
      }
    } else {
      const copy: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value))
        copy[key] = DATA_KEYWORDS.has(key) ? child : visit(child);
      result = copy;
    }
    expanding.delete(value);
    if (result !== value) cache.set(value, result);
    return result;
  };
  return visit(node);
}
