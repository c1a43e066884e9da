import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestBody } from '../../src/client/request-body.ts';
import { generateExportKeyPair } from '../../src/crypto/export-recovery.ts';
import { checkPublicKey } from '../../src/crypto/public-key.ts';
import {
  bodyOf,
  createKey,
  errorMessageOf,
  importKnownKey,
  okBody,
  openSession,
  statusOf,
  HASH,
  type Session,
} from './session.ts';

/** The key lifecycle: create, list, read, rename, delete, delegate, export (keys-api.md §4.1-4.6, §4.14). */
let session: Session;
beforeAll(async () => {
  session = await openSession();
});
afterAll(async () => {
  await session.close();
});

const USER = 'us-6b58p-r53sr-rlrd3l5cj3uc4ome';
const get = async (keyId: string) =>
  okBody(await session.call({ method: 'GET', path: '/keys/{keyId}', pathParams: { keyId } }));
const put = (keyId: string, body: RequestBody) =>
  session.call({ method: 'PUT', path: '/keys/{keyId}', pathParams: { keyId }, body });
const del = (keyId: string) =>
  session.call({ method: 'DELETE', path: '/keys/{keyId}', pathParams: { keyId } });
const delegate = (keyId: string) =>
  session.call({
    method: 'POST',
    path: '/keys/{keyId}/delegate',
    pathParams: { keyId },
    body: { delegateTo: USER },
  });
const sign = (keyId: string) =>
  session.call({
    method: 'POST',
    path: '/keys/{keyId}/signatures',
    pathParams: { keyId },
    body: { kind: 'Hash', hash: HASH },
  });

describe('CreateKey', () => {
  it.each([
    { scheme: 'ECDSA', curve: 'secp256k1', length: 66 },
    { scheme: 'ECDSA', curve: 'stark', length: 66 },
    { scheme: 'EdDSA', curve: 'ed25519', length: 64 },
    { scheme: 'Schnorr', curve: 'secp256k1', length: 66 },
    { scheme: 'DH', curve: 'secp256k1', length: 66 },
  ] as const)(
    '$scheme/$curve: an Active custodial key with a valid $curve publicKey',
    async ({ scheme, curve, length }) => {
      const key = await createKey(session, { scheme, curve });
      expect(key).toMatchObject({
        scheme,
        curve,
        status: 'Active',
        custodial: true,
        imported: false,
        exported: false,
      });
      expect(key.id).toMatch(/^key-[a-z0-9]{5}-[a-z0-9]{5}-[a-z0-9]{16}$/);
      expect((key.publicKey as string).length).toBe(length);
      expect(checkPublicKey(curve, key.publicKey).ok).toBe(true);
    },
  );

  it('refuses a scheme/curve pair outside the five, listing them', async () => {
    const exchange = await session.call({
      method: 'POST',
      path: '/keys',
      body: { scheme: 'Schnorr', curve: 'ed25519' },
    });
    expect(statusOf(exchange)).toBe(400);
    expect(errorMessageOf(exchange)).toBe(
      'scheme Schnorr cannot be used with curve ed25519; valid pairs are ECDSA/secp256k1, ECDSA/stark, EdDSA/ed25519, Schnorr/secp256k1, DH/secp256k1',
    );
  });

  it('refuses deriveFrom as unsupported by this target', async () => {
    const body = {
      scheme: 'ECDSA',
      curve: 'secp256k1',
      deriveFrom: { keyId: 'key-01snl-t56gb-j8tsok0vn802p80i' },
    };
    const exchange = await session.call({ method: 'POST', path: '/keys', body });
    expect(statusOf(exchange)).toBe(400);
    expect(errorMessageOf(exchange)).toMatch(/^deriveFrom \(HD child keys\) is not supported by this target/);
  });

  it('accepts its own storeId and answers 404 for another', async () => {
    const store = (
      await get((await createKey(session, { scheme: 'ECDSA', curve: 'secp256k1' })).id as string)
    ).store as { id: string };
    expect(store.id).toMatch(/^store-/);
    expect(
      (await createKey(session, { scheme: 'ECDSA', curve: 'secp256k1', storeId: store.id })).status,
    ).toBe('Active');
    const exchange = await session.call({
      method: 'POST',
      path: '/keys',
      body: { scheme: 'ECDSA', curve: 'secp256k1', storeId: 'store-other' },
    });
    expect(statusOf(exchange)).toBe(404);
  });

  it('with delegateTo makes a non-custodial key listed under that owner', async () => {
    const key = await createKey(session, { scheme: 'EdDSA', curve: 'ed25519', delegateTo: USER });
    expect(key.custodial).toBe(false);
    const owned = okBody(
      await session.call({ method: 'GET', path: '/keys', query: { owner: USER, limit: 500 } }),
    );
    expect((owned.items as { id: string }[]).map((k) => k.id)).toContain(key.id);
  });

  it('refuses delegateTo together with delayDelegation', async () => {
    const exchange = await session.call({
      method: 'POST',
      path: '/keys',
      body: { scheme: 'EdDSA', curve: 'ed25519', delegateTo: USER, delayDelegation: true },
    });
    expect(statusOf(exchange)).toBe(400);
  });
});

