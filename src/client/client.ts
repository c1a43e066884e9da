import { loadCredentialKey, type CredentialKey } from '../crypto/credential.ts';
import type { ClientDataExtras } from './client-data.ts';
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_CONNECTIONS,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from './defaults.ts';
import type { Exchange, HttpMethod } from './exchange.ts';
import { DEFAULT_RATE_LIMIT, paced, type RateLimitPolicy } from './rate-limit.ts';
import { LEGACY_NONCE_HEADER, legacyNonce } from './legacy-nonce.ts';
import { proxyLabel, proxySecrets, targetDispatcher } from './proxy-dispatcher.ts';
import { createRedactor, isSecretHeader, type Redactor } from './redact.ts';
import { encodeRequestBody, type EncodedBody, type RequestBody } from './request-body.ts';
import {
  resolveRequestTarget,
  type PathParamValue,
  type QueryValue,
  type RequestTarget,
} from './request-target.ts';
import { sendExchange, type SendLimits } from './send-exchange.ts';
import {
  signUserActionFlow,
  USER_ACTION_INIT_PATH,
  USER_ACTION_SIGN_PATH,
  type UserActionError,
  type UserActionPurpose,
  type UserActionResult,
  type UserActionSigner,
  type UserActionTarget,
} from './user-action.ts';

/**
 * The one HTTP client every suite goes through: a keep-alive pool to one target, a deadline and a
 * body cap on every request, bodies sent byte-exactly, user actions signed for mutating calls, and
 * every exchange (auth sub-calls included) handed to listeners unredacted.
 */

export type CredentialOption =
  | { readonly id: string; readonly privateKeyPem: string }
  | { readonly id: string; readonly key: CredentialKey };

