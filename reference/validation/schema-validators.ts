import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { quote } from '../errors.ts';
import { openApiIndex } from './openapi-operations.ts';

/**
 * ajv validators compiled straight from openapi.yaml (Ajv2020 + ajv-formats), one per schema pointer, shared
 * by every reference in the process. A failed validation becomes a list of issues whose messages name the
 * field, the rule and, briefly, the value that broke it.
 */
export interface SchemaIssue {
  /** Where, in the words of a message: `body.encryptedKeyShares[0].signerId`, `query parameter limit`. */
  readonly path: string;
  readonly keyword: string;
  readonly message: string;
}

// CJS interop: under Node's ESM loader the default import is the plugin function itself.
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv2020) => Ajv2020;
const DOCUMENT_ID = 'urn:keys-conformance:reference:openapi';

interface Validators {
  readonly ajv: Ajv2020;
  /** discriminator objects of the registered copy -> the tag values their mapping listed. */
  readonly tagValues: WeakMap<object, readonly string[]>;
  readonly compiled: Map<string, ValidateFunction>;
}

let state: Validators | undefined;

function validators(): Validators {
  if (state !== undefined) return state;
  const ajv = new Ajv2020({
    // OpenAPI annotations (example, x-confidence, the document's own fields) are not JSON Schema keywords.
    strict: false,
    allErrors: true,
    verbose: true,
    discriminator: true,
    allowUnionTypes: true,
  });
  addFormats(ajv);
  const tagValues = new WeakMap<object, readonly string[]>();
  const copy = structuredClone(openApiIndex().document);
  stripMappings(copy, tagValues);
  ajv.addSchema(copy, DOCUMENT_ID);
  state = { ajv, tagValues, compiled: new Map() };
  return state;
}

/** ajv refuses `discriminator.mapping`; its keys are kept aside to list the valid tags in a message. */
function stripMappings(node: unknown, tagValues: WeakMap<object, readonly string[]>): void {
  if (Array.isArray(node)) {
    node.forEach((item: unknown) => {
      stripMappings(item, tagValues);
    });
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const obj = node as Record<string, unknown>;
  const discriminator = obj.discriminator;
  if (typeof discriminator === 'object' && discriminator !== null && 'mapping' in discriminator) {
    const mapping = (discriminator as Record<string, unknown>).mapping;
    if (typeof mapping === 'object' && mapping !== null) tagValues.set(discriminator, Object.keys(mapping));
    delete (discriminator as Record<string, unknown>).mapping;
  }
  Object.values(obj).forEach((value) => {
    stripMappings(value, tagValues);
  });
}

function compiled(pointer: string): ValidateFunction {
  const { ajv, compiled: cache } = validators();
  let validate = cache.get(pointer);
  if (validate === undefined) {
    // Path templates carry braces, which a URI fragment must percent-encode.
    const fragment = pointer
      .split('/')
      .map((token, i) => (i === 0 ? token : encodeURIComponent(token)))
      .join('/');
    validate = ajv.compile({ $ref: `${DOCUMENT_ID}${fragment}` });
    cache.set(pointer, validate);
  }
  return validate;
}

/** Issues of `value` against the schema at `pointer`; `root` names the value in messages (`body`). */
export function schemaIssues(pointer: string, value: unknown, root: string): SchemaIssue[] {
  const validate = compiled(pointer);
  if (validate(value)) return [];
  return describeErrors(validate.errors ?? [], root);
}

function describeErrors(errors: readonly ErrorObject[], root: string): SchemaIssue[] {
  const { tagValues } = validators();
  // An anyOf of enums (Protocol) fails on every branch; one message listing all values says it better.
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const issues: SchemaIssue[] = [];
  for (const error of errors) {
    const path = root + readablePath(error.instancePath);
    if (anyOfPaths.has(error.instancePath) && error.keyword === 'enum') continue;
    if (error.keyword === 'anyOf') {
      const allowed = errors
        .filter((e) => e.instancePath === error.instancePath && e.keyword === 'enum')
        .flatMap((e) => (e.params as { allowedValues: unknown[] }).allowedValues);
      const message =
        allowed.length > 0
          ? `${path} must be one of ${allowed.map(String).join(', ')}, got ${quote(error.data)}`
          : `${path} does not match any of the allowed forms`;
      issues.push({ path, keyword: 'anyOf', message });
      continue;
    }
    issues.push({ path, keyword: error.keyword, message: describe(error, path, tagValues) });
  }
  return issues;
}

function describe(error: ErrorObject, path: string, tagValues: WeakMap<object, readonly string[]>): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${path} is missing the required property "${String(params.missingProperty)}"`;
    case 'additionalProperties':
      return `${path} has an unknown property "${String(params.additionalProperty)}"`;
    case 'unevaluatedProperties':
      return `${path} has an unknown property "${String(params.unevaluatedProperty)}"`;
    case 'enum':
      return `${path} must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}, got ${quote(error.data)}`;
    case 'const':
      return `${path} must be ${JSON.stringify(params.allowedValue)}, got ${quote(error.data)}`;
    case 'type':
      return `${path} must be of type ${String(params.type)}, got ${typeName(error.data)}`;
    case 'pattern':
      return `${path} must match ${String(params.pattern)}, got ${quote(error.data)}`;
    case 'discriminator': {
      const schema: Record<string, unknown> | undefined = error.parentSchema;
      const discriminator = schema?.discriminator;
      const tags =
        typeof discriminator === 'object' && discriminator !== null
          ? tagValues.get(discriminator)
          : undefined;
      const tag = String(params.tag);
      if (params.error === 'mapping' && tags !== undefined) {
        return `${path}.${tag} must be one of ${tags.join(', ')}, got ${quote(params.tagValue)}`;
      }
      return `${path}.${tag} must be a string naming the variant`;
    }
    default:
      return `${path} ${error.message ?? 'is invalid'}`;
  }
}

function readablePath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((token) => (/^\d+$/.test(token) ? `[${token}]` : `.${token}`))
    .join('');
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
