import { utf8ToBytes } from '@noble/hashes/utils.js';
import { base64urlnopad } from '@scure/base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCredentialKey, signClientData } from '../../src/crypto/credential.ts';
import { USER_ACTION_TTL_MS } from '../../reference/auth/user-actions.ts';
import { bodyOf, createKey, errorMessageOf, okBody, openSession, statusOf, type Session } from './session.ts';

/**
 * User-action signing (keys-api.md §5): challenges bound to method, path and exact payload, verified
 * credential signatures over clientData, single-use tokens checked against the request they authorise.
 */
let clock = Date.parse('2026-01-01T00:00:00Z');
let session: Session;
beforeAll(async () => {
  session = await openSession({ now: () => clock });
});
afterAll(async () => {
  await session.close();
});

const CREATE = JSON.stringify({ scheme: 'ECDSA', curve: 'secp256k1' });

async function challengeFor(method: string, path: string, payload: string): Promise<Record<string, unknown>> {
  return okBody(
    await session.call({
      method: 'POST',
      path: '/auth/action/init',
      body: {
        userActionHttpMethod: method,
        userActionHttpPath: path,
        userActionPayload: payload,
        userActionServerKind: 'Api',
      },
    }),
  );
}

/** Answers a challenge with clientData as given (signed with the registered credential unless told otherwise). */
async function answer(
  challenge: Record<string, unknown>,
  clientData: Record<string, unknown>,
  options: { credId?: string; signature?: string } = {},
) {
  const key = loadCredentialKey(session.ref.credential.privateKeyPem);
  const bytes = utf8ToBytes(JSON.stringify(clientData));
  return session.call({
    method: 'POST',
    path: '/auth/action',
    body: {
      challengeIdentifier: challenge.challengeIdentifier,
      firstFactor: {
        kind: 'Key',
        credentialAssertion: {
          credId: options.credId ?? session.ref.credential.id,
          clientData: base64urlnopad.encode(bytes),
          signature: options.signature ?? base64urlnopad.encode(signClientData(key, bytes)),
        },
      },
    },
  });
}

async function tokenFor(method: 'POST' | 'PUT' | 'DELETE', path: string, payload: string): Promise<string> {
  const result = await session.client.signUserAction({ method, path, payload });
  if (!result.ok) throw new Error(result.error.message);
  return result.token;
}

describe('CreateUserActionChallenge', () => {
  it('answers what a Key-credential-only server must send, listing the caller credential', async () => {
    const challenge = await challengeFor('POST', '/keys', CREATE);
    expect(challenge).toMatchObject({
      supportedCredentialKinds: [{ kind: 'Key', factor: 'first', requiresSecondFactor: false }],
      userVerification: 'discouraged',
      attestation: 'none',
      allowCredentials: { key: [{ type: 'public-key', id: session.ref.credential.id }], webauthn: [] },
      externalAuthenticationUrl: '',
    });
    expect(challenge.challenge).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(new TextDecoder().decode(base64urlnopad.decode(challenge.challenge as string))).toMatch(
      /^[0-9a-f]{64}$/,
    );
  });
});

describe('CreateUserActionSignature', () => {
  it('accepts clientData with extra fields (origin, crossOrigin) as the Python and Java SDKs send', async () => {
    const challenge = await challengeFor('POST', '/keys', CREATE);
    const clientData = {
      type: 'key.get',
      challenge: challenge.challenge,
      origin: 'https://app.dfns.io',
      crossOrigin: false,
    };
    expect(okBody(await answer(challenge, clientData)).userAction).toEqual(expect.any(String) as string);
  });

  it.each([
    {
      name: 'a clientData type other than key.get',
      data: (c: string) => ({ type: 'webauthn.get', challenge: c }),
      message: 'clientData.type must be "key.get", got "webauthn.get"',
    },
    {
      name: 'another challenge',
      data: () => ({ type: 'key.get', challenge: 'bm90IHRoZSBjaGFsbGVuZ2U' }),
      message: 'clientData.challenge is not the challenge that was issued',
    },
  ])('refuses $name with 403', async ({ data, message }) => {
    const challenge = await challengeFor('POST', '/keys', CREATE);
    const exchange = await answer(challenge, data(challenge.challenge as string));
    expect(statusOf(exchange)).toBe(403);
    expect(errorMessageOf(exchange)).toBe(message);
  });

  it('refuses a signature that does not verify with 403', async () => {
    const challenge = await challengeFor('POST', '/keys', CREATE);
    const exchange = await answer(
      challenge,
      { type: 'key.get', challenge: challenge.challenge },
      { signature: 'MEUCIQDh' },
    );
    expect(statusOf(exchange)).toBe(403);
    expect(errorMessageOf(exchange)).toBe('the credential signature does not verify over clientData');
  });

  it('refuses a credential that is not registered with 403', async () => {
    const challenge = await challengeFor('POST', '/keys', CREATE);
    const exchange = await answer(
      challenge,
      { type: 'key.get', challenge: challenge.challenge },
      { credId: 'cr-other' },
    );
    expect(statusOf(exchange)).toBe(403);
    expect(errorMessageOf(exchange)).toBe('credential "cr-other" is not registered for this user');
  });

  it('answers a challenge once only', async () => {
    const challenge = await challengeFor('POST', '/keys', CREATE);
    const clientData = { type: 'key.get', challenge: challenge.challenge };
    expect(statusOf(await answer(challenge, clientData))).toBe(200);
    const again = await answer(challenge, clientData);
    expect(statusOf(again)).toBe(403);
    expect(errorMessageOf(again)).toBe('the challenge has already been answered; challenges are single-use');
  });

  it('refuses a challenge older than 5 minutes', async () => {
    const challenge = await challengeFor('POST', '/keys', CREATE);
    clock += USER_ACTION_TTL_MS;
    const exchange = await answer(challenge, { type: 'key.get', challenge: challenge.challenge });
    expect(statusOf(exchange)).toBe(403);
    expect(errorMessageOf(exchange)).toBe('the challenge has expired (challenges are valid for 5 minutes)');
  });

  it('refuses assertion kinds other than Key with 400', async () => {
    const challenge = await challengeFor('POST', '/keys', CREATE);
    const exchange = await session.call({
      method: 'POST',
      path: '/auth/action',
      body: {
        challengeIdentifier: challenge.challengeIdentifier,
        firstFactor: {
          kind: 'Fido2',
          credentialAssertion: { credId: 'c', clientData: 'e30', authenticatorData: 'AA', signature: 'AA' },
        },
      },
    });
    expect(statusOf(exchange)).toBe(400);
    expect(errorMessageOf(exchange)).toBe(
      'firstFactor.kind "Fido2" is not supported by this target; it accepts Key credentials only',
    );
  });
});