describe('ListKeys', () => {
  it('pages newest first, 50 by default, with nextPageToken absent on the last page', async () => {
    const fresh = await openSession();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 53; i++)
        ids.push((await createKey(fresh, { scheme: 'EdDSA', curve: 'ed25519' })).id as string);
      const first = okBody(await fresh.call({ method: 'GET', path: '/keys' }));
      expect((first.items as unknown[]).length).toBe(50);
      const second = okBody(
        await fresh.call({
          method: 'GET',
          path: '/keys',
          query: { paginationToken: first.nextPageToken as string },
        }),
      );
      expect(second.nextPageToken).toBeUndefined();
      const walked = [...(first.items as { id: string }[]), ...(second.items as { id: string }[])].map(
        (k) => k.id,
      );
      expect(walked).toEqual([...ids].reverse());
    } finally {
      await fresh.close();
    }
  });

  it('refuses a token issued for another list', async () => {
    const key = await createKey(session, { scheme: 'ECDSA', curve: 'secp256k1' });
    await sign(key.id as string);
    await sign(key.id as string);
    const sigs = okBody(
      await session.call({
        method: 'GET',
        path: '/keys/{keyId}/signatures',
        pathParams: { keyId: key.id as string },
        query: { limit: 1 },
      }),
    );
    const exchange = await session.call({
      method: 'GET',
      path: '/keys',
      query: { paginationToken: sigs.nextPageToken as string },
    });
    expect(statusOf(exchange)).toBe(400);
    expect(errorMessageOf(exchange)).toMatch(/^paginationToken was not issued for this list/);
  });
});

describe('UpdateKey', () => {
  it('sets and clears the name and touches nothing else', async () => {
    const key = await importKnownKey(session, 'rfc8032-test-3');
    const named = okBody(await put(key.id as string, { name: 'treasury key' }));
    expect(named).toEqual({ ...key, name: 'treasury key' });
    const cleared = okBody(await put(key.id as string, { name: null }));
    expect(cleared).toEqual(key);
  });

  it('answers 404 for an unknown key', async () => {
    expect(statusOf(await put('key-aaaaa-bbbbb-cccccccccccccccc', { name: 'x' }))).toBe(404);
  });
});

describe('DeleteKey', () => {
  it('archives the key: Archived with dateDeleted, still readable, no longer usable', async () => {
    const key = await createKey(session, { scheme: 'ECDSA', curve: 'secp256k1' });
    const keyId = key.id as string;
    const deleted = okBody(await del(keyId));
    expect(deleted).toMatchObject({ status: 'Archived', dateDeleted: expect.any(String) as string });
    expect((await get(keyId)).status).toBe('Archived');
    const signing = await sign(keyId);
    expect(statusOf(signing)).toBe(400);
    expect(errorMessageOf(signing)).toBe(`key ${keyId} is deleted (Archived) and cannot sign`);
    expect(statusOf(await put(keyId, { name: 'x' }))).toBe(400);
    expect(errorMessageOf(await del(keyId))).toBe(
      `key ${keyId} is deleted (Archived) and cannot be deleted again`,
    );
  });
});

