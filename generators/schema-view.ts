import { compiledValidator, type Contract } from '../src/contract/index.ts';
import { childPointer, isJsonObject, pointerTokens, valueAtPointer } from '../src/contract/json-pointer.ts';
import { locate } from '../src/contract/refs.ts';
import { GeneratorError } from './generator-error.ts';

/**
 * Schema views: a schema at a pointer flattened into the conjunction of schema objects that all apply to one
 * value (the object itself, its `$ref` target, its `allOf` members, recursively), each kept with the pointer
 * where it lives in the contract. Generators read constraints from the facets; mutations cite
 * `<facet pointer>/<keyword>`, the same pointer the contract's validators report. `oneOf`/`anyOf` stay
 * open as choices until a branch is picked (by generation) or recognised (in a valid value).
 */

/** A schema somewhere in the contract. `exact` is false inside a dereferenced copy, whose pointers are labels only. */
export interface SchemaNode {
  readonly pointer: string;
  readonly schema: unknown;
  readonly exact: boolean;
}

/** One schema object that applies to the value, and where it lives. */
export interface Facet {
  readonly pointer: string;
  readonly schema: Readonly<Record<string, unknown>>;
  readonly exact: boolean;
}

/** An open `oneOf`/`anyOf`: exactly one (oneOf) or at least one (anyOf) branch must hold. */
export interface Choice {
  readonly keyword: 'oneOf' | 'anyOf';
  /** Pointer of the schema that holds the keyword. */
  readonly pointer: string;
  readonly branches: readonly SchemaNode[];
  /** `discriminator.propertyName`, when the branches are told apart by a property's const. */
  readonly discriminator?: string;
  readonly exact: boolean;
}

/** The conjunction of facets and open choices that constrain one value. */
export interface SchemaView {
  readonly facets: readonly Facet[];
  readonly choices: readonly Choice[];
  /** Pointer of a `false` schema among the facets: no value is valid. */
  readonly never?: string;
}

/** JSON Schema's primitive types. */
export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'array' | 'object';

const JSON_TYPES: readonly JsonType[] = ['string', 'number', 'integer', 'boolean', 'null', 'array', 'object'];

// Keywords the generators and mutations model. Anything else throws, so that a contract change cannot make
// them produce values that are silently wrong.
const ASSERTIONS = new Set([
  'type',
  'const',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'items',
  'required',
  'properties',
  'additionalProperties',
  'unevaluatedProperties',
  'allOf',
  'oneOf',
  'anyOf',
  '$ref',
  'discriminator',
]);

const ANNOTATIONS = new Set([
  'description',
  'summary',
  'title',
  'example',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$comment',
  'externalDocs',
  'xml',
]);

/** The keywords the generators understand (assertions and applicators), for documentation and tests. */
export const SUPPORTED_KEYWORDS: readonly string[] = [...ASSERTIONS];

/** The view of the schema `true`: nothing constrains the value. */
export const EMPTY_VIEW: SchemaView = { facets: [], choices: [] };

function checkKeywords(node: SchemaNode, schema: Readonly<Record<string, unknown>>): void {
  for (const keyword of Object.keys(schema)) {
    if (ASSERTIONS.has(keyword) || ANNOTATIONS.has(keyword) || keyword.startsWith('x-')) continue;
    throw new GeneratorError(
      `${node.pointer}: keyword "${keyword}" is not supported by the generators (supported: ${[...ASSERTIONS].join(', ')})`,
    );
  }
  const type = schema.type;
  const types: unknown[] = Array.isArray(type) ? type : type === undefined ? [] : [type];
  for (const t of types) {
    if (typeof t !== 'string' || !(JSON_TYPES as readonly string[]).includes(t)) {
      throw new GeneratorError(`${node.pointer}/type: ${JSON.stringify(t)} is not a JSON Schema type`);
    }
  }
}

/** The node one or more tokens below `node` (`properties`, `name`). */
export function childNode(node: SchemaNode, ...tokens: readonly (string | number)[]): SchemaNode {
  let value: unknown = node.schema;
  for (const token of tokens) {
    value = Array.isArray(value)
      ? (value as unknown[])[Number(token)]
      : isJsonObject(value)
        ? value[token]
        : undefined;
  }
  return { pointer: childPointer(node.pointer, ...tokens), schema: value, exact: node.exact };
}

const nodes = new WeakMap<Contract, Map<string, SchemaNode>>();

/** The node at a pointer of the contract document (not following a final `$ref`: views do that). */
export function nodeAt(contract: Contract, pointer: string): SchemaNode {
  let known = nodes.get(contract);
  if (known === undefined) {
    known = new Map();
    nodes.set(contract, known);
  }
  let node = known.get(pointer);
  if (node === undefined) {
    node = locateNode(contract, pointer);
    known.set(pointer, node);
  }
  return node;
}

