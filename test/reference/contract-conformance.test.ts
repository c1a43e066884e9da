import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestOptions } from '../../src/client/client.ts';
import type { Exchange } from '../../src/client/exchange.ts';
import { rawBody } from '../../src/client/request-body.ts';
import { generateExportKeyPair } from '../../src/crypto/export-recovery.ts';
import {
  HASH,
  createKey,
  knownKeyImport,
  okBody,
  openSession,
  violationsOf,
  type Session,
} from './session.ts';

/**
 * Every operation of openapi.yaml, driven to success and to each documented error the clean reference can
 * produce (it has no plans, permissions or rate limits, so never 402, 429 or a permission 403): every
 * exchange, auth sub-calls included, validates against the contract with zero violations.
 */
const EXPECTED_STATUSES: Readonly<Record<string, readonly number[]>> = {
  CreateKey: [200, 400, 401, 403, 404],
  ListKeys: [200, 400, 401],
  ImportKey: [200, 400, 401, 403],
  GetKey: [200, 400, 401, 404],
  UpdateKey: [200, 400, 401, 403, 404],
  DeleteKey: [200, 400, 401, 403, 404],
  DelegateKey: [200, 400, 401, 403, 404, 409],
  DeriveKey: [200, 400, 401, 403, 404],
  ExportKey: [200, 400, 401, 403, 404],
  GenerateSignature: [200, 400, 401, 403, 404, 409],
  ListSignatures: [200, 400, 401, 404],
  GetSignature: [200, 400, 401, 404],
  ListSigners: [200, 401],
  CreateUserActionChallenge: [200, 400, 401],
  CreateUserActionSignature: [200, 400, 401, 403],
};

const NO_BEARER = { bearer: false, userAction: 'omit' } as const;
const MISSING = 'key-aaaaa-bbbbb-cccccccccccccccc';

let session: Session;

