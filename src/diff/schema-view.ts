import { DiffInputError } from './errors.ts';
import { childPointer, isRecord } from './json-pointer.ts';
import { followReferences, resolveReference, type Located, type SpecDocument } from './ref-resolver.ts';

/** A keyword's value and the pointer of the keyword in its file. */
export interface Keyword<T> {
  readonly value: T;
  readonly pointer: string;
}

export type CountKeyword =
  'minLength' | 'maxLength' | 'minItems' | 'maxItems' | 'minProperties' | 'maxProperties';
export const COUNT_KEYWORDS: readonly CountKeyword[] = [
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
];

export type NumericKeyword = 'minimum' | 'maximum' | 'exclusiveMinimum' | 'exclusiveMaximum';

/** A `oneOf` or `anyOf` list, with the OpenAPI discriminator declared beside it, if any. */
export interface BranchGroup {
  readonly kind: 'oneOf' | 'anyOf';
  readonly pointer: string;
  readonly members: readonly Located[];
  readonly discriminator?: { readonly propertyName: string; readonly mapping: ReadonlyMap<string, string> };
}

/**
 * What one schema asserts once pure `$ref`s are followed and `allOf` members are merged in, each
 * keyword still carrying the pointer where the file states it. Diffing views instead of raw nodes is
 * what lets `$ref: Key` and `allOf: [$ref: Key, {unevaluatedProperties: false}]` compare field by field.
 */
export interface SchemaView {
  /** The resolved schema node (for pointers to "the schema that lacks it"). */
  readonly pointer: string;
  type?: Keyword<readonly string[]>;
  /** `parts` when the enum is the union of several (`anyOf` of enums): each part's own values and pointer. */
  enum?: Keyword<readonly unknown[]> & { readonly parts?: readonly Keyword<readonly unknown[]>[] };
  pattern?: Keyword<string>;
  format?: Keyword<string>;
  counts: Partial<Record<CountKeyword, Keyword<number>>>;
  numeric: Partial<Record<NumericKeyword, Keyword<number | boolean>>>;
  multipleOf?: Keyword<number>;
  uniqueItems?: Keyword<boolean>;
  default?: Keyword<unknown>;
  properties: Map<string, Located>;
  /** Required property name → pointer of its entry in a `required` list. */
  required: Map<string, string>;
  additionalProperties?: Located;
  unevaluatedProperties?: Located;
  items?: Located;
  prefixItems: Located[];
  branches: BranchGroup[];
}

const ENUM_ONLY_KEYS = new Set([
  'enum',
  'const',
  'type',
  'title',
  'description',
  'nullable',
  'deprecated',
  'example',
  'examples',
  '$comment',
]);

/** Builds the view of the schema at `located` in `spec`. */
export function schemaView(spec: SpecDocument, located: Located): SchemaView {
  return buildView(spec, located, new Set());
}

function buildView(spec: SpecDocument, located: Located, stack: Set<string>): SchemaView {
  const { node, pointer } = followReferences(spec, located);
  const view = emptyView(pointer);
  if (node === true || node === undefined) return view;
  // `false` admits nothing: an empty enum says exactly that to the comparisons.
  if (node === false) {
    view.enum = { value: [], pointer };
    return view;
  }
  if (!isRecord(node)) {
    throw new DiffInputError(`${spec.source}: schema at ${pointer} must be an object or a boolean`);
  }
  if (stack.has(pointer)) return view;
  stack.add(pointer);
  readOwnKeywords(spec, view, node, pointer);
  if (typeof node.$ref === 'string') {
    const target = resolveReference(spec, node.$ref, childPointer(pointer, '$ref'));
    mergeInto(view, buildView(spec, target, stack));
  }
  const allOf = arrayKeyword(spec, node, pointer, 'allOf');
  allOf?.forEach((member, i) => {
    mergeInto(view, buildView(spec, { node: member, pointer: childPointer(pointer, 'allOf', i) }, stack));
  });
  stack.delete(pointer);
  foldEnumUnion(spec, view);
  return view;
}

function emptyView(pointer: string): SchemaView {
  return {
    pointer,
    counts: {},
    numeric: {},
    properties: new Map(),
    required: new Map(),
    prefixItems: [],
    branches: [],
  };
}