function locateNode(contract: Contract, pointer: string): SchemaNode {
  let canonical: string;
  try {
    // A `$ref` may percent-encode its tokens (RFC 6901 §6); the contract's pointers do not.
    canonical = childPointer('#', ...pointerTokens(pointer).map((token) => decodeURIComponent(token)));
  } catch {
    throw new GeneratorError(`"${pointer}" is not a JSON pointer (expected "#/...")`);
  }
  const direct = valueAtPointer(contract.document, canonical);
  if (direct !== undefined) return { pointer: canonical, schema: direct, exact: true };
  // The pointer crosses a `$ref` on the way: follow it to where the schema lives.
  const found = locate(contract.document, canonical);
  if (found === undefined) throw new GeneratorError(`no schema at ${pointer}`);
  return { pointer: found.pointer, schema: found.value, exact: true };
}

/** Concatenates two views (both constrain the same value). */
export function mergeViews(a: SchemaView, b: SchemaView): SchemaView {
  const never = a.never ?? b.never;
  return {
    facets: [...a.facets, ...b.facets],
    choices: [...a.choices, ...b.choices],
    ...(never === undefined ? {} : { never }),
  };
}

const memos = new WeakMap<Contract, Map<string, SchemaView>>();

// Views of document nodes depend on the pointer alone; walking a body asks for the same ones again and again.
function memoOf(contract: Contract): Map<string, SchemaView> {
  let memo = memos.get(contract);
  if (memo === undefined) {
    memo = new Map();
    memos.set(contract, memo);
  }
  return memo;
}

/** Flattens a schema node: itself, its `$ref` target and `allOf` members; `oneOf`/`anyOf` become choices. */
export function viewOf(contract: Contract, node: SchemaNode, expanding: readonly string[] = []): SchemaView {
  const { schema } = node;
  if (schema === true) return EMPTY_VIEW;
  if (schema === false) return { facets: [], choices: [], never: node.pointer };
  if (!isJsonObject(schema)) {
    throw new GeneratorError(`${node.pointer}: not a schema (expected an object or a boolean)`);
  }
  if (node.exact && expanding.includes(node.pointer)) {
    throw new GeneratorError(
      `${node.pointer}: $ref/allOf cycle (${[...expanding, node.pointer].join(' -> ')})`,
    );
  }
  const memo = node.exact ? memoOf(contract) : undefined;
  const known = memo?.get(node.pointer);
  if (known !== undefined) return known;
  checkKeywords(node, schema);
  const inner = node.exact ? [...expanding, node.pointer] : expanding;
  let view: SchemaView = { facets: [{ pointer: node.pointer, schema, exact: node.exact }], choices: [] };
  if (typeof schema.$ref === 'string') {
    view = mergeViews(view, viewOf(contract, nodeAt(contract, schema.$ref), inner));
  }
  if (Array.isArray(schema.allOf)) {
    schema.allOf.forEach((_: unknown, i) => {
      view = mergeViews(view, viewOf(contract, childNode(node, 'allOf', i), inner));
    });
  }
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches: unknown = schema[keyword];
    if (!Array.isArray(branches)) continue;
    const discriminator = isJsonObject(schema.discriminator) ? schema.discriminator.propertyName : undefined;
    const choice: Choice = {
      keyword,
      pointer: node.pointer,
      branches: branches.map((_: unknown, i) => childNode(node, keyword, i)),
      exact: node.exact,
      ...(keyword === 'oneOf' && typeof discriminator === 'string' ? { discriminator } : {}),
    };
    view = { ...view, choices: [...view.choices, choice] };
  }
  memo?.set(node.pointer, view);
  return view;
}

/** The view of the schema at a pointer of the contract. */
export function viewAt(contract: Contract, pointer: string): SchemaView {
  return viewOf(contract, nodeAt(contract, pointer));
}

/** Facets that carry a keyword. */
export function facetsWith(view: SchemaView, keyword: string): Facet[] {
  return view.facets.filter((facet) => facet.schema[keyword] !== undefined);
}

function typesOfFacet(facet: Facet): Set<JsonType> | undefined {
  const type = facet.schema.type;
  if (type === undefined) return undefined;
  return new Set((Array.isArray(type) ? type : [type]) as JsonType[]);
}

function intersectTypes(a: ReadonlySet<JsonType>, b: ReadonlySet<JsonType>): Set<JsonType> {
  const result = new Set<JsonType>();
  for (const t of a) {
    if (b.has(t)) result.add(t);
    else if (t === 'integer' && b.has('number')) result.add('integer');
    else if (t === 'number' && b.has('integer')) result.add('integer');
  }
  return result;
}

