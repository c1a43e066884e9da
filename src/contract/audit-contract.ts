import { ContractError } from './contract-error.ts';
import { childPointer, isJsonObject, valueAtPointer } from './json-pointer.ts';
import { findRefs, followRef } from './refs.ts';
import { compiledValidator, metaSchemaProblem, schemaViolations } from './schema-validators.ts';
import type { Contract, Operation } from './types.ts';

/** One thing wrong with the contract itself, at a pointer. */
export interface ContractProblem {
  readonly pointer: string;
  readonly message: string;
}

/** Values `x-confidence` may take (documented at the top of openapi.yaml). */
export const CONFIDENCE_VALUES: readonly string[] = ['inferred', 'conflicting'];

// Keywords whose value is one subschema, a map of subschemas, or a list of subschemas (JSON Schema 2020-12).
const SUBSCHEMA = [
  'items',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
];
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const DATA = new Set(['example', 'examples', 'enum', 'const', 'default']);

/** Calls `visit` on a schema and every subschema written inside it (not through `$ref`). */
function forEachSchema(
  schema: unknown,
  pointer: string,
  visit: (schema: Readonly<Record<string, unknown>>, pointer: string) => void,
): void {
  if (!isJsonObject(schema)) return;
  visit(schema, pointer);
  for (const key of SUBSCHEMA) forEachSchema(schema[key], childPointer(pointer, key), visit);
  for (const key of SUBSCHEMA_MAPS) {
    const map = schema[key];
    if (isJsonObject(map))
      for (const [name, sub] of Object.entries(map))
        forEachSchema(sub, childPointer(pointer, key, name), visit);
  }
  for (const key of SUBSCHEMA_LISTS) {
    const list = schema[key];
    if (Array.isArray(list))
      list.forEach((sub: unknown, index) => {
        forEachSchema(sub, childPointer(pointer, key, index), visit);
      });
  }
}

/** Pointers of every schema root: component schemas and each `schema` of a parameter, header or media type. */
export function schemaSites(document: Readonly<Record<string, unknown>>): string[] {
  const sites: string[] = [];
  const components = isJsonObject(document.components) ? document.components : {};
  if (isJsonObject(components.schemas))
    for (const name of Object.keys(components.schemas))
      sites.push(childPointer('#/components/schemas', name));
  const visit = (node: unknown, pointer: string): void => {
    if (Array.isArray(node))
      node.forEach((item: unknown, index) => {
        visit(item, childPointer(pointer, index));
      });
    if (!isJsonObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'schema') sites.push(childPointer(pointer, key));
      else if (!DATA.has(key)) visit(value, childPointer(pointer, key));
    }
  };
  visit(document.paths, '#/paths');
  for (const [key, value] of Object.entries(components))
    if (key !== 'schemas') visit(value, childPointer('#/components', key));
  return sites;
}

function firstMessage(contract: Contract, schemaPointer: string, value: unknown): string | undefined {
  const [first] = schemaViolations(contract, schemaPointer, value, 'schema');
  return first === undefined ? undefined : `${first.message} (${first.pointer})`;
}

function compileProblems(contract: Contract, sites: readonly string[]): ContractProblem[] {
  const problems: ContractProblem[] = [];
  for (const pointer of sites) {
    const meta = metaSchemaProblem(contract, pointer);
    if (meta !== undefined) problems.push({ pointer, message: `not a valid JSON Schema 2020-12: ${meta}` });
    try {
      compiledValidator(contract, pointer);
    } catch (error: unknown) {
      if (!(error instanceof ContractError)) throw error;
      problems.push({ pointer, message: error.message.replace(`${contract.source}: `, '') });
    }
  }
  return problems;
}

