import { afterEach, describe, expect, it } from 'vitest';
import {
  createClient,
  type Client,
  type ClientOptions,
  type RequestOptions,
} from '../../src/client/client.ts';
import type { Exchange } from '../../src/client/exchange.ts';
import { rawBody } from '../../src/client/request-body.ts';
import {
  startLoopbackServer,
  sendJson,
  type CapturedRequest,
  type LoopbackServer,
} from '../helpers/loopback-server.ts';

let server: LoopbackServer | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

/** Sends one bearer-only request (no user action) and returns what the server received and the exchange. */
async function roundTrip(
  request: RequestOptions,
  options: Partial<ClientOptions> = {},
  basePath = '',
): Promise<{ received: CapturedRequest; exchange: Exchange }> {
  server = await startLoopbackServer((_request, response) => {
    sendJson(response, 200, { ok: true });
  });
  client = createClient({ baseUrl: `${server.url}${basePath}`, token: 'bearer-token-for-tests', ...options });
  const result = await client.request({ ...request, auth: { userAction: 'omit', ...request.auth } });
  if (!result.sent) throw new Error(result.authError.message);
  return { received: server.requests[0]!, exchange: result.exchange };
}

describe('request bodies are sent byte-exactly', () => {
  it('an object is sent as its JSON.stringify', async () => {
    const body = { name: 'é "quoted"', n: 1, nested: { a: [1, 2] } };
    const { received } = await roundTrip({ method: 'POST', path: '/keys', body });
    expect(received.body).toBe(JSON.stringify(body));
  });

  it('an object body is sent as application/json', async () => {
    const { received } = await roundTrip({ method: 'POST', path: '/keys', body: {} });
    expect(received.headers['content-type']).toBe('application/json');
  });

  it('a string is pre-serialized JSON, sent unchanged', async () => {
    const text = '{"a":1,   "a":2}\n';
    const { received } = await roundTrip({ method: 'POST', path: '/keys', body: text });
    expect([received.body, received.headers['content-type']]).toEqual([text, 'application/json']);
  });

  it('a raw body is sent with its own content type', async () => {
    const { received } = await roundTrip({
      method: 'POST',
      path: '/keys',
      body: rawBody('a=1', 'text/plain'),
    });
    expect([received.body, received.headers['content-type']]).toEqual(['a=1', 'text/plain']);
  });

  it('a raw body without a content type sends no content-type header', async () => {
    const { received } = await roundTrip({ method: 'POST', path: '/keys', body: rawBody('{"a":') });
    expect([received.body, received.headers['content-type']]).toEqual(['{"a":', undefined]);
  });

  it('raw bytes arrive unchanged, even when they are not UTF-8', async () => {
    const bytes = Uint8Array.from([0x7b, 0xff, 0xfe, 0x00, 0x7d]);
    const { received } = await roundTrip({
      method: 'POST',
      path: '/keys',
      body: rawBody(bytes, 'application/json'),
    });
    expect(received.bodyBytes.toString('hex')).toBe('7bfffe007d');
  });

  it('the recorded request body is the body sent', async () => {
    const { exchange } = await roundTrip({ method: 'POST', path: '/keys', body: { a: 1 } });
    expect(exchange.request.body).toBe('{"a":1}');
  });

  it('a request without a body records none and sends no content type', async () => {
    const { received, exchange } = await roundTrip({ method: 'GET', path: '/keys' });
    expect([exchange.request.body, received.headers['content-type']]).toEqual([undefined, undefined]);
  });

  it('a body JSON.stringify cannot serialize is a programming error', async () => {
    server = await startLoopbackServer(() => undefined);
    client = createClient({ baseUrl: server.url });
    await expect(client.request({ method: 'POST', path: '/keys', body: () => 1 })).rejects.toThrow(
      'cannot be serialized',
    );
  });
});

