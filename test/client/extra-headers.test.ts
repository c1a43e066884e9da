import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReference, type ReferenceHandle } from '../../reference/index.ts';
import { createClient, type Client, type ClientOptions } from '../../src/client/client.ts';
import { redactExchange } from '../../src/client/redact.ts';
import { startLoopbackServer } from '../helpers/loopback-server.ts';

/**
 * Headers configured for every request (`headers`): the reference, asked to require X-DFNS-APPID as
 * deployments of 2023–2024 did, tells whether they reach it on each call, user-action sub-calls included.
 */

const APP_ID = 'ap-extra-headers-test';
let reference: ReferenceHandle;
const clients: Client[] = [];

beforeAll(async () => {
  reference = await startReference({ quiet: true, requireAppId: APP_ID });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await reference.close();
});

function clientWith(extra: Partial<ClientOptions> = {}): Client {
  const client = createClient({
    baseUrl: reference.url,
    token: reference.token,
    credential: { id: reference.credential.id, privateKeyPem: reference.credential.privateKeyPem },
    ...extra,
  });
  clients.push(client);
  return client;
}

async function statusOf(client: Client, request: Parameters<Client['request']>[0]): Promise<unknown> {
  const result = await client.request(request);
  return result.sent ? result.exchange.response?.status : result.authError.message;
}

describe('configured headers', () => {
  it('ListKeys is refused 401 by a target requiring X-DFNS-APPID when none is configured', async () => {
    expect(await statusOf(clientWith(), { method: 'GET', path: '/keys' })).toBe(401);
  });

  it('CreateKey succeeds with X-DFNS-APPID configured: the user-action sub-calls carry it too', async () => {
    const client = clientWith({ headers: { 'X-DFNS-APPID': APP_ID } });
    const body = { scheme: 'ECDSA', curve: 'secp256k1' };
    expect(await statusOf(client, { method: 'POST', path: '/keys', body })).toBe(200);
  });

  it('ListKeys lets a request remove a configured header (a test of the header itself wins)', async () => {
    const client = clientWith({ headers: { 'x-dfns-appid': APP_ID } });
    const request = { method: 'GET', path: '/keys', headers: { 'X-DFNS-APPID': undefined } } as const;
    expect(await statusOf(client, request)).toBe(401);
  });

  it('ListKeys records a credential-looking configured header redacted, and scrubs its value anywhere', async () => {
    const server = await startLoopbackServer((request, response) => {
      // A target echoing a header back, as an error message might.
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ items: [], echoed: request.headers['x-gateway-key'] }));
    });
    try {
      const client = createClient({ baseUrl: server.url, headers: { 'X-Gateway-Key': 'gw-s3cret-value' } });
      clients.push(client);
      const result = await client.request({ method: 'GET', path: '/keys' });
      if (!result.sent) throw new Error(result.authError.message);
      expect(server.requests[0]?.headers['x-gateway-key']).toBe('gw-s3cret-value');
      expect(JSON.stringify(redactExchange(result.exchange, client.redactor))).not.toContain(
        'gw-s3cret-value',
      );
    } finally {
      await server.close();
    }
  });
});
