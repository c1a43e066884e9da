import type { Exchange, ExchangeResponse } from '../client/exchange.ts';
import { childPointer } from './json-pointer.ts';
import { headerValue, mediaTypeOf } from './media-type.ts';
import { schemaViolations } from './schema-validators.ts';
import type { Contract, Operation, ResponseSpec, Violation } from './types.ts';

/** What the response validator reads: an ExchangeResponse satisfies it. */
export interface ResponseToValidate {
  readonly status: number;
  /** Header names in any case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text. */
  readonly body: string;
  /** The body already parsed as JSON, when the caller has it (saves a parse). */
  readonly parsed?: { readonly value: unknown };
}

/** The documented response for a status: the exact code, else its range (`4XX`), else `default`. */
export function documentedResponse(operation: Operation, status: number): ResponseSpec | undefined {
  return (
    operation.responses.get(String(status)) ??
    operation.responses.get(`${String(Math.floor(status / 100))}XX`) ??
    operation.responses.get('default')
  );
}

function parseJson(response: ResponseToValidate): { readonly value: unknown } | undefined {
  if (response.parsed !== undefined) return response.parsed;
  try {
    return { value: JSON.parse(response.body) as unknown };
  } catch {
    return undefined;
  }
}

function contentTypeViolation(
  operation: Operation,
  response: ResponseToValidate,
  spec: ResponseSpec,
): Violation | undefined {
  const pointer = childPointer(spec.pointer, 'content');
  const expected = spec.contentTypes.join(' or ');
  const header = headerValue(response.headers, 'content-type');
  if (header === undefined) {
    return {
      kind: 'content_type',
      pointer,
      message: `${operation.operationId} ${response.status}: no Content-Type header (expected ${expected})`,
    };
  }
  const actual = mediaTypeOf(header);
  if (spec.contentTypes.some((documented) => mediaTypeOf(documented) === actual)) return undefined;
  return {
    kind: 'content_type',
    pointer,
    message: `${operation.operationId} ${response.status}: Content-Type ${JSON.stringify(actual)} is not documented (expected ${expected})`,
  };
}

/**
 * Validates a response against the operation: the status must be documented; where JSON is documented the
 * Content-Type must say so, the body must parse, and the parsed body must satisfy the schema (validated
 * even under a wrong Content-Type, to give all the evidence at once).
 */
export function validateResponse(
  contract: Contract,
  operation: Operation,
  response: ResponseToValidate,
): Violation[] {
  const spec = documentedResponse(operation, response.status);
  if (spec === undefined) {
    const documented = [...operation.responses.keys()].join(', ');
    return [
      {
        kind: 'status_undocumented',
        pointer: childPointer(operation.pointer, 'responses'),
        message: `${operation.operationId}: status ${response.status} is not documented (documented: ${documented})`,
      },
    ];
  }
  if (spec.contentTypes.length === 0) return [];
  const violations: Violation[] = [];
  const wrongType = contentTypeViolation(operation, response, spec);
  if (wrongType !== undefined) violations.push(wrongType);
  if (spec.jsonContentType === undefined) return violations;
  const parsed = parseJson(response);
  if (parsed === undefined) {
    const what =
      response.body === ''
        ? 'the body is empty'
        : `the body (${response.body.length} characters) is not JSON`;
    violations.push({
      kind: 'body_not_json',
      pointer: childPointer(spec.pointer, 'content', spec.jsonContentType),
      message: `${operation.operationId} ${response.status}: ${what} (expected ${spec.jsonContentType})`,
    });
    return violations;
  }
  if (spec.schemaPointer !== undefined) {
    violations.push(...schemaViolations(contract, spec.schemaPointer, parsed.value, 'schema'));
  }
  return violations;
}

/**
 * The contract checks every exchange gets: status documented, content type, JSON body, schema. An exchange
 * whose transport failed has no response and yields nothing here (the client reports the failure).
 */
export function validateExchange(
  contract: Contract,
  operation: Operation,
  exchange: Pick<Exchange, 'response'>,
): Violation[] {
  const response: ExchangeResponse | undefined = exchange.response;
  return response === undefined ? [] : validateResponse(contract, operation, response);
}
