import { escapePointerToken } from '../src/contract/index.ts';
import { isJsonObject } from '../src/contract/json-pointer.ts';
import { GeneratorError } from './generator-error.ts';

/**
 * Edits of a JSON value at an instance path, copying only the objects and arrays along the path (a
 * mutation of a large body must not deep-clone it), and serialisation with one value replaced by raw
 * JSON text (`1e309`, `-0`, a `\ud800` escape) that no JavaScript value serialises to.
 */

/** Where a value sits inside a body: property names and array indexes from the root. */
export type InstancePath = readonly (string | number)[];

/** The JSON pointer of an instance path (`['a', 0]` -> `/a/0`), as the validators report it. */
export function instancePointer(path: InstancePath): string {
  return path.map((token) => `/${escapePointerToken(String(token))}`).join('');
}

/** The path as people read it: `.name`, `.encryptedKeyShares[0].signerId`; empty for the root. */
export function readablePath(path: InstancePath): string {
  return path
    .map((token) =>
      typeof token === 'number'
        ? `[${token}]`
        : /^[A-Za-z_$][\w$]*$/.test(token)
          ? `.${token}`
          : `[${JSON.stringify(token)}]`,
    )
    .join('');
}

function describe(path: InstancePath): string {
  return path.length === 0 ? '(root)' : instancePointer(path);
}

/** The value at a path, or undefined. */
export function valueAt(root: unknown, path: InstancePath): unknown {
  let node = root;
  for (const token of path) {
    if (Array.isArray(node) && typeof token === 'number') node = node[token] as unknown;
    else if (isJsonObject(node) && typeof token === 'string' && Object.hasOwn(node, token))
      node = node[token];
    else return undefined;
  }
  return node;
}

function replaceChild(
  node: unknown,
  token: string | number,
  child: unknown,
  remove: boolean,
  path: InstancePath,
): unknown {
  if (Array.isArray(node) && typeof token === 'number') {
    const copy = [...(node as unknown[])];
    if (remove) copy.splice(token, 1);
    else copy[token] = child;
    return copy;
  }
  if (isJsonObject(node) && typeof token === 'string') {
    if (remove) return Object.fromEntries(Object.entries(node).filter(([name]) => name !== token));
    const copy: Record<string, unknown> = { ...node };
    // defineProperty, not assignment: a "__proto__" member must become an own property.
    Object.defineProperty(copy, token, {
      value: child,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    return copy;
  }
  throw new GeneratorError(`cannot edit ${describe(path)}: its parent is not an object or array`);
}

function edit(
  node: unknown,
  path: InstancePath,
  child: unknown,
  remove: boolean,
  full: InstancePath,
): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return child;
  if (rest.length === 0) return replaceChild(node, head, child, remove, full);
  return replaceChild(node, head, edit(valueAt(node, [head]), rest, child, remove, full), false, full);
}

/** A copy of `root` with the value at `path` replaced (or added, for a new property). */
export function setAt(root: unknown, path: InstancePath, value: unknown): unknown {
  return edit(root, path, value, false, path);
}

/** A copy of `root` without the property or item at `path`. */
export function removeAt(root: unknown, path: InstancePath): unknown {
  if (path.length === 0) throw new GeneratorError('cannot remove the root of a body');
  return edit(root, path, undefined, true, path);
}

// A string no body carries; its JSON form is replaced by the raw literal after serialisation.
const SENTINEL = '\u0000keys-conformance:raw-literal:7f3a\u0000';
const SENTINEL_JSON = JSON.stringify(SENTINEL);

/** The JSON text of `root` with the value at `path` written as `literal`, verbatim. */
export function jsonWithRawValue(root: unknown, path: InstancePath, literal: string): string {
  const text = JSON.stringify(setAt(root, path, SENTINEL));
  const at = text.indexOf(SENTINEL_JSON);
  if (at < 0 || text.indexOf(SENTINEL_JSON, at + 1) >= 0) {
    throw new GeneratorError(`cannot place a raw value at ${describe(path)}`);
  }
  return `${text.slice(0, at)}${literal}${text.slice(at + SENTINEL_JSON.length)}`;
}

/** `depth` arrays (or single-key objects) nested in one another: `[[[…]]]`. */
export function deeplyNested(depth: number, shape: 'array' | 'object' = 'array'): unknown {
  let value: unknown = shape === 'array' ? [] : {};
  for (let i = 1; i < depth; i++) value = shape === 'array' ? [value] : { a: value };
  return value;
}
