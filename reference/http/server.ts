import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkBearer } from '../auth/identity.ts';
import { ApiError, badRequest, notFound, unauthorized } from '../errors.ts';
import type { Handler } from '../handlers/handler.ts';
import { requestId } from '../ids.ts';
import type { ReferenceState } from '../state.ts';
import type { ContractOperation } from '../validation/openapi-operations.ts';
import { validateBody, validateParameters } from '../validation/request-validation.ts';
import { checkEmptyBody, parseJsonBody, readBody, utf8Text } from './body.ts';
import { answerClientError, answerConnect } from './client-error.ts';
import { applyResponseFaults, type OutgoingResponse } from './response-faults.ts';
import { createRouter, type RouteResult } from './router.ts';

/**
 * The HTTP front of the reference: node:http with keep-alive, one pipeline per request — read the body
 * (capped) → bearer (401) → rate limit if asked (429) → route (404) → user action (403) → parameters and
 * body against openapi.yaml (400) → handler → response faults → JSON with `application/json; charset=utf-8`.
 * Every error is the contract's error body; an unexpected exception is a generic 500 whose log line names
 * only the request id, the operation and the error's class, never its message (which could quote data).
 */
export interface ServerOptions {
  readonly host: string;
  readonly port: number;
  readonly maxBodyBytes: number;
  readonly log: ((line: string) => void) | undefined;
  /** Every Nth authenticated request is answered 429 with `Retry-After: 0`. */
  readonly rateLimitEvery: number | undefined;
  /** `X-DFNS-APPID` every authenticated request must carry (the legacy application id); undefined: none. */
  readonly requireAppId: string | undefined;
}