function schemaExampleProblems(contract: Contract, sites: readonly string[]): ContractProblem[] {
  const problems: ContractProblem[] = [];
  for (const site of sites) {
    // Walked as written: a `$ref` site is checked where its target is defined, not again here.
    forEachSchema(valueAtPointer(contract.document, site), site, (schema, pointer) => {
      const examples: [string, unknown][] = [];
      if (schema.example !== undefined) examples.push([childPointer(pointer, 'example'), schema.example]);
      if (Array.isArray(schema.examples))
        schema.examples.forEach((value: unknown, index) =>
          examples.push([childPointer(pointer, 'examples', index), value]),
        );
      for (const [at, value] of examples) {
        const failure = firstMessage(contract, pointer, value);
        if (failure !== undefined)
          problems.push({ pointer: at, message: `example does not satisfy its schema: ${failure}` });
      }
    });
  }
  return problems;
}

function operationProblems(contract: Contract, operation: Operation): ContractProblem[] {
  const problems: ContractProblem[] = [];
  const at = operation.pointer;
  if (operation.summary.trim() === '')
    problems.push({ pointer: at, message: `${operation.operationId} has no summary` });
  const raw = contract.resolve(at);
  if (isJsonObject(raw) && raw.security === undefined) {
    problems.push({ pointer: at, message: `${operation.operationId} does not declare its security` });
  }
  const statuses = [...operation.responses.entries()];
  if (!statuses.some(([status, spec]) => status.startsWith('2') && spec.schemaPointer !== undefined)) {
    problems.push({
      pointer: childPointer(at, 'responses'),
      message: `${operation.operationId} documents no success response with a JSON schema`,
    });
  }
  const errors = statuses.filter(([status]) => /^[45]/.test(status));
  if (errors.length === 0)
    problems.push({
      pointer: childPointer(at, 'responses'),
      message: `${operation.operationId} documents no error response`,
    });
  for (const [status, spec] of errors) {
    if (spec.schemaPointer === undefined)
      problems.push({
        pointer: spec.pointer,
        message: `${operation.operationId} ${status} has no JSON schema`,
      });
  }
  const templateNames = [...operation.pathTemplate.matchAll(/\{([^{}/]+)\}/g)].map((m) => m[1]!);
  for (const name of templateNames) {
    const parameter = operation.pathParameters.find((p) => p.name === name);
    if (parameter === undefined || !parameter.required) {
      problems.push({
        pointer: at,
        message: `${operation.operationId}: {${name}} in the path has no required path parameter`,
      });
    }
  }
  for (const parameter of operation.pathParameters) {
    if (!templateNames.includes(parameter.name))
      problems.push({
        pointer: parameter.pointer,
        message: `path parameter ${parameter.name} is not in ${operation.pathTemplate}`,
      });
  }
  const bodies = [
    ...(operation.requestBody === undefined
      ? []
      : [{ schema: operation.requestBody.mediaSchemaPointer, examples: operation.requestBody.examples }]),
    ...[...operation.responses.values()].flatMap((spec) =>
      spec.schemaPointer === undefined ? [] : [{ schema: spec.schemaPointer, examples: spec.examples }],
    ),
  ];
  for (const { schema, examples } of bodies) {
    for (const example of examples) {
      const failure = firstMessage(contract, schema, example.value);
      if (failure !== undefined)
        problems.push({
          pointer: example.pointer,
          message: `example "${example.name}" does not satisfy its schema: ${failure}`,
        });
    }
  }
  for (const parameter of [...operation.pathParameters, ...operation.queryParameters]) {
    const raw = contract.resolve(parameter.pointer);
    if (isJsonObject(raw) && raw.example !== undefined) {
      const failure = firstMessage(contract, parameter.schemaPointer, raw.example);
      if (failure !== undefined)
        problems.push({
          pointer: childPointer(parameter.pointer, 'example'),
          message: `example does not satisfy its schema: ${failure}`,
        });
    }
  }
  return problems;
}

/**
 * Calls `visit` on every object at or below `node`, in document order; example, enum, const and default
 * values are data, not contract structure, so the walk does not enter them.
 */
