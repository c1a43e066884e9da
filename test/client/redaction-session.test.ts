import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils.js';
import { base64, base64nopad, base64url, base64urlnopad } from '@scure/base';
import { createClient, type Client } from '../../src/client/client.ts';
import { toCurl } from '../../src/client/curl.ts';
import type { Exchange } from '../../src/client/exchange.ts';
import { rawBody } from '../../src/client/request-body.ts';
import { generateCredential, type GeneratedCredential } from '../../src/crypto/credential.ts';
import {
  refusedPort,
  sendJson,
  startFakeAuthTarget,
  type FakeAuthTarget,
} from '../helpers/loopback-server.ts';

/**
 * A whole session through every path the client has (GET, POST with a user action, an auth failure,
 * a transport failure, a timeout, a malformed body, an oversized answer), against a server that
 * echoes what it received — headers included — so secrets come back in every place they could.
 * Then every redacted exchange and every curl line is scanned for each secret in every encoding.
 */

const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.session-token-signature';

let server: FakeAuthTarget;
let client: Client;
let credential: GeneratedCredential;
const exchanges: Exchange[] = [];

function secretsOf(pem: string, secretKey: Uint8Array, issued: readonly string[]): Record<string, string> {
  const pemLines = pem.split('\n').filter((line) => line.length >= 16 && !line.startsWith('-----'));
  return {
    token: TOKEN,
    pem,
    'pem (JSON-escaped)': JSON.stringify(pem).slice(1, -1),
    'pem base64 body': pemLines.join(''),
    ...Object.fromEntries(pemLines.map((line, i) => [`pem line ${i + 1}`, line])),
    'key hex': bytesToHex(secretKey),
    'key HEX': bytesToHex(secretKey).toUpperCase(),
    'key base64': base64.encode(secretKey),
    'key base64 (no padding)': base64nopad.encode(secretKey),
    'key base64url': base64url.encode(secretKey),
    'key base64url (no padding)': base64urlnopad.encode(secretKey),
    ...Object.fromEntries(issued.map((value, i) => [`issued value ${i + 1}`, value])),
  };
}

beforeAll(async () => {
  credential = generateCredential('ed25519');
  const echo = {
    other: (
      request: { method: string; url: string; headers: Record<string, unknown>; body: string },
      response: Parameters<typeof sendJson>[0],
    ) => {
      if (request.url.startsWith('/slow')) return; // never answers
      if (request.url.startsWith('/big')) {
        response.end('z'.repeat(4096));
        return;
      }
      response.setHeader('x-echo-authorization', String(request.headers.authorization));
      sendJson(response, request.url.startsWith('/fail') ? 400 : 200, {
        error: { message: `echo ${request.method} ${request.url} ${request.body}` },
        headers: request.headers,
        privateKeyPem: credential.privateKeyPem,
      });
    },
  };
  server = await startFakeAuthTarget(echo);
  client = createClient({
    baseUrl: server.url,
    token: TOKEN,
    credential: { id: 'cr-session', privateKeyPem: credential.privateKeyPem },
    requestTimeoutMs: 300,
    maxResponseBytes: 1024,
  });
  client.onExchange((exchange) => exchanges.push(exchange));

  await client.request({ method: 'GET', path: '/keys', query: { token: TOKEN } });
  await client.request({ method: 'POST', path: '/keys', body: { scheme: 'EdDSA', curve: 'ed25519' } });
  await client.request({
    method: 'POST',
    path: '/keys/import',
    body: { secret: TOKEN, privateKey: bytesToHex(credential.secretKey) },
  });
  await client.request({
    method: 'POST',
    path: '/fail',
    body: rawBody(`{"pem":${JSON.stringify(credential.privateKeyPem)}`, 'application/json'),
  });
  await client.request({ method: 'DELETE', path: '/keys/{keyId}', pathParams: { keyId: 'k1' } });
  await client.request({ method: 'GET', path: '/slow' });
  await client.request({ method: 'GET', path: '/big' });
  const token = await client.signUserAction({ method: 'POST', path: '/keys', payload: '{}' });
  if (token.ok)
    await client.request({
      method: 'POST',
      path: '/keys',
      body: {},
      auth: { userAction: { token: token.token } },
    });

  const refused = createClient({ baseUrl: `http://127.0.0.1:${await refusedPort()}`, token: TOKEN });
  refused.onExchange((exchange) => exchanges.push(exchange));
  await refused.request({ method: 'GET', path: '/keys' });
  await refused.close();
});

afterAll(async () => {
  await client.close();
  await server.close();
});

describe('a recorded session leaks no secret', () => {
  it('exercised every path: user-action sub-calls, failures, timeout and too-large', () => {
    const kinds = new Set(
      exchanges.map((e) => e.purpose ?? e.failure?.kind ?? `status ${e.response?.status}`),
    );
    expect([...kinds].sort()).toEqual(
      [
        'network',
        'status 200',
        'status 400',
        'timeout',
        'too-large',
        'user-action-init',
        'user-action-sign',
      ].sort(),
    );
  });

  it('the unredacted session does contain the secrets, so the scans below can fail', () => {
    const raw = JSON.stringify(exchanges);
    const secrets = secretsOf(credential.privateKeyPem, credential.secretKey, [
      ...server.issuedTokens,
      ...server.issuedChallengeIdentifiers,
    ]);
    const present = Object.entries(secrets)
      .filter(([, value]) => raw.includes(value))
      .map(([name]) => name);
    expect(present).toEqual(
      expect.arrayContaining(['token', 'pem (JSON-escaped)', 'key hex', 'issued value 1']),
    );
  });

  it('no redacted exchange contains the token, the credential key in any encoding, or an issued token', () => {
    const redacted = JSON.stringify(exchanges.map((exchange) => client.redactor.redactExchange(exchange)));
    const secrets = secretsOf(credential.privateKeyPem, credential.secretKey, [
      ...server.issuedTokens,
      ...server.issuedChallengeIdentifiers,
      ...server.issuedChallenges,
    ]);
    const leaked = Object.entries(secrets)
      .filter(([, value]) => redacted.includes(value))
      .map(([name]) => name);
    expect(leaked).toEqual([]);
  });

  it('no curl line contains a secret', () => {
    const lines = exchanges.map((exchange) => toCurl(exchange, { redactor: client.redactor })).join('\n');
    const secrets = secretsOf(credential.privateKeyPem, credential.secretKey, [
      ...server.issuedTokens,
      ...server.issuedChallengeIdentifiers,
      ...server.issuedChallenges,
    ]);
    const leaked = Object.entries(secrets)
      .filter(([, value]) => lines.includes(value))
      .map(([name]) => name);
    expect(leaked).toEqual([]);
  });
});
