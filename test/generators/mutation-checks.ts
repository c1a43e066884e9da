import fc from 'fast-check';
import type { ExchangeRequest } from '../../src/client/exchange.ts';
import {
  childPointer,
  isJsonMediaType,
  mediaTypeOf,
  validateParameters,
  validateRequest,
  type Contract,
  type Operation,
} from '../../src/contract/index.ts';
import { isJsonObject } from '../../src/contract/json-pointer.ts';
import { arbitraryFromSchema } from '../../generators/from-schema.ts';
import { mutationRequestBody, type Mutation, type MutationKind } from '../../generators/mutation.ts';
import { duplicateKeyIn } from '../../generators/raw-json.ts';

/**
 * Checks of mutations that do not go through the generators' own verification: bodies travel as the bytes
 * `mutationRequestBody` gives and are judged by `validateRequest`, the function a recorded exchange goes
 * through; kinds a schema allows are read off the contract document directly.
 */

export const KEY_ID = 'key-01snl-t56gb-j8tsok0vn802p80i';

/** A request path for the operation with every path parameter filled (or the given values). */
export function requestPath(operation: Operation, path: Readonly<Record<string, string>> = {}): string {
  return operation.pathTemplate.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(path[name] ?? (name === 'signatureId' ? 'sig-4sfvl-f4iha-umighfi3hk4t54dr' : KEY_ID)),
  );
}

/** A broken rule as the contract's validators (and the content-type rule) see a mutated request. */
export interface Seen {
  readonly pointer: string;
  readonly instancePath: string;
}

/** What the validators say about a mutation, judged from the request as it would be sent. */
export function judge(contract: Contract, operation: Operation, mutation: Mutation): Seen[] {
  if (mutation.body === undefined) {
    return validateParameters(contract, operation, {
      path: mutation.path ?? {},
      query: mutation.query ?? {},
    }).map((v) => ({ pointer: v.pointer, instancePath: v.instancePath ?? '' }));
  }
  const sent = mutationRequestBody(mutation)!;
  const content = childPointer(operation.pointer, 'requestBody', 'content');
  const seen: Seen[] = [];
  const media = mediaTypeOf(sent.contentType);
  if (!isJsonMediaType(media) || !(operation.requestBody?.contentTypes ?? []).includes(media)) {
    seen.push({ pointer: content, instancePath: '' });
  }
  try {
    JSON.parse(sent.text);
    if (duplicateKeyIn(sent.text) !== undefined) seen.push({ pointer: content, instancePath: '' });
  } catch {
    // validateRequest reports text that is not JSON itself.
  }
  const path = requestPath(operation);
  const request: ExchangeRequest = {
    method: operation.method,
    url: `http://127.0.0.1${path}`,
    path,
    headers: { 'content-type': sent.contentType },
    body: sent.text,
  };
  for (const v of validateRequest(contract, operation, request))
    seen.push({ pointer: v.pointer, instancePath: v.instancePath ?? '' });
  return seen;
}

/** Whether the judged request breaks the mutation's rule at the mutation's place. */
export function breaksItsRule(contract: Contract, operation: Operation, mutation: Mutation): boolean {
  return judge(contract, operation, mutation).some(
    (s) => s.pointer === mutation.rule && s.instancePath === mutation.instancePath,
  );
}

/** The contract's examples of an operation's body and some generated ones (fixed seed). */
export function validBodies(contract: Contract, operation: Operation, generated = 20): unknown[] {
  const spec = operation.requestBody!;
  return [
    ...spec.examples.map((example) => example.value),
    ...fc.sample(arbitraryFromSchema(contract, spec.mediaSchemaPointer), { numRuns: generated, seed: 5 }),
  ];
}

function follow(contract: Contract, node: unknown): unknown {
  let current = node;
  for (let i = 0; i < 16 && isJsonObject(current) && typeof current.$ref === 'string'; i++) {
    const { $ref, ...rest } = current;
    const target = contract.resolve($ref);
    current = Object.keys(rest).length === 0 ? target : { ...rest, allOf: [target] };
  }
  return current;
}

/**
 * The mutation kinds a request body schema admits, read off the document: a keyword anywhere below the
 * body's schema means its mutation kind should appear.
 */
export function kindsAllowedBy(contract: Contract, operation: Operation): Set<MutationKind> {
  const kinds = new Set<MutationKind>(['malformed-json', 'content-type', 'duplicate-key']);
  if (operation.requestBody?.required === true) kinds.add('missing-body');
  const seen = new Set<unknown>();
  const visit = (raw: unknown): void => {
    const node = follow(contract, raw);
    if (!isJsonObject(node) || seen.has(node)) return;
    seen.add(node);
    const types: unknown[] = Array.isArray(node.type)
      ? node.type
      : node.type === undefined
        ? []
        : [node.type];
    if (types.length > 0) {
      kinds.add('type');
      if (!types.includes('null')) kinds.add('null');
      if (!types.includes('object') && !types.includes('array')) kinds.add('deep-nesting');
      if (types.includes('integer') && !types.includes('number')) kinds.add('integer');
      if (types.includes('integer') || types.includes('number')) kinds.add('number-edge');
    }
    if (Array.isArray(node.enum)) kinds.add('enum');
    if (node.const !== undefined) kinds.add('const');
    if (typeof node.pattern === 'string') kinds.add('pattern');
    if (Array.isArray(node.enum) || node.const !== undefined || typeof node.pattern === 'string')
      kinds.add('unicode');
    if (typeof node.maxLength === 'number') kinds.add('maxLength').add('oversized');
    if (typeof node.minLength === 'number' && node.minLength >= 1) kinds.add('minLength');
    if (typeof node.minItems === 'number' && node.minItems >= 1) kinds.add('minItems');
    if (typeof node.maxItems === 'number') kinds.add('maxItems');
    for (const bound of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const) {
      if (typeof node[bound] === 'number') kinds.add(bound);
    }
    if (Array.isArray(node.required) && node.required.length > 0) kinds.add('required');
    if (node.additionalProperties === false) kinds.add('additionalProperties');
    if (node.unevaluatedProperties === false) kinds.add('unevaluatedProperties');
    if (isJsonObject(node.properties)) Object.values(node.properties).forEach(visit);
    for (const key of ['items', 'additionalProperties'] as const)
      if (isJsonObject(node[key])) visit(node[key]);
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = node[key];
      if (Array.isArray(list)) list.forEach(visit);
    }
  };
  visit(contract.resolve(operation.requestBody!.mediaSchemaPointer));
  return kinds;
}