function forEachObject(
  node: unknown,
  pointer: string,
  visit: (object: Readonly<Record<string, unknown>>, pointer: string) => void,
): void {
  if (Array.isArray(node))
    node.forEach((item: unknown, index) => {
      forEachObject(item, childPointer(pointer, index), visit);
    });
  if (!isJsonObject(node)) return;
  visit(node, pointer);
  for (const [key, value] of Object.entries(node))
    if (!DATA.has(key)) forEachObject(value, childPointer(pointer, key), visit);
}

function discriminatorProblems(contract: Contract): ContractProblem[] {
  const problems: ContractProblem[] = [];
  forEachObject(contract.document, '#', (node, pointer) => {
    const discriminator = node.discriminator;
    if (isJsonObject(discriminator) && typeof discriminator.propertyName === 'string') {
      const tag = discriminator.propertyName;
      const branches = Array.isArray(node.oneOf) ? (node.oneOf as unknown[]) : [];
      const branchRefs = branches.flatMap((b) =>
        isJsonObject(b) && typeof b.$ref === 'string' ? [b.$ref] : [],
      );
      const mapping = isJsonObject(discriminator.mapping) ? discriminator.mapping : {};
      for (const [value, ref] of Object.entries(mapping)) {
        const at = childPointer(pointer, 'discriminator', 'mapping', value);
        const target =
          typeof ref === 'string' ? followRef(contract.document, ref) : { error: 'not a string' };
        if ('error' in target) {
          problems.push({ pointer: at, message: `mapping ${value}: ${target.error}` });
          continue;
        }
        const properties =
          isJsonObject(target.value) && isJsonObject(target.value.properties) ? target.value.properties : {};
        const property = properties[tag];
        const constant = isJsonObject(property) ? property.const : undefined;
        if (constant !== value)
          problems.push({
            pointer: at,
            message: `mapping ${value} targets a schema whose ${tag} is ${JSON.stringify(constant)}`,
          });
        if (!branchRefs.includes(ref as string))
          problems.push({ pointer: at, message: `mapping ${value} targets a schema that is not in oneOf` });
      }
      if (Object.keys(mapping).length > 0) {
        for (const ref of branchRefs) {
          if (!Object.values(mapping).includes(ref))
            problems.push({
              pointer: childPointer(pointer, 'oneOf'),
              message: `oneOf branch ${ref} has no discriminator mapping`,
            });
        }
      }
    }
  });
  return problems;
}

function extensionProblems(contract: Contract): ContractProblem[] {
  const problems: ContractProblem[] = [];
  forEachObject(contract.document, '#', (node, pointer) => {
    const value = node['x-confidence'];
    if (value !== undefined && (typeof value !== 'string' || !CONFIDENCE_VALUES.includes(value))) {
      problems.push({
        pointer: childPointer(pointer, 'x-confidence'),
        message: `x-confidence is ${JSON.stringify(value)} (expected ${CONFIDENCE_VALUES.join(' or ')})`,
      });
    }
  });
  return problems;
}

/**
 * Checks the contract itself, as a contract self-test: every `$ref` resolves; every schema is valid 2020-12
 * and compiles in ajv strict mode; every example (body, parameter, schema) satisfies its schema; every
 * operation has a summary, declared security, a success response with a schema and error responses with
 * schemas; path templates and path parameters agree; discriminator mappings agree with their branches.
 * Returns the problems found; an empty list means the contract is sound.
 */
export function auditContract(contract: Contract): readonly ContractProblem[] {
  const refProblems = findRefs(contract.document).flatMap((site) => {
    const target = followRef(contract.document, site.ref);
    return 'error' in target ? [{ pointer: site.pointer, message: target.error }] : [];
  });
  const sites = schemaSites(contract.document);
  const compile = compileProblems(contract, sites);
  if (refProblems.length > 0 || compile.length > 0) return [...refProblems, ...compile];
  return [
    ...contract.operations.flatMap((operation) => operationProblems(contract, operation)),
    ...schemaExampleProblems(contract, sites),
    ...discriminatorProblems(contract),
    ...extensionProblems(contract),
  ];
}
