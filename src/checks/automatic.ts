import type { Exchange } from '../client/exchange.ts';
import { validateExchange, type Violation } from '../contract/index.ts';
import { truncate } from './body.ts';
import { duplicateNames } from './json-duplicate-names.ts';
import {
  bodyIncomplete,
  isSuccess,
  PASS,
  responsesPointer,
  type Check,
  type CheckContext,
  type CheckFailure,
} from './check.ts';

/**
 * The contract checks that run on every exchange of a run, whatever the test meant to do. They share
 * one validation of the exchange (memoized), and each reports its own kind of violation.
 */

const violationsByExchange = new WeakMap<Exchange, readonly Violation[]>();

function violationsOf(exchange: Exchange, context: CheckContext): readonly Violation[] {
  if (context.operation === undefined || exchange.response === undefined) return [];
  let found = violationsByExchange.get(exchange);
  if (found === undefined) {
    found = validateExchange(context.contract, context.operation, exchange);
    violationsByExchange.set(exchange, found);
  }
  return found;
}

function failuresOf(violations: readonly Violation[]): CheckFailure[] {
  return violations.map((v) => ({
    message: v.message,
    pointer: v.pointer,
    ...(v.instancePath === undefined ? {} : { evidence: { instancePath: v.instancePath } }),
  }));
}

export const responseReceived: Check = {
  id: 'response_received',
  severity: 'high',
  rationale:
    'A request that gets no answer within the timeout (or a connection reset, or an endless body) leaves a client unable to tell whether a key was created or a signature made.',
  run(exchange) {
    if (exchange.failure === undefined) return PASS;
    return [{ message: `no complete response: ${exchange.failure.kind}: ${exchange.failure.message}` }];
  },
};

export const notAServerError: Check = {
  id: 'not_a_server_error',
  severity: 'high',
  rationale:
    'A 5xx says the server failed, not the client: for valid input it is a bug, for invalid input a missing validation. Either way the caller cannot act on it.',
  run(exchange, context) {
    if (exchange.response === undefined) return 'not-applicable';
    const { status } = exchange.response;
    if (status < 500) return PASS;
    return [
      {
        message: `answered ${status}`,
        ...(context.operation === undefined ? {} : { pointer: responsesPointer(context.operation) }),
      },
    ];
  },
};

export const statusCodeDocumented: Check = {
  id: 'status_code_documented',
  severity: 'high',
  rationale: 'Clients branch on status codes; a status the contract does not list has no documented meaning.',
  run(exchange, context) {
    if (context.operation === undefined || exchange.response === undefined) return 'not-applicable';
    return failuresOf(violationsOf(exchange, context).filter((v) => v.kind === 'status_undocumented'));
  },
};

export const contentTypeConformance: Check = {
  id: 'content_type_conformance',
  severity: 'medium',
  rationale:
    'A JSON body announced as something else (or a documented JSON response that is not JSON) breaks every client that dispatches on Content-Type.',
  run(exchange, context) {
    if (context.operation === undefined || exchange.response === undefined) return 'not-applicable';
    const cut = bodyIncomplete(exchange);
    return failuresOf(
      violationsOf(exchange, context).filter(
        (v) => v.kind === 'content_type' || (v.kind === 'body_not_json' && !cut),
      ),
    );
  },
};

export const jsonNamesUnique: Check = {
  id: 'json_names_unique',
  severity: 'medium',
  rationale:
    'An object that names a member twice is read differently by different parsers (JSON.parse keeps the last value, others the first, strict ones refuse it; RFC 8259 and I-JSON ask for unique names): two clients of one answer may act on two different keys.',
  run(exchange) {
    const response = exchange.response;
    if (response?.parsed === undefined || bodyIncomplete(exchange)) return 'not-applicable';
    return duplicateNames(response.body).map((duplicate) => ({
      message: `names ${JSON.stringify(truncate(duplicate.name, 60))} twice in one object, at ${duplicate.pointer}: JSON.parse keeps the last value, other parsers the first`,
      evidence: { instancePath: duplicate.pointer },
    }));
  },
};

export const responseSchemaConformance: Check = {
  id: 'response_schema_conformance',
  severity: 'high',
  rationale:
    'A success body must match its schema: generated clients deserialize by it, and a missing or malformed field is a crash or a silent misreading on the client side.',
  run(exchange, context) {
    const response = exchange.response;
    if (
      context.operation === undefined ||
      response === undefined ||
      !isSuccess(response.status) ||
      bodyIncomplete(exchange)
    ) {
      return 'not-applicable';
    }
    return failuresOf(violationsOf(exchange, context).filter((v) => v.kind === 'schema'));
  },
};

export const errorBodyConformance: Check = {
  id: 'error_body_conformance',
  severity: 'medium',
  rationale:
    'Error responses must carry the documented error body `{error:{message,…}}` so a client can show why a call failed; SDKs read `error.message`.',
  run(exchange, context) {
    const response = exchange.response;
    if (
      context.operation === undefined ||
      response === undefined ||
      isSuccess(response.status) ||
      bodyIncomplete(exchange)
    ) {
      return 'not-applicable';
    }
    return failuresOf(violationsOf(exchange, context).filter((v) => v.kind === 'schema'));
  },
};

/** In the order a reader wants them: no answer first, then server errors, then the contract. */
export const AUTOMATIC_CHECKS: readonly Check[] = [
  responseReceived,
  notAServerError,
  statusCodeDocumented,
  contentTypeConformance,
  jsonNamesUnique,
  responseSchemaConformance,
  errorBodyConformance,
];
