import { DiffInputError } from './errors.ts';
import { childPointer, isRecord, parsePointer, valueAtPointer } from './json-pointer.ts';

/** A parsed OpenAPI document and the file it came from (for error messages and reports). */
export interface SpecDocument {
  readonly document: Record<string, unknown>;
  readonly source: string;
}

/** A node of a document together with the pointer where it sits in that document. */
export interface Located {
  readonly node: unknown;
  readonly pointer: string;
}

// Keywords that may sit beside `$ref` without changing what it validates (OpenAPI 3.1 Reference Object
// allows summary/description; JSON Schema 2020-12 allows anything, but annotations do not assert).
const ANNOTATIONS = new Set([
  '$ref',
  'summary',
  'description',
  'title',
  'example',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$comment',
]);

/** True when the node is a `$ref` with at most annotations beside it. */
export function isPureReference(node: unknown): node is Record<string, unknown> & { $ref: string } {
  return (
    isRecord(node) &&
    typeof node.$ref === 'string' &&
    Object.keys(node).every((k) => ANNOTATIONS.has(k) || k.startsWith('x-'))
  );
}

/** Resolves one local `$ref` value found at `at`; throws a one-line DiffInputError when it cannot. */
export function resolveReference(spec: SpecDocument, ref: string, at: string): Located {
  if (!ref.startsWith('#')) {
    throw new DiffInputError(
      `${spec.source}: external $ref "${ref}" at ${at} is not supported; expected a local reference such as "#/components/schemas/Name"`,
    );
  }
  if (parsePointer(ref) === undefined) {
    throw new DiffInputError(
      `${spec.source}: $ref "${ref}" at ${at} is not a JSON pointer; expected "#/" followed by a path`,
    );
  }
  const node = valueAtPointer(spec.document, ref);
  if (node === undefined) {
    throw new DiffInputError(
      `${spec.source}: $ref "${ref}" at ${at} does not resolve to anything in the file`,
    );
  }
  return { node, pointer: normalizePointer(ref) };
}

/**
 * Follows a chain of pure references to the node they designate, tracking its pointer. A node with
 * assertions beside its `$ref` is returned as is (schema views treat it as an `allOf` of both).
 */
export function followReferences(spec: SpecDocument, located: Located): Located {
  const visited = new Set<string>();
  let current = located;
  while (isPureReference(current.node)) {
    const at = childPointer(current.pointer, '$ref');
    if (visited.has(current.pointer)) {
      throw new DiffInputError(`${spec.source}: circular $ref chain through ${current.pointer}`);
    }
    visited.add(current.pointer);
    current = resolveReference(spec, current.node.$ref, at);
  }
  if (isRecord(current.node) && '$ref' in current.node && typeof current.node.$ref !== 'string') {
    throw new DiffInputError(`${spec.source}: $ref at ${current.pointer} must be a string`);
  }
  return current;
}

// Re-encodes a pointer canonically so the same node always gets the same pointer string
// (a `$ref` may percent-encode characters that other pointers do not).
function normalizePointer(ref: string): string {
  const tokens = parsePointer(ref) ?? [];
  return childPointer('#', ...tokens);
}

/**
 * Resolves every `$ref` in the document once, so a dangling or circular reference is reported even where
 * no comparison would reach it (an added operation, an unused component). Literal example values are not
 * references and are skipped.
 */
export function assertReferencesResolve(spec: SpecDocument): void {
  const walk = (node: unknown, pointer: string, parentKey: string, grandparentKey: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        walk(item, childPointer(pointer, i), `${parentKey}[]`, grandparentKey);
      });
      return;
    }
    if (!isRecord(node)) return;
    // Under these keys the children are names (a property may be called "example"), not keywords.
    const namesHere = NAME_MAPS.has(parentKey);
    for (const [key, value] of Object.entries(node)) {
      const at = childPointer(pointer, key);
      if (!namesHere) {
        if (key === '$ref' && typeof value === 'string') {
          // Following the whole chain also catches loops of pure references (A → B → A).
          if (isPureReference(node)) followReferences(spec, { node, pointer });
          else resolveReference(spec, value, at);
          continue;
        }
        if (key === 'example' || key.startsWith('x-')) continue;
        if (key === 'examples' && Array.isArray(value)) continue;
        if (key === 'value' && grandparentKey === 'examples') continue;
      }
      walk(value, at, namesHere ? `name:${parentKey}` : key, parentKey);
    }
  };
  walk(spec.document, '#', '', '');
}

const NAME_MAPS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
  'schemas',
  'parameters',
  'responses',
  'requestBodies',
  'headers',
  'securitySchemes',
  'links',
  'callbacks',
  'pathItems',
  'paths',
  'content',
  'encoding',
  'mapping',
  'webhooks',
  'examples',
]);
