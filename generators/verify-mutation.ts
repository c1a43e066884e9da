import {
  childPointer,
  isJsonMediaType,
  mediaTypeOf,
  validateParameters,
  validateRequestBody,
  type Contract,
  type Operation,
} from '../src/contract/index.ts';
import type { MutationBody } from './mutation.ts';
import { duplicateKeyIn } from './raw-json.ts';

/**
 * What the contract's validators say about a mutated request, so that a mutation is kept only when it is
 * invalid for the reason it states. Bodies that are not JSON (unparsable, duplicate member names, another
 * content type) cite the request body's `content`, as `validateRequest` does for unparsable ones.
 */

/** A broken rule and where the validators saw it. */
export interface Breach {
  readonly pointer: string;
  readonly instancePath: string;
}

/** Pointer of an operation's request body `content`: the rule a body that is not JSON breaks. */
export function contentRule(operation: Operation): string {
  return childPointer(operation.pointer, 'requestBody', 'content');
}

/** The rules a body breaks (empty: the body is valid). */
export function bodyBreaches(contract: Contract, operation: Operation, body: MutationBody): Breach[] {
  const notJson: Breach = { pointer: contentRule(operation), instancePath: '' };
  if ('json' in body) return validateRequestBody(contract, operation, body.json).map(breachOf);
  const types = operation.requestBody?.contentTypes ?? [];
  if (body.contentType !== undefined) {
    const media = mediaTypeOf(body.contentType);
    if (!isJsonMediaType(media) || !types.some((t) => mediaTypeOf(t) === media)) return [notJson];
  }
  if (body.raw === '') return validateRequestBody(contract, operation, undefined).map(breachOf);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.raw);
  } catch {
    return [notJson];
  }
  const schema = validateRequestBody(contract, operation, parsed).map(breachOf);
  return duplicateKeyIn(body.raw) === undefined ? schema : [notJson, ...schema];
}

/** The rules a set of parameters breaks. */
export function parameterBreaches(
  contract: Contract,
  operation: Operation,
  path: Readonly<Record<string, string>>,
  query: Readonly<Record<string, string | readonly string[]>>,
): Breach[] {
  return validateParameters(contract, operation, { path, query }).map(breachOf);
}

function breachOf(violation: { readonly pointer: string; readonly instancePath?: string }): Breach {
  return { pointer: violation.pointer, instancePath: violation.instancePath ?? '' };
}

/** Whether the breaches include the rule at the place the mutation targets. */
export function cites(breaches: readonly Breach[], rule: string, instancePath: string): boolean {
  return breaches.some((b) => b.pointer === rule && b.instancePath === instancePath);
}

/** The other rules broken besides the stated one (distinct pointers). */
export function otherRules(breaches: readonly Breach[], rule: string): string[] {
  return [...new Set(breaches.map((b) => b.pointer).filter((p) => p !== rule))];
}