function readOwnKeywords(
  spec: SpecDocument,
  view: SchemaView,
  node: Record<string, unknown>,
  pointer: string,
): void {
  const at = (k: string): string => childPointer(pointer, k);
  const types = readTypes(spec, node, pointer);
  if (types) view.type = { value: types, pointer: at('type') };
  if ('enum' in node) {
    const values = arrayKeyword(spec, node, pointer, 'enum') ?? [];
    view.enum = { value: node.nullable === true ? [...values, null] : values, pointer: at('enum') };
  } else if ('const' in node) {
    view.enum = { value: [node.const], pointer: at('const') };
  }
  if ('pattern' in node)
    view.pattern = { value: stringKeyword(spec, node, pointer, 'pattern'), pointer: at('pattern') };
  if ('format' in node)
    view.format = { value: stringKeyword(spec, node, pointer, 'format'), pointer: at('format') };
  for (const k of COUNT_KEYWORDS) {
    if (k in node) view.counts[k] = { value: countKeyword(spec, node, pointer, k), pointer: at(k) };
  }
  for (const k of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const) {
    if (!(k in node)) continue;
    const v = node[k];
    // OpenAPI 3.0 spelled exclusive bounds as booleans beside minimum/maximum; 3.1 as numbers.
    const ok = typeof v === 'number' || (k.startsWith('exclusive') && typeof v === 'boolean');
    if (!ok) throw new DiffInputError(`${spec.source}: "${k}" at ${at(k)} must be a number`);
    view.numeric[k] = { value: v, pointer: at(k) };
  }
  if ('multipleOf' in node) {
    const v = node.multipleOf;
    if (typeof v !== 'number' || v <= 0) {
      throw new DiffInputError(
        `${spec.source}: "multipleOf" at ${at('multipleOf')} must be a number above 0`,
      );
    }
    view.multipleOf = { value: v, pointer: at('multipleOf') };
  }
  if (typeof node.uniqueItems === 'boolean')
    view.uniqueItems = { value: node.uniqueItems, pointer: at('uniqueItems') };
  if ('default' in node) view.default = { value: node.default, pointer: at('default') };
  if ('properties' in node) {
    const props = node.properties;
    if (!isRecord(props))
      throw new DiffInputError(`${spec.source}: "properties" at ${at('properties')} must be an object`);
    for (const [name, schema] of Object.entries(props)) {
      view.properties.set(name, { node: schema, pointer: childPointer(pointer, 'properties', name) });
    }
  }
  const required = arrayKeyword(spec, node, pointer, 'required');
  required?.forEach((name, i) => {
    if (typeof name !== 'string') {
      throw new DiffInputError(
        `${spec.source}: "required" at ${at('required')} must list property names (strings)`,
      );
    }
    view.required.set(name, childPointer(pointer, 'required', i));
  });
  if ('additionalProperties' in node)
    view.additionalProperties = { node: node.additionalProperties, pointer: at('additionalProperties') };
  if ('unevaluatedProperties' in node)
    view.unevaluatedProperties = { node: node.unevaluatedProperties, pointer: at('unevaluatedProperties') };
  if ('items' in node) {
    // OpenAPI 3.0 / draft-04 tuple form `items: [..]` is prefixItems in 2020-12.
    if (Array.isArray(node.items)) {
      node.items.forEach((s, i) =>
        view.prefixItems.push({ node: s, pointer: childPointer(pointer, 'items', i) }),
      );
    } else {
      view.items = { node: node.items, pointer: at('items') };
    }
  }
  arrayKeyword(spec, node, pointer, 'prefixItems')?.forEach((s, i) => {
    view.prefixItems.push({ node: s, pointer: childPointer(pointer, 'prefixItems', i) });
  });
  for (const kind of ['oneOf', 'anyOf'] as const) {
    const members = arrayKeyword(spec, node, pointer, kind);
    if (!members) continue;
    const discriminator = readDiscriminator(spec, node, pointer);
    view.branches.push({
      kind,
      pointer: at(kind),
      members: members.map((m, i) => ({ node: m, pointer: childPointer(pointer, kind, i) })),
      ...(discriminator ? { discriminator } : {}),
    });
  }
}

