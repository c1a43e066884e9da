import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { ContractError } from './contract-error.ts';
import { childPointer, escapePointerToken, isJsonObject, pointerTokens } from './json-pointer.ts';
import type { Contract, Violation, ViolationKind } from './types.ts';

/**
 * Compiled ajv validators for one contract. The whole document is registered with ajv under one `$id`, and
 * each schema is compiled as `{ $ref: '<id>#<pointer>' }`, so `$ref`s keep their meaning and every error
 * comes from an object of the registered document. With `verbose`, ajv hands back that object
 * (`parentSchema`), and an identity map from objects to pointers gives the exact pointer of the failed
 * keyword, whether ajv inlined the `$ref` or compiled it apart.
 */
interface ValidatorState {
  readonly ajv: Ajv2020;
  readonly id: string;
  readonly pointerOf: ReadonlyMap<object, string>;
  readonly compiled: Map<string, ValidateFunction>;
}

const states = new WeakMap<Contract, ValidatorState>();

// OpenAPI's own schema keywords (3.1 Schema Object fixed fields beyond JSON Schema).
const OPENAPI_SCHEMA_KEYWORDS = ['example', 'xml', 'externalDocs'];

// CJS interop: under Node's ESM loader the default import is module.exports, which is the plugin itself.
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv2020) => Ajv2020;

/** A deep copy ajv can take: ajv rejects `discriminator.mapping`, which adds nothing when branches carry a const. */
function registrableCopy(document: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const copy = structuredClone(document) as Record<string, unknown>;
  const strip = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(strip);
      return;
    }
    if (!isJsonObject(node)) return;
    const discriminator = node.discriminator;
    if (isJsonObject(discriminator) && 'mapping' in discriminator) {
      delete (discriminator as Record<string, unknown>).mapping;
    }
    Object.values(node).forEach(strip);
  };
  strip(copy);
  return copy;
}

function collectPointers(root: unknown): Map<object, string> {
  const pointers = new Map<object, string>();
  const visit = (node: unknown, pointer: string): void => {
    if (typeof node !== 'object' || node === null || pointers.has(node)) return;
    pointers.set(node, pointer);
    const entries: [string, unknown][] = Array.isArray(node)
      ? node.map((item: unknown, index) => [String(index), item])
      : Object.entries(node);
    for (const [key, value] of entries) visit(value, childPointer(pointer, key));
  };
  visit(root, '#');
  return pointers;
}

function extensionKeys(root: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(root)) root.forEach((item: unknown) => extensionKeys(item, found));
  else if (isJsonObject(root)) {
    for (const [key, value] of Object.entries(root)) {
      if (key.startsWith('x-')) found.add(key);
      extensionKeys(value, found);
    }
  }
  return found;
}

function createState(contract: Contract): ValidatorState {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    verbose: true,
    discriminator: true,
    // OpenAPI 3.1 writes nullable as `type: [string, 'null']`.
    allowUnionTypes: true,
  });
  addFormats(ajv);
  const copy = registrableCopy(contract.document);
  // The document root is compiled when a pointer into it is resolved, so its OpenAPI fields (openapi, info,
  // paths, …) must be known keywords; they are annotations and validate nothing.
  const annotations = [...OPENAPI_SCHEMA_KEYWORDS, ...Object.keys(copy), ...extensionKeys(copy)];
  for (const keyword of new Set(annotations)) {
    if (ajv.getKeyword(keyword) === false) ajv.addKeyword({ keyword });
  }
  const id = `urn:keys-conformance:contract:${encodeURIComponent(contract.source)}`;
  ajv.addSchema(copy, id);
  return { ajv, id, pointerOf: collectPointers(copy), compiled: new Map() };
}

function stateOf(contract: Contract): ValidatorState {
  let state = states.get(contract);
  if (state === undefined) {
    state = createState(contract);
    states.set(contract, state);
  }
  return state;
}

function fragmentOf(pointer: string): string {
  return `#${pointerTokens(pointer)
    .map((token) => `/${encodeURIComponent(escapePointerToken(token))}`)
    .join('')}`;
}

/**
 * The compiled validator of the schema at a pointer (compiled once per contract, then cached). Throws a
 * ContractError naming the pointer when the schema does not compile in ajv strict mode.
 */
