import type { FaultId, FaultSet } from '../faults.ts';

/**
 * The contract faults that act on a finished response, as a last stage before it is written: each one
 * rewrites the status, headers or body of the operations it names.
 */
export interface OutgoingResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** Destroy the connection instead of answering. */
  readonly reset?: boolean;
  /** The body as written, in place of `body` as JSON: for JSON that JSON.stringify cannot produce. */
  readonly rawBody?: string;
}

interface ResponseContext {
  readonly operationId: string | undefined;
  readonly orgId: string;
}

interface ResponseFault {
  readonly id: FaultId;
  readonly transform: (response: OutgoingResponse, context: ResponseContext) => OutgoingResponse;
}

const KEY_BODY_OPERATIONS = new Set(['CreateKey', 'ImportKey', 'GetKey']);
const CLOSED_KEY_OPERATIONS = new Set(['UpdateKey', 'DeleteKey']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function withoutCustodial(value: unknown): unknown {
  if (!isObject(value)) return value;
  const { custodial: _dropped, ...rest } = value;
  return rest;
}

const RESPONSE_FAULTS: readonly ResponseFault[] = [
  {
    id: 'key-missing-custodial',
    transform: (response, { operationId }) => {
      if (response.status !== 200 || !isObject(response.body)) return response;
      if (KEY_BODY_OPERATIONS.has(operationId ?? ''))
        return { ...response, body: withoutCustodial(response.body) };
      if (operationId === 'ListKeys' && Array.isArray(response.body.items)) {
        return { ...response, body: { ...response.body, items: response.body.items.map(withoutCustodial) } };
      }
      return response;
    },
  },
  {
    id: 'closed-key-extra-property',
    transform: (response, { operationId, orgId }) =>
      response.status === 200 && CLOSED_KEY_OPERATIONS.has(operationId ?? '') && isObject(response.body)
        ? { ...response, body: { ...response.body, orgId } }
        : response,
  },
  {
    id: 'create-key-201',
    transform: (response, { operationId }) =>
      operationId === 'CreateKey' && response.status === 200 ? { ...response, status: 201 } : response,
  },
  {
    id: 'get-key-text-plain',
    transform: (response, { operationId }) =>
      operationId === 'GetKey' && response.status === 200
        ? { ...response, headers: { ...response.headers, 'content-type': 'text/plain; charset=utf-8' } }
        : response,
  },
  {
    id: 'get-key-duplicate-status',
    transform: (response, { operationId }) =>
      operationId === 'GetKey' && response.status === 200 && isObject(response.body)
        ? { ...response, rawBody: `{"status":"Archived",${JSON.stringify(response.body).slice(1)}` }
        : response,
  },
  {
    id: 'error-body-top-level-message',
    transform: (response) => {
      if (response.status < 400 || !isObject(response.body) || !isObject(response.body.error))
        return response;
      return { ...response, body: { message: response.body.error.message } };
    },
  },
  {
    id: 'list-signers-connection-reset',
    transform: (response, { operationId }) =>
      operationId === 'ListSigners' ? { ...response, reset: true } : response,
  },
];

export function applyResponseFaults(
  faults: FaultSet,
  response: OutgoingResponse,
  context: ResponseContext,
): OutgoingResponse {
  return RESPONSE_FAULTS.filter((f) => faults.on(f.id)).reduce((r, f) => f.transform(r, context), response);
}