function readTypes(spec: SpecDocument, node: Record<string, unknown>, pointer: string): string[] | undefined {
  if (!('type' in node)) return undefined;
  const raw = node.type;
  const list = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(list) || !list.every((t): t is string => typeof t === 'string')) {
    throw new DiffInputError(
      `${spec.source}: "type" at ${childPointer(pointer, 'type')} must be a type name or a list of type names`,
    );
  }
  return node.nullable === true && !list.includes('null') ? [...list, 'null'] : list;
}

function readDiscriminator(
  spec: SpecDocument,
  node: Record<string, unknown>,
  pointer: string,
): BranchGroup['discriminator'] {
  const d = node.discriminator;
  if (d === undefined) return undefined;
  if (!isRecord(d) || typeof d.propertyName !== 'string') {
    throw new DiffInputError(
      `${spec.source}: "discriminator" at ${childPointer(pointer, 'discriminator')} must be an object with a string propertyName`,
    );
  }
  const mapping = new Map<string, string>();
  if (isRecord(d.mapping)) {
    for (const [value, ref] of Object.entries(d.mapping))
      if (typeof ref === 'string') mapping.set(value, ref);
  }
  return { propertyName: d.propertyName, mapping };
}

function arrayKeyword(
  spec: SpecDocument,
  node: Record<string, unknown>,
  pointer: string,
  key: string,
): readonly unknown[] | undefined {
  if (!(key in node)) return undefined;
  const value = node[key];
  if (!Array.isArray(value)) {
    throw new DiffInputError(`${spec.source}: "${key}" at ${childPointer(pointer, key)} must be an array`);
  }
  return value as unknown[];
}

function stringKeyword(
  spec: SpecDocument,
  node: Record<string, unknown>,
  pointer: string,
  key: string,
): string {
  const value = node[key];
  if (typeof value !== 'string') {
    throw new DiffInputError(`${spec.source}: "${key}" at ${childPointer(pointer, key)} must be a string`);
  }
  return value;
}

function countKeyword(
  spec: SpecDocument,
  node: Record<string, unknown>,
  pointer: string,
  key: string,
): number {
  const value = node[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new DiffInputError(
      `${spec.source}: "${key}" at ${childPointer(pointer, key)} must be a non-negative integer`,
    );
  }
  return value;
}

// allOf is a conjunction; where two members state the same keyword the first one found is kept, which
// is exact for the common cases (a $ref plus extra constraints) and a stated approximation otherwise.
function mergeInto(target: SchemaView, source: SchemaView): void {
  target.type ??= source.type;
  target.enum ??= source.enum;
  target.pattern ??= source.pattern;
  target.format ??= source.format;
  target.multipleOf ??= source.multipleOf;
  target.uniqueItems ??= source.uniqueItems;
  target.default ??= source.default;
  target.additionalProperties ??= source.additionalProperties;
  target.unevaluatedProperties ??= source.unevaluatedProperties;
  target.items ??= source.items;
  for (const k of COUNT_KEYWORDS) target.counts[k] ??= source.counts[k];
  for (const k of Object.keys(source.numeric) as NumericKeyword[]) target.numeric[k] ??= source.numeric[k];
  for (const [name, loc] of source.properties)
    if (!target.properties.has(name)) target.properties.set(name, loc);
  for (const [name, ptr] of source.required) if (!target.required.has(name)) target.required.set(name, ptr);
  if (target.prefixItems.length === 0) target.prefixItems.push(...source.prefixItems);
  target.branches.push(...source.branches);
}

// `anyOf: [{enum: [a, b]}, {enum: [c]}]` (how the contract splits a deprecated value off) is one enum
// {a, b, c}: comparing it as an enum reports "value added" rather than "branch replaced".
function foldEnumUnion(spec: SpecDocument, view: SchemaView): void {
  if (view.enum !== undefined || view.branches.length !== 1) return;
  const group = view.branches[0]!;
  const parts: Keyword<readonly unknown[]>[] = [];
  for (const member of group.members) {
    const { node, pointer } = followReferences(spec, member);
    if (!isRecord(node) || !('enum' in node || 'const' in node)) return;
    if (!Object.keys(node).every((k) => ENUM_ONLY_KEYS.has(k) || k.startsWith('x-'))) return;
    const own = emptyView(pointer);
    readOwnKeywords(spec, own, node, pointer);
    if (own.enum) parts.push({ value: own.enum.value, pointer: own.enum.pointer });
  }
  view.enum = { value: parts.flatMap((p) => p.value), pointer: group.pointer, parts };
  view.branches = [];
}