describe('DelegateKey', () => {
  it('delegates a delayDelegation key once: Delegated, then non-custodial, then 409', async () => {
    const key = await createKey(session, { scheme: 'EdDSA', curve: 'ed25519', delayDelegation: true });
    const keyId = key.id as string;
    expect(okBody(await delegate(keyId))).toEqual({ keyId, status: 'Delegated' });
    expect((await get(keyId)).custodial).toBe(false);
    const again = await delegate(keyId);
    expect(statusOf(again)).toBe(409);
    expect(errorMessageOf(again)).toBe(
      `key ${keyId} is already delegated; delegation cannot be repeated or undone`,
    );
  });

  it('refuses a key created without delayDelegation', async () => {
    const key = await createKey(session, { scheme: 'EdDSA', curve: 'ed25519' });
    const exchange = await delegate(key.id as string);
    expect(statusOf(exchange)).toBe(400);
    expect(errorMessageOf(exchange)).toMatch(/was not created with delayDelegation: true/);
  });
});

describe('ExportKey', () => {
  const exportBody = (
    supportedSchemes: unknown[],
    encryptionKey = generateExportKeyPair().encryptionKeyWire,
  ) => ({ encryptionKey, supportedSchemes });
  const exportKey = (keyId: string, body: RequestBody) =>
    session.call({ method: 'POST', path: '/keys/{keyId}/export', pathParams: { keyId }, body });

  it('marks the key exported, keeps the first dateExported, and the key no longer signs', async () => {
    const key = await createKey(session, { scheme: 'ECDSA', curve: 'secp256k1' });
    const keyId = key.id as string;
    okBody(await exportKey(keyId, exportBody([{ protocol: 'CGGMP24', curve: 'secp256k1' }])));
    const after = await get(keyId);
    expect(after).toMatchObject({
      exported: true,
      dateExported: expect.any(String) as string,
      status: 'Active',
    });
    okBody(await exportKey(keyId, exportBody([{ protocol: 'CGGMP24', curve: 'secp256k1' }])));
    expect((await get(keyId)).dateExported).toBe(after.dateExported);
    const signing = await sign(keyId);
    expect(statusOf(signing)).toBe(400);
    expect(errorMessageOf(signing)).toBe(`key ${keyId} has been exported and can no longer sign`);
  });

  it('exports an ECDSA key under another ECDSA protocol the caller lists (CGGMP21 for a CGGMP24 key)', async () => {
    const key = await createKey(session, { scheme: 'ECDSA', curve: 'secp256k1' });
    const body = okBody(
      await exportKey(key.id as string, exportBody([{ protocol: 'CGGMP21', curve: 'secp256k1' }])),
    );
    expect(body.protocol).toBe('CGGMP21');
  });

  it.each([
    {
      name: 'supportedSchemes without the key scheme',
      body: exportBody([{ protocol: 'FROST', curve: 'ed25519' }]),
      message: /^supportedSchemes does not include \{protocol: CGGMP24, curve: secp256k1\}/,
    },
    {
      name: 'an encryptionKey that is not 0x01 ‖ point',
      body: exportBody([], 'AQID'),
      message: /^encryptionKey must decode to 34 bytes/,
    },
    {
      name: 'an encryptionKey of another version',
      body: exportBody([], `Ag${generateExportKeyPair().encryptionKeyWire.slice(2)}`),
      message: /^encryptionKey must start with version byte 0x01/,
    },
  ])('refuses $name with 400', async ({ body, message }) => {
    const key = await createKey(session, { scheme: 'ECDSA', curve: 'secp256k1' });
    const exchange = await exportKey(key.id as string, body);
    expect(statusOf(exchange)).toBe(400);
    expect(errorMessageOf(exchange)).toMatch(message);
  });

  it('refuses a deleted key', async () => {
    const key = await createKey(session, { scheme: 'ECDSA', curve: 'secp256k1' });
    await del(key.id as string);
    const exchange = await exportKey(
      key.id as string,
      exportBody([{ protocol: 'CGGMP24', curve: 'secp256k1' }]),
    );
    expect(statusOf(exchange)).toBe(400);
    expect(bodyOf(exchange)).toMatchObject({
      error: { message: expect.stringContaining('cannot be exported') as string },
    });
  });
});
