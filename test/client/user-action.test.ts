import { afterEach, describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { base64urlnopad } from '@scure/base';
import { createClient, type Client, type ClientOptions } from '../../src/client/client.ts';
import type { Exchange } from '../../src/client/exchange.ts';
import {
  generateCredential,
  type CredentialKind,
  type GeneratedCredential,
} from '../../src/crypto/credential.ts';
import {
  sendJson,
  startFakeAuthTarget,
  type CapturedRequest,
  type FakeAuthOptions,
  type FakeAuthTarget,
} from '../helpers/loopback-server.ts';

const TOKEN = 'test-bearer-token-0123456789';
const CRED_ID = 'cr-abcde-fghij-0123456789abcd';

let server: FakeAuthTarget | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function setup(
  kind: CredentialKind = 'p256',
  fake: FakeAuthOptions = {},
  options: Partial<ClientOptions> = {},
): Promise<{ server: FakeAuthTarget; client: Client; credential: GeneratedCredential }> {
  const credential = generateCredential(kind);
  server = await startFakeAuthTarget(fake);
  client = createClient({
    baseUrl: server.url,
    token: TOKEN,
    credential: { id: CRED_ID, privateKeyPem: credential.privateKeyPem },
    ...options,
  });
  return { server, client, credential };
}

function requestsTo(target: FakeAuthTarget, path: string): CapturedRequest[] {
  return target.requests.filter((request) => request.url.split('?')[0] === path);
}

function onlyRequestTo(target: FakeAuthTarget, path: string): CapturedRequest {
  const found = requestsTo(target, path);
  expect(found).toHaveLength(1);
  return found[0]!;
}

function jsonOf(request: CapturedRequest): Record<string, unknown> {
  return JSON.parse(request.body) as Record<string, unknown>;
}

interface CapturedAssertion {
  readonly credId: unknown;
  readonly clientData: Uint8Array;
  readonly signature: Uint8Array;
}

/** Reads the assertion back from the bytes the server received, not from the client. */
function assertionSent(target: FakeAuthTarget): CapturedAssertion {
  const body = jsonOf(onlyRequestTo(target, '/auth/action'));
  const factor = body.firstFactor as { kind: string; credentialAssertion: Record<string, unknown> };
  expect(factor.kind).toBe('Key');
  const assertion = factor.credentialAssertion;
  return {
    credId: assertion.credId,
    clientData: base64urlnopad.decode(assertion.clientData as string),
    signature: base64urlnopad.decode(assertion.signature as string),
  };
}

const signatureBody = { kind: 'Hash', hash: `0x${'ab'.repeat(32)}`, externalId: "it's mine" };

describe('user-action signing', () => {
  it.each<CredentialKind>(['p256', 'ed25519'])(
    '%s: the signature verifies with noble over exactly the clientData bytes sent',
    async (kind) => {
      const { client, credential } = await setup(kind);
      await client.request({
        method: 'POST',
        path: '/keys/{keyId}/signatures',
        pathParams: { keyId: 'key-1' },
        body: signatureBody,
      });
      const { clientData, signature } = assertionSent(server!);
      const valid =
        kind === 'p256'
          ? p256.verify(signature, clientData, credential.publicKey, {
              prehash: true,
              format: 'der',
              lowS: false,
            })
          : ed25519.verify(signature, clientData, credential.publicKey);
      expect(valid).toBe(true);
    },
  );

  it('clientData is {"type":"key.get","challenge":<the challenge issued>} byte for byte', async () => {
    const { client } = await setup();
    await client.request({ method: 'POST', path: '/keys', body: { scheme: 'ECDSA', curve: 'secp256k1' } });
    const { clientData } = assertionSent(server!);
    const challenge = server!.issuedChallenges[0]!;
    expect(new TextDecoder().decode(clientData)).toBe(`{"type":"key.get","challenge":"${challenge}"}`);
  });

  it('clientData carries origin and crossOrigin, in that order, when configured', async () => {
    const { client } = await setup(
      'p256',
      {},
      { clientData: { origin: 'https://app.dfns.io', crossOrigin: false } },
    );
    await client.request({ method: 'POST', path: '/keys', body: {} });
    const { clientData } = assertionSent(server!);
    const challenge = server!.issuedChallenges[0]!;
    expect(new TextDecoder().decode(clientData)).toBe(
      `{"type":"key.get","challenge":"${challenge}","origin":"https://app.dfns.io","crossOrigin":false}`,
    );
  });

  it('the assertion names the configured credential id', async () => {
    const { client } = await setup();
    await client.request({ method: 'POST', path: '/keys', body: {} });
    expect(assertionSent(server!).credId).toBe(CRED_ID);
  });

  it('/auth/action carries the challengeIdentifier from init', async () => {
    const { client } = await setup();
    await client.request({ method: 'POST', path: '/keys', body: {} });
    const sign = jsonOf(onlyRequestTo(server!, '/auth/action'));
    expect(sign.challengeIdentifier).toBe(server!.issuedChallengeIdentifiers[0]);
  });

  it('the init payload equals the body of the real request byte for byte', async () => {
    const { client } = await setup();
    await client.request({
      method: 'POST',
      path: '/keys/{keyId}/signatures',
      pathParams: { keyId: 'key-1' },
      body: signatureBody,
    });
    const init = jsonOf(onlyRequestTo(server!, '/auth/action/init'));
    const real = onlyRequestTo(server!, '/keys/key-1/signatures');
    expect(init.userActionPayload).toBe(real.body);
  });

  it('a pre-serialized body is signed and sent unchanged (spacing, duplicate keys)', async () => {
    const { client } = await setup();
    const text = '{ "kind" : "Hash",\n "kind": "Message" }';
    await client.request({
      method: 'POST',
      path: '/keys/{keyId}/signatures',
      pathParams: { keyId: 'k' },
      body: text,
    });
    const init = jsonOf(onlyRequestTo(server!, '/auth/action/init'));
    expect([init.userActionPayload, onlyRequestTo(server!, '/keys/k/signatures').body]).toEqual([text, text]);
  });

  it('the signed path is the path as sent, without the query', async () => {
    const { client } = await setup();
    await client.request({
      method: 'POST',
      path: '/keys/{keyId}/signatures',
      pathParams: { keyId: 'key/with space' },
      query: { dryRun: true },
      body: {},
    });
    const init = jsonOf(onlyRequestTo(server!, '/auth/action/init'));
    const real = server!.requests.at(-1)!;
    expect([init.userActionHttpPath, real.url]).toEqual([
      '/keys/key%2Fwith%20space/signatures',
      '/keys/key%2Fwith%20space/signatures?dryRun=true',
    ]);
  });

  it('init names the method and the Api server kind', async () => {
    const { client } = await setup();
    await client.request({ method: 'PUT', path: '/keys/k1', body: { name: 'n' } });
    const init = jsonOf(onlyRequestTo(server!, '/auth/action/init'));
    expect([init.userActionHttpMethod, init.userActionServerKind]).toEqual(['PUT', 'Api']);
  });

  it('a DELETE without a body signs the empty payload ""', async () => {
    const { client } = await setup();
    await client.request({ method: 'DELETE', path: '/keys/k1' });
    expect(jsonOf(onlyRequestTo(server!, '/auth/action/init')).userActionPayload).toBe('');
  });

  it('the real request carries the issued token in X-DFNS-USERACTION', async () => {
    const { client } = await setup();
    await client.request({ method: 'POST', path: '/keys', body: {} });
    expect(onlyRequestTo(server!, '/keys').headers['x-dfns-useraction']).toBe(server!.issuedTokens[0]);
  });

  it('the auth sub-calls carry the bearer token but no user action', async () => {
    const { client } = await setup();
    await client.request({ method: 'POST', path: '/keys', body: {} });
    const subCalls = [...requestsTo(server!, '/auth/action/init'), ...requestsTo(server!, '/auth/action')];
    expect(subCalls.map((r) => [r.headers.authorization, r.headers['x-dfns-useraction']])).toEqual([
      [`Bearer ${TOKEN}`, undefined],
      [`Bearer ${TOKEN}`, undefined],
    ]);
  });

  it.each(['GET', 'HEAD', 'OPTIONS'] as const)('%s is not signed', async (method) => {
    const { client } = await setup();
    await client.request({ method, path: '/keys' });
    expect(server!.requests.map((r) => r.url)).toEqual(['/keys']);
  });

  it.each(['/auth/action/init', '/auth/action'])('a POST to %s itself is not signed', async (path) => {
    const { client } = await setup();
    await client.request({ method: 'POST', path, body: {} });
    expect(server!.requests.map((r) => r.url)).toEqual([path]);
  });

  it("userAction 'omit' sends no user action and makes no auth call", async () => {
    const { client } = await setup();
    await client.request({ method: 'POST', path: '/keys', body: {}, auth: { userAction: 'omit' } });
    expect(server!.requests.map((r) => [r.url, r.headers['x-dfns-useraction']])).toEqual([
      ['/keys', undefined],
    ]);
  });

  it('userAction { token } sends that token and makes no auth call', async () => {
    const { client } = await setup();
    await client.request({
      method: 'POST',
      path: '/keys',
      body: {},
      auth: { userAction: { token: 'ua-reused' } },
    });
    expect(server!.requests.map((r) => [r.url, r.headers['x-dfns-useraction']])).toEqual([
      ['/keys', 'ua-reused'],
    ]);
  });

  it('userAction { sign } signs the given method, path and payload, not the request', async () => {
    const { client } = await setup();
    const other = { method: 'DELETE', path: '/keys/other', payload: '{"x":1}' } as const;
    await client.request({
      method: 'POST',
      path: '/keys',
      body: { a: 1 },
      auth: { userAction: { sign: other } },
    });
    const init = jsonOf(onlyRequestTo(server!, '/auth/action/init'));
    expect([init.userActionHttpMethod, init.userActionHttpPath, init.userActionPayload]).toEqual([
      'DELETE',
      '/keys/other',
      '{"x":1}',
    ]);
  });

  it('signUserAction returns the token the target issued, for reuse', async () => {
    const { client } = await setup();
    const result = await client.signUserAction({ method: 'POST', path: '/keys', payload: '{}' });
    expect(result.ok ? result.token : result.error.message).toBe(server!.issuedTokens[0]);
  });

  it('signUserAction returns both auth exchanges with their purposes', async () => {
    const { client } = await setup();
    const result = await client.signUserAction({ method: 'POST', path: '/keys', payload: '{}' });
    expect(result.exchanges.map((e) => e.purpose)).toEqual(['user-action-init', 'user-action-sign']);
  });

  it('with bearer false the real request has no Authorization, the auth calls keep it', async () => {
    const { client } = await setup();
    await client.request({ method: 'POST', path: '/keys', body: {}, auth: { bearer: false } });
    expect(server!.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/auth/action/init', `Bearer ${TOKEN}`],
      ['/auth/action', `Bearer ${TOKEN}`],
      ['/keys', undefined],
    ]);
  });

  it('a bearer override applies to the auth sub-calls too', async () => {
    const { client } = await setup();
    await client.request({ method: 'POST', path: '/keys', body: {}, auth: { bearer: 'other-bearer-token' } });
    expect(server!.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer other-bearer-token',
      'Bearer other-bearer-token',
      'Bearer other-bearer-token',
    ]);
  });

  it('an unsubscribed listener sees nothing more', async () => {
    const { client } = await setup();
    const seen: Exchange[] = [];
    const unsubscribe = client.onExchange((exchange) => seen.push(exchange));
    unsubscribe();
    await client.request({ method: 'GET', path: '/keys' });
    expect(seen).toEqual([]);
  });

  it('listeners see the auth sub-calls, then the request, with operationIds resolved', async () => {
    const { client } = await setup(
      'p256',
      {},
      {
        resolveOperation: (method, path) => (method === 'POST' && path === '/keys' ? 'CreateKey' : undefined),
      },
    );
    const seen: Exchange[] = [];
    client.onExchange((exchange) => seen.push(exchange));
    await client.request({ method: 'POST', path: '/keys', body: {} });
    expect(seen.map((e) => [e.purpose, e.operationId])).toEqual([
      ['user-action-init', undefined],
      ['user-action-sign', undefined],
      [undefined, 'CreateKey'],
    ]);
  });
});