async function script(s: Session): Promise<void> {
  const call = (request: RequestOptions): Promise<Exchange> => s.call(request);
  const key = (
    path: string,
    keyId: string,
    extra: Omit<RequestOptions, 'path' | 'pathParams' | 'method'> & { method: RequestOptions['method'] },
  ) => call({ path, pathParams: { keyId }, ...extra });

  // CreateKey
  const formats = [
    { scheme: 'ECDSA', curve: 'secp256k1', name: 'n'.repeat(100), masterKey: true },
    { scheme: 'ECDSA', curve: 'stark' },
    { scheme: 'EdDSA', curve: 'ed25519' },
    { scheme: 'Schnorr', curve: 'secp256k1' },
    { scheme: 'DH', curve: 'secp256k1' },
  ];
  const [ecdsa, stark, eddsa, schnorr, dh] = await Promise.all(formats.map((f) => createKey(s, f)));
  const delayed = await createKey(s, { scheme: 'EdDSA', curve: 'ed25519', delayDelegation: true });
  await createKey(s, { scheme: 'ECDSA', curve: 'secp256k1', delegateTo: 'us-6b58p-r53sr-rlrd3l5cj3uc4ome' });
  const storeId = (
    okBody(await key('/keys/{keyId}', ecdsa!.id as string, { method: 'GET' })).store as { id: string }
  ).id;
  await call({ method: 'POST', path: '/keys', body: { scheme: 'ECDSA', curve: 'secp256k1', storeId } });
  await call({
    method: 'POST',
    path: '/keys',
    body: { scheme: 'ECDSA', curve: 'secp256k1', storeId: 'store-none' },
  });
  await call({ method: 'POST', path: '/keys', body: { scheme: 'EdDSA', curve: 'secp256k1' } });
  await call({ method: 'POST', path: '/keys', body: { scheme: 'ECDSA', curve: 'secp256k1', colour: 'red' } });
  await call({ method: 'POST', path: '/keys', body: rawBody('{"scheme":', 'application/json') });
  await call({
    method: 'POST',
    path: '/keys',
    body: { scheme: 'ECDSA', curve: 'secp256k1' },
    auth: NO_BEARER,
  });
  await call({
    method: 'POST',
    path: '/keys',
    body: { scheme: 'ECDSA', curve: 'secp256k1' },
    auth: { userAction: 'omit' },
  });

  // ListKeys
  const first = okBody(await call({ method: 'GET', path: '/keys', query: { limit: 2 } }));
  await call({
    method: 'GET',
    path: '/keys',
    query: { limit: 2, paginationToken: first.nextPageToken as string },
  });
  await call({ method: 'GET', path: '/keys', query: { owner: 'us-6b58p-r53sr-rlrd3l5cj3uc4ome' } });
  await call({ method: 'GET', path: '/keys', query: { limit: 0 } });
  await call({ method: 'GET', path: '/keys', query: { limit: 'many' } });
  await call({ method: 'GET', path: '/keys', query: { paginationToken: 'not-a-token' } });
  await call({ method: 'GET', path: '/keys', auth: NO_BEARER });

  // ImportKey
  const imported = okBody(
    await call({
      method: 'POST',
      path: '/keys/import',
      body: (await knownKeyImport(s, 'anvil-0-ecdsa')).body,
    }),
  );
  const wrongCount = (
    await knownKeyImport(s, 'anvil-0-ecdsa', { faults: [{ kind: 'omit-share', index: 2 }] })
  ).body;
  await call({ method: 'POST', path: '/keys/import', body: wrongCount });
  const inconsistent = (
    await knownKeyImport(s, 'anvil-0-ecdsa', { faults: [{ kind: 'inconsistent-share', index: 1 }] })
  ).body;
  await call({ method: 'POST', path: '/keys/import', body: inconsistent });
  await call({ method: 'POST', path: '/keys/import', body: { ...wrongCount, protocol: 'FROST' } });
  await call({ method: 'POST', path: '/keys/import', body: wrongCount, auth: NO_BEARER });
  await call({ method: 'POST', path: '/keys/import', body: wrongCount, auth: { userAction: 'omit' } });

  // GetKey
  await key('/keys/{keyId}', eddsa!.id as string, { method: 'GET' });
  await key('/keys/{keyId}', MISSING, { method: 'GET' });
  await key('/keys/{keyId}', 'k'.repeat(65), { method: 'GET' });
  await key('/keys/{keyId}', ecdsa!.id as string, { method: 'GET', auth: NO_BEARER });

  // UpdateKey
  const id = ecdsa!.id as string;
  await key('/keys/{keyId}', id, { method: 'PUT', body: { name: 'treasury key' } });
  await key('/keys/{keyId}', id, { method: 'PUT', body: { name: null } });
  await key('/keys/{keyId}', id, { method: 'PUT', body: {} });
  await key('/keys/{keyId}', MISSING, { method: 'PUT', body: { name: 'x' } });
  await key('/keys/{keyId}', id, { method: 'PUT', body: { name: 'x' }, auth: NO_BEARER });
  await key('/keys/{keyId}', id, { method: 'PUT', body: { name: 'x' }, auth: { userAction: 'omit' } });

  // DelegateKey
  const delegate = { delegateTo: 'us-6b58p-r53sr-rlrd3l5cj3uc4ome' };
  await key('/keys/{keyId}/delegate', delayed.id as string, { method: 'POST', body: delegate });
  await key('/keys/{keyId}/delegate', delayed.id as string, { method: 'POST', body: delegate });
  await key('/keys/{keyId}/delegate', stark!.id as string, { method: 'POST', body: delegate });
  await key('/keys/{keyId}/delegate', MISSING, { method: 'POST', body: delegate });
  await key('/keys/{keyId}/delegate', id, { method: 'POST', body: delegate, auth: NO_BEARER });
  await key('/keys/{keyId}/delegate', id, { method: 'POST', body: delegate, auth: { userAction: 'omit' } });

  // DeriveKey
  const derive = {
    domain: '0x64666e733a646f63756d656e746174696f6e3a6b65795f646572697665',
    seed: '0x64616e69656c2e6a696e4064666e732e636f',
  };
  await key('/keys/{keyId}/derive', dh!.id as string, { method: 'POST', body: derive });
  await key('/keys/{keyId}/derive', dh!.id as string, { method: 'POST', body: { ...derive, domain: '' } });
  await key('/keys/{keyId}/derive', id, { method: 'POST', body: derive });
  await key('/keys/{keyId}/derive', MISSING, { method: 'POST', body: derive });
  await key('/keys/{keyId}/derive', dh!.id as string, { method: 'POST', body: derive, auth: NO_BEARER });
  await key('/keys/{keyId}/derive', dh!.id as string, {
    method: 'POST',
    body: derive,
    auth: { userAction: 'omit' },
  });

  // GenerateSignature, GetSignature, ListSignatures
  const hash = { kind: 'Hash', hash: HASH };
  const signed = okBody(
    await key('/keys/{keyId}/signatures', id, {
      method: 'POST',
      body: { ...hash, externalId: 'conformance-1' },
    }),
  );
  await key('/keys/{keyId}/signatures', id, {
    method: 'POST',
    body: { ...hash, externalId: 'conformance-1' },
  });
  await key('/keys/{keyId}/signatures', id, {
    method: 'POST',
    body: { kind: 'Hash', hash: `0x${'01'.repeat(32)}`, externalId: 'conformance-1' },
  });
  await key('/keys/{keyId}/signatures', stark!.id as string, {
    method: 'POST',
    body: { kind: 'Hash', hash: `0x00${'5a'.repeat(31)}` },
  });
  await key('/keys/{keyId}/signatures', eddsa!.id as string, {
    method: 'POST',
    body: { kind: 'Message', message: '0x49206c6f76652044666e73' },
  });
  await key('/keys/{keyId}/signatures', schnorr!.id as string, {
    method: 'POST',
    body: { ...hash, taprootMerkleRoot: '' },
  });
  await key('/keys/{keyId}/signatures', schnorr!.id as string, { method: 'POST', body: hash });
  await key('/keys/{keyId}/signatures', id, {
    method: 'POST',
    body: { kind: 'Transaction', transaction: '0x00' },
  });
  await key('/keys/{keyId}/signatures', id, { method: 'POST', body: { kind: 'Hash', hash: '0x1234' } });
  await key('/keys/{keyId}/signatures', MISSING, { method: 'POST', body: hash });
  await key('/keys/{keyId}/signatures', id, { method: 'POST', body: hash, auth: NO_BEARER });
  await key('/keys/{keyId}/signatures', id, { method: 'POST', body: hash, auth: { userAction: 'omit' } });
  const sigPath = '/keys/{keyId}/signatures/{signatureId}';
  await call({ method: 'GET', path: sigPath, pathParams: { keyId: id, signatureId: signed.id as string } });
  await call({
    method: 'GET',
    path: sigPath,
    pathParams: { keyId: id, signatureId: 'sig-aaaaa-bbbbb-cccccccccccccccc' },
  });
  await call({ method: 'GET', path: sigPath, pathParams: { keyId: id, signatureId: 's'.repeat(65) } });
  await call({
    method: 'GET',
    path: sigPath,
    pathParams: { keyId: id, signatureId: signed.id as string },
    auth: NO_BEARER,
  });
  await key('/keys/{keyId}/signatures', id, { method: 'GET', query: { limit: 1 } });
  await key('/keys/{keyId}/signatures', id, { method: 'GET', query: { limit: 501 } });
  await key('/keys/{keyId}/signatures', MISSING, { method: 'GET' });
  await key('/keys/{keyId}/signatures', id, { method: 'GET', auth: NO_BEARER });

  // ExportKey
  const pair = generateExportKeyPair();
  const exportBody = {
    encryptionKey: pair.encryptionKeyWire,
    supportedSchemes: [{ protocol: 'CGGMP24', curve: 'secp256k1' }],
  };
  await key('/keys/{keyId}/export', imported.id as string, { method: 'POST', body: exportBody });
  await key('/keys/{keyId}/signatures', imported.id as string, { method: 'POST', body: hash });
  await key('/keys/{keyId}/export', id, { method: 'POST', body: { ...exportBody, encryptionKey: 'AQID' } });
  await key('/keys/{keyId}/export', id, { method: 'POST', body: { ...exportBody, supportedSchemes: [] } });
  await key('/keys/{keyId}/export', MISSING, { method: 'POST', body: exportBody });
  await key('/keys/{keyId}/export', id, { method: 'POST', body: exportBody, auth: NO_BEARER });
  await key('/keys/{keyId}/export', id, { method: 'POST', body: exportBody, auth: { userAction: 'omit' } });

  // DeleteKey (TypeScript SDK style `{}` and Python style no body), then refusals
  await key('/keys/{keyId}', stark!.id as string, { method: 'DELETE' });
  await key('/keys/{keyId}', eddsa!.id as string, { method: 'DELETE', body: '{}' });
  await key('/keys/{keyId}', stark!.id as string, { method: 'DELETE' });
  await key('/keys/{keyId}', stark!.id as string, { method: 'PUT', body: { name: 'late' } });
  await key('/keys/{keyId}', MISSING, { method: 'DELETE' });
  await key('/keys/{keyId}', id, { method: 'DELETE', auth: NO_BEARER });
  await key('/keys/{keyId}', id, { method: 'DELETE', auth: { userAction: 'omit' } });

  // ListSigners
  await call({ method: 'GET', path: '/signers' });
  await call({ method: 'GET', path: '/signers', auth: { bearer: false } });

  // The user-action calls themselves (the client also made many of them above)
  const init = { userActionHttpMethod: 'POST', userActionHttpPath: '/keys', userActionPayload: '' };
  await call({ method: 'POST', path: '/auth/action/init', body: { ...init, userActionHttpMethod: 'PATCH' } });
  await call({ method: 'POST', path: '/auth/action/init', body: init, auth: { bearer: false } });
  const challenge = okBody(await call({ method: 'POST', path: '/auth/action/init', body: init }));
  const assertion = (signature: string) => ({
    challengeIdentifier: challenge.challengeIdentifier,
    firstFactor: {
      kind: 'Key',
      credentialAssertion: { credId: s.ref.credential.id, clientData: 'e30', signature },
    },
  });
  await call({ method: 'POST', path: '/auth/action', body: assertion('AAAA') });
  await call({ method: 'POST', path: '/auth/action', body: { challengeIdentifier: 'x' } });
  await call({ method: 'POST', path: '/auth/action', body: assertion('AAAA'), auth: { bearer: false } });
}