/** The types every facet allows (integer within number), or undefined when no facet says. */
export function typesOf(view: SchemaView): ReadonlySet<JsonType> | undefined {
  let types: Set<JsonType> | undefined;
  for (const facet of view.facets) {
    const own = typesOfFacet(facet);
    if (own !== undefined) types = types === undefined ? own : intersectTypes(types, own);
  }
  return types;
}

/** The JSON type of a value, `integer` for whole numbers. */
export function jsonTypeOf(value: unknown): JsonType | undefined {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    case 'object':
      return 'object';
    default:
      return undefined;
  }
}

/** Whether a set of allowed types admits a value of this JSON type (integers are numbers). */
export function typeAllows(types: ReadonlySet<JsonType>, type: JsonType): boolean {
  return types.has(type) || (type === 'integer' && types.has('number'));
}

/** Names declared under `properties` in any facet. */
export function declaredProperties(view: SchemaView): Set<string> {
  const names = new Set<string>();
  for (const facet of facetsWith(view, 'properties')) {
    const properties = facet.schema.properties;
    if (isJsonObject(properties)) for (const name of Object.keys(properties)) names.add(name);
  }
  return names;
}

/** Each required name with the pointer of the `required` keyword that demands it. */
export function requiredNames(view: SchemaView): { readonly name: string; readonly rule: string }[] {
  const found: { name: string; rule: string }[] = [];
  for (const facet of facetsWith(view, 'required')) {
    const required = facet.schema.required;
    if (!Array.isArray(required)) continue;
    for (const name of required) {
      if (typeof name === 'string' && !found.some((f) => f.name === name)) {
        found.push({ name, rule: childPointer(facet.pointer, 'required') });
      }
    }
  }
  return found;
}

/** A keyword that forbids undeclared properties, and which names it lets through. */
export interface Closure {
  readonly keyword: 'additionalProperties' | 'unevaluatedProperties';
  readonly rule: string;
  readonly allows: (name: string) => boolean;
}

/** The `additionalProperties: false` / `unevaluatedProperties: false` keywords that apply to an object. */
export function closuresOf(view: SchemaView): Closure[] {
  const closures: Closure[] = [];
  const evaluatesAll = view.facets.some(
    (facet) => facet.schema.additionalProperties !== undefined && facet.schema.additionalProperties !== false,
  );
  const declared = declaredProperties(view);
  for (const facet of view.facets) {
    if (facet.schema.additionalProperties === false) {
      const own = isJsonObject(facet.schema.properties) ? facet.schema.properties : {};
      closures.push({
        keyword: 'additionalProperties',
        rule: childPointer(facet.pointer, 'additionalProperties'),
        allows: (name) => Object.hasOwn(own, name),
      });
    }
    if (facet.schema.unevaluatedProperties === false && !evaluatesAll) {
      closures.push({
        keyword: 'unevaluatedProperties',
        rule: childPointer(facet.pointer, 'unevaluatedProperties'),
        allows: (name) => declared.has(name),
      });
    }
    const unevaluated = facet.schema.unevaluatedProperties;
    if (unevaluated !== undefined && typeof unevaluated !== 'boolean') {
      throw new GeneratorError(
        `${facet.pointer}/unevaluatedProperties: only "false" (or true) is supported, not a schema`,
      );
    }
  }
  return closures;
}

/**
 * The view of property `name` of an object constrained by `view`: the `properties` entries that name it, or
 * else the `additionalProperties` schemas of facets that do not declare it. Undefined when nothing applies.
 */
export function propertyView(contract: Contract, view: SchemaView, name: string): SchemaView | undefined {
  let result: SchemaView | undefined;
  for (const facet of view.facets) {
    const properties = facet.schema.properties;
    const node: SchemaNode = { pointer: facet.pointer, schema: facet.schema, exact: facet.exact };
    let applies: SchemaNode | undefined;
    if (isJsonObject(properties) && Object.hasOwn(properties, name)) {
      applies = childNode(node, 'properties', name);
    } else if (isJsonObject(facet.schema.additionalProperties)) {
      applies = childNode(node, 'additionalProperties');
    }
    if (applies !== undefined) {
      const own = viewOf(contract, applies);
      result = result === undefined ? own : mergeViews(result, own);
    }
  }
  return result;
}

/** The view of the items of an array constrained by `view`, or undefined when no facet has `items`. */
export function itemsView(contract: Contract, view: SchemaView): SchemaView | undefined {
  let result: SchemaView | undefined;
  for (const facet of facetsWith(view, 'items')) {
    const node: SchemaNode = { pointer: facet.pointer, schema: facet.schema, exact: facet.exact };
    const own = viewOf(contract, childNode(node, 'items'));
    result = result === undefined ? own : mergeViews(result, own);
  }
  return result;
}