describe('user-action signing failures', () => {
  const deny =
    (status: number, message: string): FakeAuthOptions['init'] =>
    (_request, response) => {
      sendJson(response, status, { error: { status, message } });
    };

  it('a 401 at init stops the flow: the real request is not sent', async () => {
    const { client } = await setup('p256', { init: deny(401, 'Not Authorized.') });
    const result = await client.request({ method: 'POST', path: '/keys', body: {} });
    expect([result.sent, server!.requests.map((r) => r.url)]).toEqual([false, ['/auth/action/init']]);
  });

  it('a 401 at init is reported in one line naming the step and the status', async () => {
    const { client } = await setup('p256', { init: deny(401, 'Not Authorized.') });
    const result = await client.request({ method: 'POST', path: '/keys', body: {} });
    expect(result.sent ? 'sent' : result.authError.message).toBe(
      'user-action signing failed at init: 401 Not Authorized.',
    );
  });

  it('an init error message with terminal escapes is reported with them shown as \\u001b, not raw', async () => {
    const { client } = await setup('p256', { init: deny(400, '\u001b[2J\u001b]0;owned\u0007 no') });
    const result = await client.request({ method: 'POST', path: '/keys', body: {} });
    expect(result.sent ? 'sent' : result.authError.message).toBe(
      'user-action signing failed at init: 400 \\u001b[2J\\u001b]0;owned\\u0007 no',
    );
  });

  it('an init answer without a challenge is reported as such', async () => {
    const { client } = await setup('p256', {
      init: (_request, response) => {
        sendJson(response, 200, { challengeIdentifier: 'x' });
      },
    });
    const result = await client.request({ method: 'POST', path: '/keys', body: {} });
    expect(result.sent ? 'sent' : result.authError.message).toBe(
      'user-action signing failed at init: 200 but the body lacks "challenge" (a non-empty string)',
    );
  });

  it('an init answer that is not JSON is reported as such', async () => {
    const { client } = await setup('p256', {
      init: (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<html>login</html>');
      },
    });
    const result = await client.request({ method: 'POST', path: '/keys', body: {} });
    expect(result.sent ? 'sent' : result.authError.message).toBe(
      'user-action signing failed at init: 200 but the body is not JSON',
    );
  });

  it('a 403 at /auth/action fails at step sign and keeps the failed exchange', async () => {
    const { client } = await setup('p256', {
      sign: (_request, response) => {
        sendJson(response, 403, { error: { message: 'invalid signature' } });
      },
    });
    const result = await client.request({ method: 'POST', path: '/keys', body: {} });
    expect(result.sent ? 'sent' : [result.authError.message, result.authError.exchange?.purpose]).toEqual([
      'user-action signing failed at sign: 403 invalid signature',
      'user-action-sign',
    ]);
  });

  it('an error message that echoes the challenge identifier is redacted in authError', async () => {
    const { client } = await setup('p256', {
      sign: (request, response) => {
        const sent = JSON.parse(request.body) as { challengeIdentifier: string };
        sendJson(response, 400, { error: { message: 'bad', challengeIdentifier: sent.challengeIdentifier } });
      },
    });
    const result = await client.request({ method: 'POST', path: '/keys', body: {} });
    expect(result.sent ? 'sent' : result.authError.message).toBe(
      'user-action signing failed at sign: 400 bad',
    );
  });

  it('an error message that quotes the challenge identifier does not carry it into authError', async () => {
    let identifier = '';
    const { client } = await setup('p256', {
      sign: (request, response) => {
        identifier = (JSON.parse(request.body) as { challengeIdentifier: string }).challengeIdentifier;
        sendJson(response, 400, { error: { message: `challenge ${identifier} has expired` } });
      },
    });
    const result = await client.request({ method: 'POST', path: '/keys', body: {} });
    const message = result.sent ? 'sent' : result.authError.message;
    expect([message.includes(identifier), message]).toEqual([false, expect.stringContaining('has expired')]);
  });

  /** An /auth/action that refuses the assertion, quoting the credential assertion it got in its message. */
  function quotingAssertion(field: 'clientData' | 'signature'): FakeAuthOptions['sign'] {
    return (request, response) => {
      const sent = JSON.parse(request.body) as {
        firstFactor: { credentialAssertion: Record<typeof field, string> };
      };
      sendJson(response, 400, {
        error: { message: `bad ${field} ${sent.firstFactor.credentialAssertion[field]}` },
      });
    };
  }

  it('an error message that quotes the signed clientData does not carry it into authError', async () => {
    const { client } = await setup('p256', { sign: quotingAssertion('clientData') });
    const result = await client.request({ method: 'POST', path: '/keys', body: {} });
    expect(result.sent ? 'sent' : result.authError.message).toBe(
      'user-action signing failed at sign: 400 bad clientData [redacted]',
    );
  });

  it('an error message that quotes the assertion signature does not carry it into authError', async () => {
    const { client } = await setup('p256', { sign: quotingAssertion('signature') });
    const result = await client.request({ method: 'POST', path: '/keys', body: {} });
    expect(result.sent ? 'sent' : result.authError.message).toBe(
      'user-action signing failed at sign: 400 bad signature [redacted]',
    );
  });

  it('an init error body that quotes the bearer token does not carry it into authError', async () => {
    const { client } = await setup('p256', {
      init: (_request, response) => {
        response.writeHead(401, { 'content-type': 'text/plain' });
        response.end(`token ${TOKEN} is not valid here`);
      },
    });
    const result = await client.request({ method: 'POST', path: '/keys', body: {} });
    const message = result.sent ? 'sent' : result.authError.message;
    expect([message.includes(TOKEN), message]).toEqual([false, expect.stringContaining('is not valid here')]);
  });

  it('without a credential, auto signing fails at step sign before any call', async () => {
    server = await startFakeAuthTarget();
    client = createClient({ baseUrl: server.url, token: TOKEN });
    const result = await client.request({ method: 'POST', path: '/keys', body: {} });
    expect([result.sent ? 'sent' : result.authError.message, server.requests.length]).toEqual([
      'user-action signing failed at sign: no credential is configured (a credential id and key are needed)',
      0,
    ]);
  });
});
