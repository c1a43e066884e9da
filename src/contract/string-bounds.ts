import { childPointer, isJsonObject } from './json-pointer.ts';
import { locate } from './refs.ts';
import type { Contract } from './types.ts';

/** How long a string property of a request body may be, as the contract says. */
export interface StringBounds {
  readonly minLength: number;
  /** Undefined when the contract sets no upper bound. */
  readonly maxLength?: number;
}

const bound = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;

/**
 * The length bounds of `property` in `operationId`'s request body, read from the contract (after `$ref`s),
 * or undefined when the body names no such property. Generators and run-scoped names follow these rather
 * than a copy of today's numbers: a contract version that tightens a bound must not make the suite send
 * values it calls valid and the contract calls invalid.
 */
export function bodyStringBounds(
  contract: Contract,
  operationId: string,
  property: string,
): StringBounds | undefined {
  const body = contract.operations.find((o) => o.operationId === operationId)?.requestBody;
  if (body === undefined) return undefined;
  const located = locate(contract.document, childPointer(body.mediaSchemaPointer, 'properties', property));
  if (located === undefined || !isJsonObject(located.value)) return undefined;
  const maxLength = bound(located.value.maxLength);
  return {
    minLength: bound(located.value.minLength) ?? 0,
    ...(maxLength === undefined ? {} : { maxLength }),
  };
}
