/**
 * The shape of an invalid request: what was changed, which rule of the contract it breaks (the pointer of
 * the schema keyword in openapi.yaml, or of the request body's `content` for bodies that are not JSON),
 * and the request parts to send instead of the valid ones.
 */

/** What a mutation did to a valid request. */
export type MutationKind =
  | 'type'
  | 'null'
  | 'required'
  | 'enum'
  | 'const'
  | 'pattern'
  | 'format'
  | 'maxLength'
  | 'minLength'
  | 'maxItems'
  | 'minItems'
  | 'maximum'
  | 'minimum'
  | 'exclusiveMaximum'
  | 'exclusiveMinimum'
  | 'integer'
  | 'additionalProperties'
  | 'unevaluatedProperties'
  | 'deep-nesting'
  | 'oversized'
  | 'unicode'
  | 'number-edge'
  | 'duplicate-key'
  | 'malformed-json'
  | 'content-type'
  | 'missing-body'
  | 'repeated'
  | 'missing';

/** Every kind, in a stable order (reports, coverage tables). */
export const MUTATION_KINDS: readonly MutationKind[] = [
  'type',
  'null',
  'required',
  'enum',
  'const',
  'pattern',
  'format',
  'maxLength',
  'minLength',
  'maxItems',
  'minItems',
  'maximum',
  'minimum',
  'exclusiveMaximum',
  'exclusiveMinimum',
  'integer',
  'additionalProperties',
  'unevaluatedProperties',
  'deep-nesting',
  'oversized',
  'unicode',
  'number-edge',
  'duplicate-key',
  'malformed-json',
  'content-type',
  'missing-body',
  'repeated',
  'missing',
];

/**
 * A body to send: a JSON value (serialised with `JSON.stringify`), or raw text for what no value can say
 * (malformed JSON, duplicate keys, `1e309`, `\ud800` escapes, another content type, an empty body).
 */
export type MutationBody =
  { readonly json: unknown } | { readonly raw: string; readonly contentType?: string };

/** An invalid request derived from a valid one, and the rule it breaks. */
export interface Mutation {
  /** Stable and readable: `CreateKeyBody.name: maxLength+1`, `ListKeys query.limit: maximum+1`. */
  readonly id: string;
  readonly kind: MutationKind;
  /** Pointer of the broken rule in the contract, e.g. `#/components/schemas/CreateKeyBody/properties/name/maxLength`. */
  readonly rule: string;
  /** `body`, or `query.<name>` / `path.<name>` for a parameter. */
  readonly location: string;
  /** Where the validators report the violation: a JSON pointer into the body, or `/query/limit`. */
  readonly instancePath: string;
  /** One line: what was changed and why that breaks the rule. */
  readonly description: string;
  /** The body to send instead of the valid one (absent: send the valid body). */
  readonly body?: MutationBody;
  /** For parameter mutations, every path parameter to send (values before percent-encoding). */
  readonly path?: Readonly<Record<string, string>>;
  /** For parameter mutations, the query parameters to send (a list: the name repeated). */
  readonly query?: Readonly<Record<string, string | readonly string[]>>;
  /** Other rules the validators saw broken as well (empty when the mutation breaks exactly its rule). */
  readonly alsoBreaks: readonly string[];
}

/** The bytes and content type a mutated body travels as; undefined when the mutation keeps the valid body. */
export function mutationRequestBody(
  mutation: Pick<Mutation, 'body'>,
): { readonly text: string; readonly contentType: string } | undefined {
  const body = mutation.body;
  if (body === undefined) return undefined;
  if ('json' in body) return { text: JSON.stringify(body.json), contentType: 'application/json' };
  return { text: body.raw, contentType: body.contentType ?? 'application/json' };
}
