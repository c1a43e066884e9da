import { Pool, ProxyAgent, type Dispatcher } from 'undici';

/**
 * The client's connections to its target: a keep-alive pool, or, when the run goes through a proxy, the
 * same pool tunnelled through it (CONNECT, for http and https targets alike, as curl does with -p).
 */

export interface TargetConnections {
  readonly connections: number;
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /** An http(s) proxy URL, user:password included when the proxy needs them. */
  readonly proxy?: string;
}

/** The proxy URL as it may be printed: `http://…@proxy.corp:3128` when it carries credentials. */
export function proxyLabel(proxyUrl: string): string {
  // Everything up to the last @ is user:password, however oddly the password is written.
  const at = proxyUrl.lastIndexOf('@');
  if (at < 0) return proxyUrl;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(proxyUrl)?.[0] ?? '';
  return `${scheme}…${proxyUrl.slice(at)}`;
}

function parseProxy(proxyUrl: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(proxyUrl);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new TypeError(`createClient: proxy "${proxyLabel(proxyUrl)}" is not an http(s) URL`);
  }
  return url;
}

/** The secrets a proxy URL carries (its password, and the URL whole), for the client's redactor. */
export function proxySecrets(proxyUrl: string): readonly string[] {
  const url = parseProxy(proxyUrl);
  if (url.password === '') return url.username === '' ? [] : [proxyUrl];
  let decoded = url.password;
  try {
    decoded = decodeURIComponent(url.password);
  } catch {
    // A stray % the URL parser let through: the password is then only ever sent as written.
  }
  return [proxyUrl, url.password, decoded];
}

export interface TargetDispatcher {
  readonly dispatch: Dispatcher['dispatch'];
  close(): Promise<void>;
}

export function targetDispatcher(origin: string, options: TargetConnections): TargetDispatcher {
  const timeouts = { headersTimeout: options.requestTimeoutMs, bodyTimeout: options.requestTimeoutMs };
  if (options.proxy === undefined) {
    const pool = new Pool(origin, {
      connections: options.connections,
      connect: { timeout: options.connectTimeoutMs },
      ...timeouts,
    });
    return { dispatch: pool.dispatch.bind(pool), close: () => pool.close().then(() => undefined) };
  }
  const agent = new ProxyAgent({
    uri: parseProxy(options.proxy).href,
    connections: options.connections,
    proxyTls: { timeout: options.connectTimeoutMs },
    requestTls: { timeout: options.connectTimeoutMs },
    // The connection to the proxy itself waits for CONNECT's answer under undici's own 300 s default: a
    // proxy that never answers would hold a request, and the client's close(), that long.
    clientFactory: (proxyOrigin, proxyOptions) => new Pool(proxyOrigin, { ...proxyOptions, ...timeouts }),
    ...timeouts,
  });
  return {
    // An agent serves many origins and must be told which; it also adds a Host header to the headers it
    // is given, and those are the exchange's record of what was sent.
    dispatch: (request, handler) =>
      agent.dispatch({ ...request, origin, headers: { ...(request.headers as object) } }, handler),
    close: () => agent.close().then(() => undefined),
  };
}
