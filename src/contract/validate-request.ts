import type { ExchangeRequest } from '../client/exchange.ts';
import { childPointer, isJsonObject } from './json-pointer.ts';
import { schemaViolations } from './schema-validators.ts';
import type { Contract, JsonSchema, Operation, Parameter, Violation } from './types.ts';

/** Parameter values as a request carries them: strings, repeated query keys as lists. */
export interface ParameterValues {
  readonly path?: Readonly<Record<string, string | undefined>>;
  readonly query?: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/**
 * Validates a parsed request body (undefined = no body) against the operation's request body schema.
 * An operation without a documented body accepts anything: the TypeScript SDK sends `{}` on DeleteKey.
 */
export function validateRequestBody(contract: Contract, operation: Operation, body: unknown): Violation[] {
  const spec = operation.requestBody;
  if (spec === undefined) return [];
  if (body === undefined) {
    return spec.required
      ? [
          {
            kind: 'request_schema',
            pointer: childPointer(operation.pointer, 'requestBody', 'required'),
            message: `(root): ${operation.operationId} requires a request body`,
            instancePath: '',
            keyword: 'required',
          },
        ]
      : [];
  }
  return schemaViolations(contract, spec.mediaSchemaPointer, body, 'request_schema');
}

function schemaTypes(schema: JsonSchema): readonly unknown[] {
  if (!isJsonObject(schema)) return [];
  return Array.isArray(schema.type) ? (schema.type as unknown[]) : [schema.type];
}

/**
 * Parameters arrive as text; validation wants the JSON value the schema describes. Only text that is
 * exactly a number or boolean is converted, so `limit=abc` still fails as a string where an integer is due.
 */
function coerceParameter(text: string, schema: JsonSchema): unknown {
  const types = schemaTypes(schema);
  if (
    (types.includes('integer') || types.includes('number')) &&
    /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text)
  ) {
    return Number(text);
  }
  if (types.includes('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

function parameterViolations(
  contract: Contract,
  parameter: Parameter,
  raw: string | readonly string[] | undefined,
): Violation[] {
  const location = `/${parameter.in}/${parameter.name}`;
  const values = raw === undefined ? [] : typeof raw === 'string' ? [raw] : raw;
  if (values.length === 0) {
    if (!parameter.required) return [];
    return [
      {
        kind: 'parameter',
        pointer: childPointer(parameter.pointer, 'required'),
        message: `${location}: required parameter is missing`,
        instancePath: location,
        keyword: 'required',
      },
    ];
  }
  const isList = schemaTypes(parameter.schema).includes('array');
  if (!isList && values.length > 1) {
    return [
      {
        kind: 'parameter',
        pointer: childPointer(parameter.schemaPointer, 'type'),
        message: `${location}: given ${values.length} times, expected a single value`,
        instancePath: location,
        keyword: 'type',
      },
    ];
  }
  const itemSchema =
    isJsonObject(parameter.schema) && isList ? (parameter.schema.items as JsonSchema) : undefined;
  const value = isList
    ? values.map((text) => (itemSchema === undefined ? text : coerceParameter(text, itemSchema)))
    : coerceParameter(values[0]!, parameter.schema);
  return schemaViolations(contract, parameter.schemaPointer, value, 'parameter', location);
}

/**
 * Validates path and query parameter values (as sent: strings) against the operation's parameters: missing
 * required ones, repeated single values, and schema rules after converting numeric and boolean text.
 * Undocumented query parameters are not reported (OpenAPI does not forbid them).
 */
export function validateParameters(
  contract: Contract,
  operation: Operation,
  values: ParameterValues,
): Violation[] {
  return [
    ...operation.pathParameters.flatMap((p) => parameterViolations(contract, p, values.path?.[p.name])),
    ...operation.queryParameters.flatMap((p) => parameterViolations(contract, p, values.query?.[p.name])),
  ];
}

function queryValues(url: string): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://127.0.0.1');
  } catch {
    return query;
  }
  for (const [name, value] of parsed.searchParams) (query[name] ??= []).push(value);
  return query;
}

/**
 * Validates a recorded request against the operation: path parameters (from the path as sent), query
 * parameters (from the URL) and the body. A body that is not JSON is one `request_schema` violation.
 */
export function validateRequest(
  contract: Contract,
  operation: Operation,
  request: ExchangeRequest,
): Violation[] {
  const matched = contract.match(request.method, request.path);
  const path = matched?.operation === operation ? matched.pathParams : {};
  const violations = validateParameters(contract, operation, { path, query: queryValues(request.url) });
  if (request.body === undefined || request.body === '') {
    return [...violations, ...validateRequestBody(contract, operation, undefined)];
  }
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    if (operation.requestBody === undefined) return violations;
    return [
      ...violations,
      {
        kind: 'request_schema',
        pointer: childPointer(operation.pointer, 'requestBody', 'content'),
        message: `(root): request body of ${request.body.length} characters is not valid JSON`,
        instancePath: '',
      },
    ];
  }
  return [...violations, ...validateRequestBody(contract, operation, body)];
}
