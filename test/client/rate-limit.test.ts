import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startReference, type ReferenceHandle } from '../../reference/index.ts';
import { createClient, type Client, type ClientOptions } from '../../src/client/client.ts';
import type { Exchange } from '../../src/client/exchange.ts';
import { retryAfterMs } from '../../src/client/rate-limit.ts';
import { startLoopbackServer, sendJson, type LoopbackServer } from '../helpers/loopback-server.ts';

/**
 * A 429 with Retry-After is the target pacing the client, not an answer to judge: the client waits and
 * sends again, on every call, user-action steps included. Anything else comes back as it was answered.
 */
function answered(status: number, headers: Record<string, string> = {}): Exchange {
  return {
    id: 'x-000001',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    request: { method: 'GET', url: 'http://127.0.0.1/keys', path: '/keys', headers: {} },
    response: { status, headers, body: '{}' },
  };
}

describe('retryAfterMs', () => {
  const NOW = Date.parse('2026-01-01T00:00:00.000Z');
  it.each<[string, number, Record<string, string>, number | undefined]>([
    ['delay-seconds', 429, { 'retry-after': '2' }, 2000],
    ['zero seconds', 429, { 'retry-after': '0' }, 0],
    ['an HTTP-date 5 s ahead', 429, { 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, 5000],
    ['an HTTP-date already past', 429, { 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }, 0],
    ['a delay above the cap, cut to it', 429, { 'retry-after': '120' }, 30_000],
    ['no Retry-After', 429, {}, undefined],
    ['a Retry-After that does not parse', 429, { 'retry-after': 'soon' }, undefined],
    ['a negative number', 429, { 'retry-after': '-1' }, undefined],
    ['Retry-After on a 503', 503, { 'retry-after': '1' }, undefined],
  ])('%s', (_what, status, headers, expected) => {
    expect(retryAfterMs(answered(status, headers), 30_000, NOW)).toBe(expected);
  });
});

describe('the client on a paced target', () => {
  let server: LoopbackServer | undefined;
  let client: Client | undefined;
  let reference: ReferenceHandle | undefined;

  afterEach(async () => {
    await client?.close();
    await server?.close();
    await reference?.close();
    [client, server, reference] = [undefined, undefined, undefined];
  });

  /** A server that answers 429 (with `headers`) to its first `paced` requests, then 200. */
  async function pacedServer(paced: number, headers: Record<string, string>): Promise<string> {
    let seen = 0;
    server = await startLoopbackServer((_request, response: ServerResponse) => {
      seen += 1;
      if (seen <= paced) {
        response.writeHead(429, { 'content-type': 'application/json', ...headers });
        response.end('{"error":{"message":"slow down"}}');
      } else {
        sendJson(response, 200, { items: [] });
      }
    });
    return server.url;
  }

  async function statuses(url: string, options: Partial<ClientOptions> = {}): Promise<number[]> {
    client = createClient({ baseUrl: url, token: 't', ...options });
    const seen: number[] = [];
    client.onExchange((exchange) => seen.push(exchange.response?.status ?? 0));
    const result = await client.request({ method: 'GET', path: '/keys' });
    expect(result.sent).toBe(true);
    return seen;
  }

  it('a 429 with Retry-After is sent again until answered, each answer seen by listeners', async () => {
    expect(await statuses(await pacedServer(2, { 'retry-after': '0' }))).toEqual([429, 429, 200]);
  });

  it('a 429 still there after the retries is returned as answered', async () => {
    expect(await statuses(await pacedServer(10, { 'retry-after': '0' }))).toEqual([429, 429, 429, 429]);
  });

  /** The statuses of the last exchanges the client reported throttled for one GET. */
  async function throttled(url: string, options: Partial<ClientOptions> = {}): Promise<number[]> {
    client = createClient({ baseUrl: url, token: 't', ...options });
    const seen: number[] = [];
    client.onThrottled((exchange) => seen.push(exchange.response?.status ?? 0));
    await client.request({ method: 'GET', path: '/keys' });
    return seen;
  }

  it('tells the throttle listeners once when the retries run out on a paced 429', async () => {
    expect(await throttled(await pacedServer(10, { 'retry-after': '0' }))).toEqual([429]);
  });

  it('tells the throttle listeners nothing when a retry is answered', async () => {
    expect(await throttled(await pacedServer(2, { 'retry-after': '0' }))).toEqual([]);
  });

  it('tells the throttle listeners nothing with pacing off: the 429 is an answer', async () => {
    const url = await pacedServer(1, { 'retry-after': '0' });
    expect(await throttled(url, { rateLimit: { retries: 0, maxWaitMs: 30_000 } })).toEqual([]);
  });

  it('a 429 without Retry-After is returned at once', async () => {
    expect(await statuses(await pacedServer(1, {}))).toEqual([429]);
  });

  it('retries 0 turns pacing off', async () => {
    const url = await pacedServer(1, { 'retry-after': '0' });
    expect(await statuses(url, { rateLimit: { retries: 0, maxWaitMs: 30_000 } })).toEqual([429]);
  });

  /** Two reads, then a signed CreateKey, against a reference that paces 1 request in 4: the signing step's. */
  async function createKeyAfterTwoReads(options: Partial<ClientOptions> = {}) {
    reference = await startReference({ quiet: true, rateLimitEvery: 4 });
    client = createClient({
      baseUrl: reference.url,
      token: reference.token,
      credential: { id: reference.credential.id, privateKeyPem: reference.credential.privateKeyPem },
      ...options,
    });
    const seen: string[] = [];
    client.onExchange((exchange) =>
      seen.push(`${exchange.purpose ?? 'request'} ${exchange.response?.status}`),
    );
    await client.request({ method: 'GET', path: '/keys' });
    await client.request({ method: 'GET', path: '/keys' });
    const result = await client.request({
      method: 'POST',
      path: '/keys',
      body: { scheme: 'ECDSA', curve: 'secp256k1' },
    });
    return { result, seen };
  }

  it('user-action steps are paced too: a signed CreateKey whose signing step is paced goes through', async () => {
    const { result, seen } = await createKeyAfterTwoReads();
    expect(result.sent && result.exchange.response?.status).toBe(200);
    expect(seen).toEqual([
      'request 200',
      'request 200',
      'user-action-init 200',
      'user-action-sign 429',
      'user-action-sign 200',
      'request 200',
    ]);
  });

  it('without pacing, the same CreateKey fails at the signing step', async () => {
    const { result } = await createKeyAfterTwoReads({ rateLimit: { retries: 0, maxWaitMs: 30_000 } });
    expect(result.sent ? 'sent' : result.authError.step).toBe('sign');
  });
});