export interface ClientOptions {
  /** http(s) URL; a path prefix (e.g. `https://host/api`) is kept in front of every request path. */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer <token>` unless a request overrides it. */
  readonly token?: string;
  /** Signs user actions; without it, mutating calls with `userAction: 'auto'` fail at step `sign`. */
  readonly credential?: CredentialOption;
  /** Extra clientData fields for targets that want them (keys-api.md §5.2). */
  readonly clientData?: ClientDataExtras;
  readonly connections?: number;
  readonly requestTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  readonly maxResponseBytes?: number;
  /** The contract's `match`: sets `operationId` on exchanges whose request did not name one. */
  readonly resolveOperation?: (method: HttpMethod, path: string) => string | undefined;
  /** Exchange ids are `<prefix>-000001`...; give each client in a run its own prefix. Default `x`. */
  readonly exchangeIdPrefix?: string;
  readonly userAgent?: string;
  /** How a 429 with Retry-After is honoured, on every call user-action steps included (./rate-limit.ts). */
  readonly rateLimit?: RateLimitPolicy;
  /** An http(s) proxy every request goes through (CONNECT); user:password in it are secrets. */
  readonly proxy?: string;
  /**
   * Sent on every request, auth sub-calls included, under the request's own headers (a test that sets or
   * removes one wins). Values of credential-looking names (`isSecretHeader`) are secrets.
   */
  readonly headers?: Readonly<Record<string, string>>;
  /** Send a fresh legacy `X-DFNS-NONCE` on every request (./legacy-nonce.ts). */
  readonly legacyNonce?: boolean;
}

/**
 * `'auto'` (default) signs POST/PUT/DELETE except the auth endpoints themselves; `'omit'` sends none;
 * `{ token }` sends that token (e.g. a reused one); `{ sign }` signs a different method/path/payload
 * than the request sends, to test that the target binds tokens to what they were signed for.
 */
export type UserActionOption =
  'auto' | 'omit' | { readonly token: string } | { readonly sign: UserActionTarget };

export interface RequestAuth {
  /** A string replaces the client's token; `false` sends no Authorization header. */
  readonly bearer?: string | false;
  readonly userAction?: UserActionOption;
}

export interface RequestOptions {
  readonly method: HttpMethod;
  /** A template (`/keys/{keyId}`, filled from pathParams with encodeURIComponent) or a literal path. */
  readonly path: string;
  readonly pathParams?: Readonly<Record<string, PathParamValue>>;
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly body?: RequestBody;
  /** Extra or overriding headers (case-insensitive); `undefined` removes a default header. */
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly auth?: RequestAuth;
  readonly operationId?: string;
  /**
   * Handed to the exchange listeners with every exchange this request makes, user-action sub-calls
   * included; the client never looks inside. It tells a listener whose request an exchange served when
   * many are in flight (the harness records each fuzz input's checks apart this way).
   */
  readonly scope?: object;
}

export type RequestResult =
  /** The request went out; `exchange` may still hold a transport failure or any status. */
  | { readonly sent: true; readonly exchange: Exchange; readonly auth: readonly Exchange[] }
  /** User-action signing failed, so the request was not sent. */
  | { readonly sent: false; readonly authError: UserActionError; readonly auth: readonly Exchange[] };

export type ExchangeListener = (exchange: Exchange, scope: object | undefined) => void;

export interface Client {
  readonly baseUrl: string;
  /** The proxy requests go through, printable (no credentials); undefined when they go direct. */
  readonly proxy?: string;
  request(options: RequestOptions): Promise<RequestResult>;
  /** Runs the user-action flow alone; the token can then be sent with `auth.userAction: { token }`. */
  signUserAction(
    target: UserActionTarget,
    auth?: { readonly bearer?: string | false },
  ): Promise<UserActionResult>;
  /** Called for every exchange, auth sub-calls included, unredacted. Returns an unsubscribe function. */
  onExchange(listener: ExchangeListener): () => void;
  /**
   * Called when the client gives up pacing a call: the target still answered 429 with Retry-After after
   * every retry the policy allows (never when pacing is off, retries 0: the 429 is then an answer like any
   * other). The exchange is the last 429. Returns an unsubscribe function.
   */
  onThrottled(listener: ExchangeListener): () => void;
  /**
   * Resolves once no `request` or `signUserAction` is under way, including any started while waiting. Each
   * is bounded by the client's deadlines and rate-limit waits, so this is too.
   */
  idle(): Promise<void>;
  /** Knows this client's secrets (token, credential key) in addition to the field rules. */
  readonly redactor: Redactor;
  /** Idempotent. */
  close(): Promise<void>;
}

const SIGNED_METHODS = new Set<HttpMethod>(['POST', 'PUT', 'DELETE']);
const AUTH_PATHS = new Set([USER_ACTION_INIT_PATH, USER_ACTION_SIGN_PATH]);
const USER_ACTION_HEADER = 'x-dfns-useraction';

let exchangeCounter = 0;

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) {
    throw new TypeError(`createClient: ${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`createClient: baseUrl "${baseUrl}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`createClient: baseUrl "${baseUrl}" is not an http(s) URL`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new TypeError(`createClient: baseUrl "${baseUrl}" must not carry a query or fragment`);
  }
  return url;
}

function loadSigner(options: ClientOptions, redactor: Redactor): UserActionSigner | undefined {
  const { credential } = options;
  if (credential === undefined) return undefined;
  let key: CredentialKey;
  if ('privateKeyPem' in credential) {
    redactor.register(credential.privateKeyPem);
    key = loadCredentialKey(credential.privateKeyPem);
  } else {
    key = credential.key;
  }
  redactor.register(key.secretKey);
  return {
    credentialId: credential.id,
    key,
    ...(options.clientData === undefined ? {} : { clientData: options.clientData }),
  };
}

function mergeHeaders(
  defaults: Readonly<Record<string, string>>,
  overrides: Readonly<Record<string, string | undefined>> = {},
): Record<string, string> {
  const merged = new Map<string, string | undefined>(Object.entries(defaults));
  for (const [name, value] of Object.entries(overrides)) merged.set(name.toLowerCase(), value);
  const out: Record<string, string> = {};
  for (const [name, value] of merged) if (value !== undefined) out[name] = value;
  return out;
}

export function createClient(options: ClientOptions): Client {
  const base = parseBaseUrl(options.baseUrl);
  const limits: SendLimits = {
    requestTimeoutMs: positiveInteger(
      'requestTimeoutMs',
      options.requestTimeoutMs,
      DEFAULT_REQUEST_TIMEOUT_MS,
    ),
    maxResponseBytes: positiveInteger(
      'maxResponseBytes',
      options.maxResponseBytes,
      DEFAULT_MAX_RESPONSE_BYTES,
    ),
  };
  const connectTimeoutMs = positiveInteger(
    'connectTimeoutMs',
    options.connectTimeoutMs,
    DEFAULT_CONNECT_TIMEOUT_MS,
  );
  const pool = targetDispatcher(base.origin, {
    connections: positiveInteger('connections', options.connections, DEFAULT_CONNECTIONS),
    connectTimeoutMs,
    requestTimeoutMs: limits.requestTimeoutMs,
    ...(options.proxy === undefined ? {} : { proxy: options.proxy }),
  });
  const redactor = createRedactor();
  if (options.token !== undefined) redactor.register(options.token);
  for (const secret of options.proxy === undefined ? [] : proxySecrets(options.proxy))
    redactor.register(secret);
  // fromEntries, not assignment: a header may be called `__proto__`.
  const configuredHeaders = Object.fromEntries(
    Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  for (const [name, value] of Object.entries(configuredHeaders)) {
    if (isSecretHeader(name)) redactor.register(value);
  }
  const signer = loadSigner(options, redactor);
  const listeners = new Set<ExchangeListener>();
  const idPrefix = options.exchangeIdPrefix ?? 'x';
  const userAgent = options.userAgent ?? 'keys-conformance';
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  let closing: Promise<void> | undefined;
  // What idle() waits for: a caller that stopped waiting (an aborted test) must not lose the answer.
  const underWay = new Set<Promise<unknown>>();
  const tracked = <T>(promise: Promise<T>): Promise<T> => {
    underWay.add(promise);
    const done = (): void => {
      underWay.delete(promise);
    };
    promise.then(done, done);
    return promise;
  };

  const nextId = (): string => `${idPrefix}-${String(++exchangeCounter).padStart(6, '0')}`;

  const emit = (exchange: Exchange, scope: object | undefined): Exchange => {
    for (const listener of listeners) listener(exchange, scope);
    return exchange;
  };

  const throttledListeners = new Set<ExchangeListener>();
  // `paced`, telling the throttle listeners when it gives a call up.
  const pacedCall = <T>(
    attempt: () => Promise<T>,
    exchangeOf: (result: T) => Exchange | undefined,
    scope: object | undefined,
  ): Promise<T> =>
    paced(rateLimit, attempt, exchangeOf, (last) => {
      for (const listener of throttledListeners) listener(last, scope);
    });

  const bearerHeader = (bearer: string | false | undefined): Record<string, string> => {
    const token = bearer === undefined ? options.token : bearer;
    return token === undefined || token === false ? {} : { authorization: `Bearer ${token}` };
  };

  interface Prepared {
    readonly request: RequestOptions;
    readonly target: RequestTarget;
    readonly body: EncodedBody | undefined;
  }

  // Resolved and serialized once, so the payload signed is the very string sent.
  const prepare = (request: RequestOptions): Prepared => ({
    request,
    target: resolveRequestTarget(base, request.path, request.pathParams, request.query),
    body: encodeRequestBody(request.body),
  });

  async function send(
    { request, target, body }: Prepared,
    extraHeaders: Readonly<Record<string, string>>,
    purpose?: UserActionPurpose,
  ): Promise<Exchange> {
    const defaults: Record<string, string> = {
      accept: 'application/json',
      'user-agent': userAgent,
      ...configuredHeaders,
      ...(options.legacyNonce === true ? { [LEGACY_NONCE_HEADER]: legacyNonce() } : {}),
      ...(body?.contentType === undefined ? {} : { 'content-type': body.contentType }),
      ...bearerHeader(request.auth?.bearer),
      ...extraHeaders,
    };
    const operationId = request.operationId ?? options.resolveOperation?.(request.method, target.apiPath);
    const exchange = await sendExchange(
      pool,
      {
        id: nextId(),
        method: request.method,
        url: target.url,
        path: target.path,
        pathWithQuery: target.pathWithQuery,
        headers: mergeHeaders(defaults, request.headers),
        ...(body === undefined ? {} : { wireBody: body.wire, bodyText: body.text }),
        ...(operationId === undefined ? {} : { operationId }),
        ...(purpose === undefined ? {} : { purpose }),
      },
      limits,
    );
    return emit(exchange, request.scope);
  }

  async function signUserAction(
    target: UserActionTarget,
    auth: { readonly bearer?: string | false } = {},
    scope?: object,
  ): Promise<UserActionResult> {
    // The auth calls need a bearer even when the request under test omits it.
    const bearer = auth.bearer === false ? undefined : auth.bearer;
    const post = (path: string, body: object, purpose: UserActionPurpose): Promise<Exchange> => {
      const prepared = prepare({
        method: 'POST',
        path,
        body,
        ...(bearer === undefined ? {} : { auth: { bearer } }),
        ...(scope === undefined ? {} : { scope }),
      });
      return pacedCall(
        () => send(prepared, {}, purpose),
        (exchange) => exchange,
        scope,
      );
    };
    return signUserActionFlow(post, signer, target, redactor);
  }

  type UserActionOutcome =
    | { readonly header: Record<string, string>; readonly auth: readonly Exchange[] }
    | { readonly error: UserActionError; readonly auth: readonly Exchange[] };

  async function userActionFor({ request, target, body }: Prepared): Promise<UserActionOutcome> {
    const mode = request.auth?.userAction ?? 'auto';
    // Credentials handed in per request are as secret as the client's own.
    if (typeof request.auth?.bearer === 'string') redactor.register(request.auth.bearer);
    if (typeof mode === 'object' && 'token' in mode) redactor.register(mode.token);
    if (mode === 'omit') return { header: {}, auth: [] };
    if (typeof mode === 'object' && 'token' in mode)
      return { header: { [USER_ACTION_HEADER]: mode.token }, auth: [] };
    if (mode === 'auto' && (!SIGNED_METHODS.has(request.method) || AUTH_PATHS.has(target.apiPath))) {
      return { header: {}, auth: [] };
    }
    const signed: UserActionTarget =
      mode === 'auto' ? { method: request.method, path: target.path, payload: body?.text ?? '' } : mode.sign;
    const bearer = request.auth?.bearer;
    const result = await signUserAction(signed, bearer === undefined ? {} : { bearer }, request.scope);
    return result.ok
      ? { header: { [USER_ACTION_HEADER]: result.token }, auth: result.exchanges }
      : { error: result.error, auth: result.exchanges };
  }

  return {
    baseUrl: base.href,
    ...(options.proxy === undefined ? {} : { proxy: proxyLabel(options.proxy) }),
    redactor,
    async request(request) {
      const prepared = prepare(request);
      // Each attempt signs a user action of its own: a token the paced answer may have spent is not reused.
      const attempt = async (): Promise<RequestResult> => {
        const userAction = await userActionFor(prepared);
        if ('error' in userAction) return { sent: false, authError: userAction.error, auth: userAction.auth };
        const exchange = await send(prepared, userAction.header);
        return { sent: true, exchange, auth: userAction.auth };
      };
      return tracked(
        pacedCall(attempt, (result) => (result.sent ? result.exchange : undefined), request.scope),
      );
    },
    signUserAction: (target, auth) => tracked(signUserAction(target, auth)),
    onExchange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    onThrottled(listener) {
      throttledListeners.add(listener);
      return () => {
        throttledListeners.delete(listener);
      };
    },
    async idle() {
      while (underWay.size > 0) await Promise.allSettled([...underWay]);
    },
    close() {
      closing ??= pool.close();
      return closing;
    },
  };
}
