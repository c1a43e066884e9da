import { bytesToHex } from '@noble/hashes/utils.js';
import { base64, base64urlnopad } from '@scure/base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawBody } from '../../src/client/request-body.ts';
import { loadCredentialKey } from '../../src/crypto/credential.ts';
import { HASH, createKey, openSession, type Session } from './session.ts';

/**
 * Nothing secret leaves the reference in a log line, an error body or a header: not the bearer token, not the
 * credential key, not a challenge or user-action token it issued, even when a request quotes them back.
 */
const lines: string[] = [];
let session: Session;

beforeAll(async () => {
  session = await openSession({
    quiet: false,
    log: (line) => lines.push(line),
    faults: ['update-key-null-name-500'],
  });
  const { ref } = session;
  const call = session.call.bind(session);
  const key = await createKey(session, { scheme: 'ECDSA', curve: 'secp256k1', name: 'x' });
  const keyId = key.id as string;
  // Errors that could be tempted to quote what they were given:
  await call({ method: 'GET', path: '/keys', auth: { bearer: `${ref.token}x` } });
  await call({ method: 'GET', path: '/keys', headers: { authorization: `Basic ${ref.token}` } });
  await call({
    method: 'POST',
    path: '/keys',
    body: { scheme: ref.token, curve: ref.credential.privateKeyPem },
  });
  await call({ method: 'POST', path: '/keys', body: rawBody(`{"name":"${ref.token}"`, 'application/json') });
  await call({
    method: 'POST',
    path: '/keys',
    body: rawBody(JSON.stringify({ scheme: ref.token }), 'text/plain'),
  });
  await call({ method: 'GET', path: `/keys/${encodeURIComponent(ref.token)}` });
  await call({
    method: 'POST',
    path: '/keys',
    body: { scheme: 'ECDSA', curve: 'secp256k1' },
    auth: { userAction: { token: ref.token } },
  });
  const token = await session.client.signUserAction({ method: 'POST', path: '/keys', payload: '{}' });
  if (token.ok) {
    await call({ method: 'GET', path: '/keys/{keyId}', pathParams: { keyId: token.token } });
    await call({
      method: 'GET',
      path: '/keys/{keyId}/signatures/{signatureId}',
      pathParams: { keyId, signatureId: token.token },
    });
    await call({ method: 'GET', path: `/unknown/${token.token}` });
    await call({
      method: 'POST',
      path: '/keys',
      body: '{"a":1}',
      auth: { userAction: { token: token.token } },
    });
    await call({ method: 'POST', path: '/keys', body: '{}', auth: { userAction: { token: token.token } } });
  }
  const init = await call({
    method: 'POST',
    path: '/auth/action/init',
    body: { userActionHttpMethod: 'POST', userActionHttpPath: '/keys', userActionPayload: '' },
  });
  const challenge = init.response?.parsed?.value as { challengeIdentifier: string; challenge: string };
  await call({
    method: 'POST',
    path: '/auth/action',
    body: {
      challengeIdentifier: challenge.challengeIdentifier,
      firstFactor: {
        kind: 'Key',
        credentialAssertion: {
          credId: ref.token,
          clientData: base64urlnopad.encode(
            new TextEncoder().encode(JSON.stringify({ type: 'key.get', challenge: challenge.challenge })),
          ),
          signature: 'AAAA',
        },
      },
    },
  });
  await call({ method: 'PUT', path: '/keys/{keyId}', pathParams: { keyId }, body: { name: null } });
  await call({
    method: 'POST',
    path: '/keys/{keyId}/signatures',
    pathParams: { keyId },
    body: { kind: 'Hash', hash: HASH, externalId: ref.token.slice(0, 50) },
  });
});

afterAll(async () => {
  await session.close();
});

function secrets(): string[] {
  const { ref } = session;
  const key = loadCredentialKey(ref.credential.privateKeyPem);
  const issued = session.exchanges.flatMap((e) => {
    const value = e.response?.parsed?.value as Record<string, unknown> | undefined;
    return ['challenge', 'challengeIdentifier', 'userAction']
      .map((f) => value?.[f])
      .filter((v): v is string => typeof v === 'string');
  });
  const pemBody = ref.credential.privateKeyPem
    .split('\n')
    .filter((l) => !l.startsWith('-----'))
    .join('');
  return [
    ref.token,
    pemBody,
    bytesToHex(key.secretKey),
    base64.encode(key.secretKey),
    base64urlnopad.encode(key.secretKey),
    ...issued,
  ];
}

describe('secrets stay in', () => {
  it('the session produced errors, an internal error and log lines to inspect', () => {
    const statuses = session.exchanges.map((e) => e.response?.status ?? 0);
    expect(statuses.filter((s) => s >= 400).length).toBeGreaterThanOrEqual(10);
    expect(statuses).toContain(500);
    expect(lines.some((l) => l.startsWith('internal error'))).toBe(true);
    expect(secrets().length).toBeGreaterThanOrEqual(8);
  });

  it('no log line contains a secret', () => {
    const log = lines.join('\n');
    expect(secrets().filter((secret) => log.includes(secret))).toEqual([]);
  });

  it('no error response (body or headers) contains a secret', () => {
    const errors = session.exchanges
      .filter((e) => (e.response?.status ?? 0) >= 400)
      .map((e) => `${JSON.stringify(e.response?.headers)}\n${e.response?.body ?? ''}`)
      .join('\n');
    expect(secrets().filter((secret) => errors.includes(secret))).toEqual([]);
  });

  it('no response carries a stack trace', () => {
    const bodies = session.exchanges.map((e) => e.response?.body ?? '').join('\n');
    expect(bodies).not.toMatch(/\n\s+at |\.ts:\d+/);
  });

  it('a 500 says only that the server failed, with the id of the log line', () => {
    const failed = session.exchanges.find((e) => e.response?.status === 500)!;
    const error = (failed.response?.parsed?.value as { error: { id: string; message: string } }).error;
    expect(error.message).toBe(`internal error; quote error id ${error.id} to the operator of this target`);
    expect(lines).toContain(`internal error ${error.id} in UpdateKey: Error`);
  });

  it('the handle does not show the token or the credential key when printed', () => {
    const printed = JSON.stringify(session.ref);
    expect(printed).not.toContain(session.ref.token);
    expect(printed).not.toContain('PRIVATE KEY');
  });
});