export interface RunningServer {
  readonly url: string;
  /** How many requests the rate limit answered 429. */
  rateLimited(): number;
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const USER_ACTION_HEADER = 'x-dfns-useraction';
const APP_ID_HEADER = 'x-dfns-appid';
const MAX_HEADER_BYTES = 256 * 1024;
const UNKNOWN_PATH = 'no operation of the Keys API has this path (see openapi.yaml)';

export async function startServer(
  state: ReferenceState,
  operations: Iterable<ContractOperation>,
  handlers: Readonly<Record<string, Handler>>,
  options: ServerOptions,
): Promise<RunningServer> {
  const operationList = [...operations];
  const missing = operationList
    .filter((op) => handlers[op.operationId] === undefined)
    .map((op) => op.operationId);
  if (missing.length > 0) throw new Error(`reference: no handler for ${missing.join(', ')}`);
  const router = createRouter(operationList);
  let authenticated = 0;
  let rateLimited = 0;

  /** `seen.operationId` is set as soon as the route is known, so an error response can be attributed. */
  async function answer(
    request: IncomingMessage,
    rawPath: string,
    query: URLSearchParams,
    seen: { operationId?: string },
  ): Promise<OutgoingResponse> {
    const bytes = await readBody(request, options.maxBodyBytes).catch((error: unknown) => {
      throw oversizeFor(error, router.match(request.method ?? 'GET', rawPath));
    });
    checkHost(request);
    if (!state.faults.on('bearer-not-checked'))
      checkBearer(request.headers.authorization, state.identity.token);
    if (options.requireAppId !== undefined && headerValue(request, APP_ID_HEADER) !== options.requireAppId) {
      throw unauthorized(
        `Not Authorized: this target requires the header X-DFNS-APPID with its application id`,
      );
    }
    authenticated += 1;
    if (options.rateLimitEvery !== undefined && authenticated % options.rateLimitEvery === 0) {
      rateLimited += 1;
      throw new ApiError(429, 'too many requests: slow down and retry after the delay given', undefined, {
        'retry-after': '0',
      });
    }
    const method = request.method ?? 'GET';
    const route = router.match(method, rawPath);
    if ('problem' in route) {
      if (route.problem === 'bad-encoding')
        throw badRequest('the request path is not valid percent-encoding');
      // The path is not quoted back: it is client data and may hold anything.
      throw notFound(
        route.problem === 'unknown-path'
          ? UNKNOWN_PATH
          : `${method} is not an operation of this path (see openapi.yaml)`,
      );
    }
    const { operation } = route;
    if (operation.operationId === 'DeriveKey' && state.faults.on('derive-not-routed')) {
      throw notFound(UNKNOWN_PATH);
    }
    const operationId = operation.operationId;
    seen.operationId = operationId;
    const text = utf8Text(bytes);
    if (operation.requiresUserAction && !state.faults.on('user-action-not-required')) {
      state.userActions.consumeToken(
        headerValue(request, USER_ACTION_HEADER),
        { method, path: rawPath, payload: text },
        {
          singleUse: !state.faults.on('user-action-reusable'),
          bindBody: !state.faults.on('user-action-not-bound-to-body'),
          bindPath: !state.faults.on('user-action-not-bound-to-path'),
        },
      );
    }
    const params = validateParameters(operation, route.pathParams, query);
    let body: unknown;
    if (operation.bodySchemaPointer !== undefined) {
      body = parseJsonBody(text, headerValue(request, 'content-type'));
      validateBody(
        operation,
        body,
        (issue) =>
          state.faults.on('create-key-accepts-unknown-property') &&
          operationId === 'CreateKey' &&
          issue.keyword === 'additionalProperties',
      );
    } else if (operation.method !== 'GET') {
      checkEmptyBody(text, operation.operationId);
    }
    const result = await handlers[operation.operationId]!({ state, params, body });
    return { status: result.status, headers: {}, body: result.body };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const id = requestId();
    const target = originForm(request.url ?? '/');
    const queryAt = target.indexOf('?');
    // The path exactly as sent: a user action is bound to it byte for byte.
    const rawPath = queryAt === -1 ? target : target.slice(0, queryAt);
    const query = new URLSearchParams(queryAt === -1 ? '' : target.slice(queryAt + 1));
    const seen: { operationId?: string } = {};
    let outgoing: OutgoingResponse;
    try {
      outgoing = await answer(request, rawPath, query, seen);
    } catch (error) {
      outgoing = errorResponse(error, id);
      if (!(error instanceof ApiError)) {
        const kind = error instanceof Error ? error.name : typeof error;
        options.log?.(`internal error ${id} in ${seen.operationId ?? 'request'}: ${kind}`);
      }
    }
    outgoing = applyResponseFaults(state.faults, outgoing, {
      operationId: seen.operationId,
      orgId: state.identity.orgId,
    });
    if (outgoing.reset === true) {
      request.socket.destroy();
      options.log?.(`${logTarget(request, seen)} -> connection reset (fault)`);
      return;
    }
    const text = outgoing.rawBody ?? JSON.stringify(outgoing.body);
    response.writeHead(outgoing.status, {
      'content-type': JSON_TYPE,
      'cache-control': 'no-store',
      'x-request-id': id,
      'content-length': Buffer.byteLength(text),
      ...outgoing.headers,
    });
    response.end(text);
    options.log?.(`${logTarget(request, seen)} -> ${outgoing.status}`);
  }

  // Node's 16 KiB header limit answers 431 (undocumented, no JSON body) to a long percent-encoded path
  // parameter; with room for such paths, validation answers them with the contract's 400 instead.
  const serve = (request: IncomingMessage, response: ServerResponse): void => {
    handle(request, response).catch(() => {
      // handle() answers every error itself; this only guards against a failure while writing.
      response.destroy();
    });
  };
  // Node's own Host check answers a bare 400 without the error body; checkHost() answers it instead.
  const server: Server = createServer(
    { keepAlive: true, maxHeaderSize: MAX_HEADER_BYTES, requireHostHeader: false },
    serve,
  );
  // An Expect other than 100-continue gets Node's bare 417, which the contract does not document; RFC 9110
  // §10.1.1 lets a server ignore an expectation it does not know, so the request is served as usual.
  server.on('checkExpectation', serve);
  // Node closes idle keep-alive sockets after 5 s; a client whose event loop was busy longer than that
  // (generating a megabyte of fuzz input) can send on a socket the server has just closed, and a POST
  // lost that way is not safely retried. Real servers keep idle sockets far longer (nginx: 75 s).
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.on('clientError', answerClientError);
  server.on('connect', answerConnect);
  await listen(server, options.host, options.port);
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    rateLimited: () => rateLimited,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

const KEEP_ALIVE_MS = 30_000;

/** A log names the operation, never the path as sent: paths carry client data (ids, anything). */
function logTarget(request: IncomingMessage, seen: { operationId?: string }): string {
  return `${request.method ?? ''} ${seen.operationId ?? '(no operation)'}`;
}

function errorResponse(error: unknown, id: string): OutgoingResponse {
  const status = error instanceof ApiError ? error.status : 500;
  const message =
    error instanceof ApiError
      ? error.message
      : `internal error; quote error id ${id} to the operator of this target`;
  return {
    status,
    headers: error instanceof ApiError ? error.headers : {},
    body: {
      error: {
        id,
        status,
        message,
        ...(error instanceof ApiError && error.details !== undefined ? { details: error.details } : {}),
      },
    },
  };
}

/**
 * openapi.yaml documents 413 only on the operations that take a body; an oversized body sent to one that
 * takes none (DeleteKey, the GETs) is the 400 such a body gets anyway, so every status stays documented.
 */
function oversizeFor(error: unknown, route: RouteResult): unknown {
  if (!(error instanceof ApiError) || error.status !== 413 || !('operation' in route)) return error;
  if (route.operation.bodySchemaPointer !== undefined) return error;
  const refusal = badRequest(`${route.operation.operationId} takes no request body (${error.message})`);
  return new ApiError(refusal.status, refusal.message, undefined, error.headers);
}

/** RFC 9112 §3.2: an HTTP/1.1 request without Host is a 400 (here with the contract's error body). */
function checkHost(request: IncomingMessage): void {
  if (request.httpVersion === '1.1' && request.headers.host === undefined) {
    throw badRequest('an HTTP/1.1 request must carry a Host header');
  }
}

/**
 * The origin-form (`/path?query`) of a request target. RFC 9112 §3.2.2: a server must accept the
 * absolute-form (`http://host/path?query`) too. The path is kept as sent, since a user action is bound to it.
 */
function originForm(target: string): string {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(target);
  if (authority === null) return target;
  const rest = target.slice(authority[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(new Error(`cannot listen on ${host}:${port}: ${error.code ?? error.message}`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