beforeAll(async () => {
  session = await openSession();
  await script(session);
});

afterAll(async () => {
  await session.close();
});

function exchangesOf(operationId: string): Exchange[] {
  return session.exchanges.filter((e) => e.operationId === operationId);
}

describe('the clean reference against openapi.yaml', () => {
  it('answers every request of the script', () => {
    expect(session.exchanges.filter((e) => e.response === undefined)).toEqual([]);
    expect(session.exchanges.filter((e) => e.operationId === undefined).map((e) => e.request.path)).toEqual(
      [],
    );
  });

  it.each(Object.entries(EXPECTED_STATUSES))(
    '%s: the script produced statuses %j',
    (operationId, statuses) => {
      const seen = new Set(exchangesOf(operationId).map((e) => e.response?.status));
      expect([...seen].sort()).toEqual([...statuses].sort());
    },
  );

  it.each(Object.keys(EXPECTED_STATUSES))(
    '%s: every response validates with zero violations',
    (operationId) => {
      const exchanges = exchangesOf(operationId);
      expect(exchanges.length).toBeGreaterThan(0);
      const violations = exchanges.flatMap((e) =>
        violationsOf(e).map((v) => `${e.response?.status ?? 0} ${v.pointer}: ${v.message}`),
      );
      expect(violations).toEqual([]);
    },
  );

  it('every error carries the contract error body with id, status (equal to the HTTP status) and message', () => {
    const errors = session.exchanges.filter((e) => (e.response?.status ?? 0) >= 400);
    expect(errors.length).toBeGreaterThan(50);
    for (const e of errors) {
      const error = (e.response?.parsed?.value as { error?: Record<string, unknown> } | undefined)?.error;
      expect(error).toMatchObject({
        id: expect.any(String) as string,
        status: e.response?.status,
        message: expect.any(String) as string,
      });
    }
  });

  it('every response is application/json; charset=utf-8', () => {
    const types = new Set(session.exchanges.map((e) => e.response?.headers['content-type']));
    expect([...types]).toEqual(['application/json; charset=utf-8']);
  });
});