describe('headers and auth', () => {
  it('sends the bearer token as Authorization', async () => {
    const { received } = await roundTrip({ method: 'GET', path: '/keys' });
    expect(received.headers.authorization).toBe('Bearer bearer-token-for-tests');
  });

  it('auth.bearer replaces the token for one request', async () => {
    const { received } = await roundTrip({ method: 'GET', path: '/keys', auth: { bearer: 'other-token' } });
    expect(received.headers.authorization).toBe('Bearer other-token');
  });

  it('auth.bearer false sends no Authorization', async () => {
    const { received } = await roundTrip({ method: 'GET', path: '/keys', auth: { bearer: false } });
    expect(received.headers.authorization).toBeUndefined();
  });

  it('extra headers are sent, names case-insensitive, overriding defaults', async () => {
    const { received } = await roundTrip({
      method: 'POST',
      path: '/keys',
      body: {},
      headers: { 'Content-Type': 'text/plain', 'X-Extra': '1' },
    });
    expect([received.headers['content-type'], received.headers['x-extra']]).toEqual(['text/plain', '1']);
  });

  it('a header set to undefined removes the default', async () => {
    const { received } = await roundTrip({ method: 'GET', path: '/keys', headers: { Accept: undefined } });
    expect(received.headers.accept).toBeUndefined();
  });

  it('recorded request headers are the ones sent, in lower case', async () => {
    const { exchange } = await roundTrip({ method: 'GET', path: '/keys', headers: { 'X-Trace': 't' } });
    expect(exchange.request.headers['x-trace']).toBe('t');
  });
});

describe('paths, query and recording', () => {
  it('fills path templates with encodeURIComponent', async () => {
    const { received } = await roundTrip({
      method: 'GET',
      path: '/keys/{keyId}',
      pathParams: { keyId: 'a/b' },
    });
    expect(received.url).toBe('/keys/a%2Fb');
  });

  it('drops undefined query values and repeats arrays', async () => {
    const { received } = await roundTrip({
      method: 'GET',
      path: '/keys',
      query: { limit: 2, paginationToken: undefined, network: ['A', 'B'] },
    });
    expect(received.url).toBe('/keys?limit=2&network=A&network=B');
  });

  it('keeps the base URL path prefix', async () => {
    const { received } = await roundTrip({ method: 'GET', path: '/keys' }, {}, '/api/v1/');
    expect(received.url).toBe('/api/v1/keys');
  });

  it('records the URL with the query and the path without it', async () => {
    const { exchange } = await roundTrip({ method: 'GET', path: '/keys', query: { limit: 1 } });
    expect([new URL(exchange.request.url).search, exchange.request.path]).toEqual(['?limit=1', '/keys']);
  });

  it('sets operationId from resolveOperation on the contract path', async () => {
    const { exchange } = await roundTrip(
      { method: 'GET', path: '/keys/{keyId}', pathParams: { keyId: 'k' } },
      { resolveOperation: (method, path) => `${method} ${path}` },
      '/prefix',
    );
    expect(exchange.operationId).toBe('GET /keys/k');
  });

  it('an explicit operationId wins over resolveOperation', async () => {
    const { exchange } = await roundTrip(
      { method: 'GET', path: '/keys', operationId: 'ListKeys' },
      { resolveOperation: () => 'Other' },
    );
    expect(exchange.operationId).toBe('ListKeys');
  });

  it('exchange ids carry the configured prefix and a counter', async () => {
    const { exchange } = await roundTrip({ method: 'GET', path: '/keys' }, { exchangeIdPrefix: 'w3' });
    expect(exchange.id).toMatch(/^w3-\d{6}$/);
  });

  it('the response parsed value is the JSON answered', async () => {
    const { exchange } = await roundTrip({ method: 'GET', path: '/keys' });
    expect(exchange.response?.parsed?.value).toEqual({ ok: true });
  });
});

describe('createClient options', () => {
  it.each([
    [{ baseUrl: 'ftp://x' }, 'is not an http(s) URL'],
    [{ baseUrl: 'not a url' }, 'is not a URL'],
    [{ baseUrl: 'http://x/?q=1' }, 'must not carry a query'],
    [{ baseUrl: 'http://x', requestTimeoutMs: 0 }, 'requestTimeoutMs must be a positive integer'],
    [{ baseUrl: 'http://x', connections: 1.5 }, 'connections must be a positive integer'],
  ])('%j is rejected: %s', (options, message) => {
    expect(() => createClient(options)).toThrow(message);
  });

  it('a credential PEM that is not a key is rejected at creation', () => {
    expect(() =>
      createClient({ baseUrl: 'http://127.0.0.1:1', credential: { id: 'cr-1', privateKeyPem: 'nope' } }),
    ).toThrow('credential key is not a PEM');
  });
});
