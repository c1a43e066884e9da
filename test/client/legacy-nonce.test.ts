import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../../src/client/client.ts';
import { legacyNonce } from '../../src/client/legacy-nonce.ts';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.ts';

let server: LoopbackServer | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = server = undefined;
});

function decoded(nonce: unknown): unknown {
  return JSON.parse(Buffer.from(String(nonce), 'base64url').toString('utf8'));
}

async function nonceHeadersOf(legacy: boolean | undefined, requests: number): Promise<unknown[]> {
  server = await startLoopbackServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[]}');
  });
  client = createClient({ baseUrl: server.url, ...(legacy === undefined ? {} : { legacyNonce: legacy }) });
  for (let i = 0; i < requests; i += 1) await client.request({ method: 'GET', path: '/keys' });
  return server.requests.map((r) => r.headers['x-dfns-nonce']);
}

describe('legacyNonce', () => {
  it('is base64url of {"uuid", "date"} in that order, the date as given', () => {
    const value = decoded(legacyNonce(new Date('2024-03-01T12:00:00.000Z'))) as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['uuid', 'date']);
    expect(value.date).toBe('2024-03-01T12:00:00.000Z');
    expect(String(value.uuid)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('ListKeys carries a fresh X-DFNS-NONCE on every request when asked', async () => {
    const nonces = await nonceHeadersOf(true, 3);
    expect(nonces.every((n) => typeof n === 'string' && /^[A-Za-z0-9_-]+$/.test(n))).toBe(true);
    expect(new Set(nonces.map((n) => (decoded(n) as { uuid: string }).uuid)).size).toBe(3);
  });

  it('ListKeys carries no X-DFNS-NONCE by default, as today', async () => {
    expect(await nonceHeadersOf(undefined, 1)).toEqual([undefined]);
  });
});