/** The tightest numeric value of a keyword across facets (max for lower bounds, min for upper bounds). */
export function boundOf(
  view: SchemaView,
  keyword:
    | 'minLength'
    | 'maxLength'
    | 'minItems'
    | 'maxItems'
    | 'minimum'
    | 'maximum'
    | 'exclusiveMinimum'
    | 'exclusiveMaximum',
): { readonly value: number; readonly rule: string } | undefined {
  const lower = keyword.startsWith('min') || keyword === 'exclusiveMinimum';
  let best: { value: number; rule: string } | undefined;
  for (const facet of facetsWith(view, keyword)) {
    const value = facet.schema[keyword];
    if (typeof value !== 'number') {
      throw new GeneratorError(
        `${facet.pointer}/${keyword}: expected a number, got ${JSON.stringify(value)}`,
      );
    }
    if (best === undefined || (lower ? value > best.value : value < best.value)) {
      best = { value, rule: childPointer(facet.pointer, keyword) };
    }
  }
  return best;
}

/** The value a property has under the branch's const/enum-of-one, for discriminator matching. */
function discriminatorValue(contract: Contract, branch: SchemaView, property: string): unknown {
  const view = propertyView(contract, branch, property);
  if (view === undefined) return undefined;
  const constant = facetsWith(view, 'const')[0];
  if (constant !== undefined) return constant.schema.const;
  const enumFacet = facetsWith(view, 'enum')[0];
  const values = enumFacet?.schema.enum;
  return Array.isArray(values) && values.length === 1 ? (values[0] as unknown) : undefined;
}

const tagCache = new WeakMap<Choice, readonly unknown[]>();

/** The discriminator value each branch of a choice carries. */
export function branchTags(contract: Contract, choice: Choice): readonly unknown[] {
  const property = choice.discriminator;
  if (property === undefined) return [];
  let tags = tagCache.get(choice);
  if (tags === undefined) {
    tags = choice.branches.map((branch) => discriminatorValue(contract, viewOf(contract, branch), property));
    tagCache.set(choice, tags);
  }
  return tags;
}

/** Which branch a valid value takes at a choice; undefined when none holds. */
export function branchFor(contract: Contract, choice: Choice, value: unknown): number | undefined {
  if (choice.discriminator !== undefined) {
    if (!isJsonObject(value)) return undefined;
    const tag = value[choice.discriminator];
    const index = branchTags(contract, choice).findIndex((t) => t === tag);
    return index < 0 ? undefined : index;
  }
  if (!choice.exact) {
    throw new GeneratorError(
      `${choice.pointer}/${choice.keyword}: branches without a discriminator need exact contract pointers (use the pointer form)`,
    );
  }
  const index = choice.branches.findIndex((branch) => compiledValidator(contract, branch.pointer)(value));
  return index < 0 ? undefined : index;
}

/** A choice and the branch a value took. */
export interface Pick {
  readonly choice: Choice;
  readonly branch: number;
}

/**
 * Resolves every choice of a view for a valid value, recursively (a branch may open more choices). Throws a
 * GeneratorError naming the choice when the value takes none of its branches.
 */
export function resolveChoices(
  contract: Contract,
  view: SchemaView,
  value: unknown,
  where: string,
): { readonly view: SchemaView; readonly picks: readonly Pick[] } {
  let facets = [...view.facets];
  let pending = [...view.choices];
  const picks: Pick[] = [];
  let never = view.never;
  while (pending.length > 0) {
    const choice = pending.shift()!;
    const branch = branchFor(contract, choice, value);
    if (branch === undefined) {
      throw new GeneratorError(
        `${where}: the value takes no branch of ${choice.pointer}/${choice.keyword} (is the "valid" value valid?)`,
      );
    }
    picks.push({ choice, branch });
    const taken = viewOf(contract, choice.branches[branch]!);
    facets = [...facets, ...taken.facets];
    pending = [...pending, ...taken.choices];
    never ??= taken.never;
  }
  return { view: { facets, choices: [], ...(never === undefined ? {} : { never }) }, picks };
}

/**
 * The types a value may have under a view, across every branch of its choices (undefined: any type). A type
 * outside this set fails the view whichever branch is tried.
 */
export function typesAcrossBranches(contract: Contract, view: SchemaView): ReadonlySet<JsonType> | undefined {
  let types = typesOf(view);
  for (const choice of view.choices) {
    let union: Set<JsonType> | undefined = new Set();
    for (const branch of choice.branches) {
      const branchTypes = typesAcrossBranches(contract, viewOf(contract, branch));
      if (branchTypes === undefined) {
        union = undefined;
        break;
      }
      for (const t of branchTypes) union.add(t);
    }
    if (union !== undefined) types = types === undefined ? union : intersectTypes(types, union);
  }
  return types;
}