export function compiledValidator(contract: Contract, pointer: string): ValidateFunction {
  const state = stateOf(contract);
  const cached = state.compiled.get(pointer);
  if (cached !== undefined) return cached;
  let validate: ValidateFunction;
  try {
    validate = state.ajv.compile({ $ref: `${state.id}${fragmentOf(pointer)}` });
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ContractError(`${contract.source}: schema at ${pointer} does not compile: ${reason}`);
  }
  state.compiled.set(pointer, validate);
  return validate;
}

/** Problems of the schema at a pointer against the JSON Schema 2020-12 meta-schema, as one line, or undefined. */
export function metaSchemaProblem(contract: Contract, pointer: string): string | undefined {
  const state = stateOf(contract);
  const schema = contract.resolve(pointer);
  if (typeof schema !== 'boolean' && !isJsonObject(schema)) return `no schema at ${pointer}`;
  if (state.ajv.validateSchema(schema) === true) return undefined;
  return state.ajv.errorsText(state.ajv.errors, { separator: '; ' });
}

const MAX_LISTED = 10;

function listValues(values: readonly unknown[]): string {
  const shown = values.slice(0, MAX_LISTED).map((value) => JSON.stringify(value));
  return values.length > MAX_LISTED ? `${shown.join(', ')}, … (${values.length} values)` : shown.join(', ');
}

function shortJson(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

// Keywords whose error names a property of the instance rather than the instance itself.
function propertyNamed(error: ErrorObject): string | undefined {
  const params = error.params as Readonly<Record<string, unknown>>;
  const name = params.missingProperty ?? params.additionalProperty ?? params.unevaluatedProperty;
  if (typeof name === 'string') return name;
  if (error.keyword === 'discriminator' && typeof params.tag === 'string') return params.tag;
  return undefined;
}

function discriminatorValues(contract: Contract, schemaPointer: string | undefined): string[] {
  if (schemaPointer === undefined) return [];
  const mapping = contract.resolve(`${schemaPointer}/discriminator/mapping`);
  return isJsonObject(mapping) ? Object.keys(mapping) : [];
}

function describe(contract: Contract, error: ErrorObject, schemaPointer: string | undefined): string {
  const params = error.params as Readonly<Record<string, unknown>>;
  switch (error.keyword) {
    case 'required':
      return 'required property is missing';
    case 'additionalProperties':
      return 'property is not allowed (additionalProperties: false)';
    case 'unevaluatedProperties':
      return 'property is not allowed (unevaluatedProperties: false)';
    case 'enum':
      return `must be one of ${listValues(Array.isArray(params.allowedValues) ? params.allowedValues : [])}`;
    case 'const':
      return `must be ${shortJson(params.allowedValue)}`;
    case 'discriminator': {
      const known = listValues(discriminatorValues(contract, schemaPointer));
      return params.error === 'tag'
        ? `must be a string naming the variant (one of ${known})`
        : `${shortJson(params.tagValue)} is not a known variant (one of ${known})`;
    }
    default:
      return error.message ?? `fails ${error.keyword}`;
  }
}

/**
 * Validates a value against the schema at a pointer and returns one violation per failed keyword, each
 * citing the keyword's pointer in the contract document. `instancePrefix` locates the value in a larger
 * instance (`/query/limit` for a query parameter).
 */
export function schemaViolations(
  contract: Contract,
  pointer: string,
  value: unknown,
  kind: ViolationKind,
  instancePrefix = '',
): Violation[] {
  const validate = compiledValidator(contract, pointer);
  if (validate(value)) return [];
  const state = stateOf(contract);
  return (validate.errors ?? []).map((error) => {
    const parent: unknown = error.parentSchema;
    const schemaPointer =
      typeof parent === 'object' && parent !== null ? state.pointerOf.get(parent) : undefined;
    const rule =
      schemaPointer === undefined
        ? `${pointer}${error.schemaPath.replace(/^#/, '')}`
        : childPointer(schemaPointer, error.keyword);
    const property = propertyNamed(error);
    const instancePath = `${instancePrefix}${error.instancePath}${property === undefined ? '' : `/${escapePointerToken(property)}`}`;
    return {
      kind,
      pointer: rule,
      message: `${instancePath === '' ? '(root)' : instancePath}: ${describe(contract, error, schemaPointer)}`,
      instancePath,
      keyword: error.keyword,
    };
  });
}