describe('X-DFNS-USERACTION on mutating calls', () => {
  const send = (token: string, body: string, path = '/keys', method: 'POST' | 'PUT' | 'DELETE' = 'POST') =>
    session.call({ method, path, body: body === '' ? undefined : body, auth: { userAction: { token } } });

  it('is required: without one the call is refused with 403', async () => {
    const exchange = await session.call({
      method: 'POST',
      path: '/keys',
      body: CREATE,
      auth: { userAction: 'omit' },
    });
    expect(statusOf(exchange)).toBe(403);
    expect(errorMessageOf(exchange)).toMatch(/^user action signature is missing/);
  });

  it('is single-use', async () => {
    const token = await tokenFor('POST', '/keys', CREATE);
    expect(statusOf(await send(token, CREATE))).toBe(200);
    const again = await send(token, CREATE);
    expect(statusOf(again)).toBe(403);
    expect(errorMessageOf(again)).toBe('user action has already been used; tokens are single-use');
  });

  it('is bound to the exact body (same JSON, other spacing, is another body)', async () => {
    const token = await tokenFor('POST', '/keys', CREATE);
    const exchange = await send(token, JSON.stringify({ scheme: 'ECDSA', curve: 'secp256k1' }, null, 1));
    expect(statusOf(exchange)).toBe(403);
    expect(errorMessageOf(exchange)).toMatch(/signed for another body/);
  });

  it('is bound to the path', async () => {
    const a = await createKey(session, { scheme: 'ECDSA', curve: 'secp256k1' });
    const b = await createKey(session, { scheme: 'ECDSA', curve: 'secp256k1' });
    const body = JSON.stringify({ name: 'x' });
    const token = await tokenFor('PUT', `/keys/${a.id as string}`, body);
    const exchange = await send(token, body, `/keys/${b.id as string}`, 'PUT');
    expect(statusOf(exchange)).toBe(403);
    expect(errorMessageOf(exchange)).toMatch(/signed for another path/);
  });

  it('is bound to the method', async () => {
    const key = await createKey(session, { scheme: 'ECDSA', curve: 'secp256k1' });
    const token = await tokenFor('DELETE', `/keys/${key.id as string}`, '');
    const exchange = await send(token, JSON.stringify({ name: 'x' }), `/keys/${key.id as string}`, 'PUT');
    expect(statusOf(exchange)).toBe(403);
    expect(errorMessageOf(exchange)).toBe('user action was signed for method DELETE, not PUT');
  });

  it('expires after 5 minutes', async () => {
    const token = await tokenFor('POST', '/keys', CREATE);
    clock += USER_ACTION_TTL_MS;
    const exchange = await send(token, CREATE);
    expect(statusOf(exchange)).toBe(403);
    expect(errorMessageOf(exchange)).toBe('user action signature is invalid or expired');
  });

  it.each([
    { signed: '', sent: '', status: 200 },
    { signed: '{}', sent: '{}', status: 200 },
    { signed: '{}', sent: '', status: 403 },
    { signed: '', sent: '{}', status: 403 },
  ])(
    'DeleteKey signed with payload "$signed" and sent with body "$sent": $status',
    async ({ signed, sent, status }) => {
      const key = await createKey(session, { scheme: 'ECDSA', curve: 'secp256k1' });
      const path = `/keys/${key.id as string}`;
      const token = await tokenFor('DELETE', path, signed);
      const exchange = await send(token, sent, path, 'DELETE');
      expect(statusOf(exchange)).toBe(status);
      if (status === 200) expect(bodyOf(exchange).status).toBe('Archived');
    },
  );
});

describe('an Ed25519 credential', () => {
  it('signs user actions end to end', async () => {
    const other = await openSession({ credentialKind: 'Ed25519' });
    try {
      expect(other.ref.credential.kind).toBe('Ed25519');
      expect((await createKey(other, { scheme: 'EdDSA', curve: 'ed25519' })).scheme).toBe('EdDSA');
    } finally {
      await other.close();
    }
  });
});
