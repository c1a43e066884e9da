import { hexToBytes, randomBytes, bytesToHex } from '@noble/hashes/utils.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { generateExportKeyPair, recoverExportedKey } from '../../src/crypto/export-recovery.ts';
import { recoverEcdsaNonce } from '../../src/crypto/nonce-forensics.ts';
import { checkPublicKey } from '../../src/crypto/public-key.ts';
import { parseApiSignature, type RawSignature } from '../../src/crypto/signature-encoding.ts';
import { verifyEcdsaSecp256k1, verifyEd25519, verifySchnorrTaproot } from '../../src/crypto/verify.ts';
import { knownKey } from '../../fixtures/known-keys.ts';
import type { FaultId } from '../../reference/faults.ts';
import {
  HASH,
  bodyOf,
  createKey,
  importKnownKey,
  knownKeyImport,
  okBody,
  statusOf,
  type Session,
} from './session.ts';

/**
 * For every fault, a scripted scenario that exercises the behaviour the fault changes and reduces the answer
 * to a deterministic observation (a status, a verdict, a field). Run against a clean and a faulty reference,
 * the two observations must differ. `Record<FaultId, …>` makes a missing scenario a type error.
 */
export type Scenario = (session: Session) => Promise<unknown>;

const ANVIL = knownKey('anvil-0-ecdsa');
const unique = () => `e2e-${bytesToHex(randomBytes(8))}`;

/** r and s with or without 0x (the encoding fault is observed on its own). */
function raw(signature: unknown): RawSignature {
  const s = signature as { r: string; s: string; recid?: 0 | 1 };
  const strip = (v: string) => hexToBytes(v.replace(/^0x/, ''));
  return { r: strip(s.r), s: strip(s.s), ...(s.recid === undefined ? {} : { recid: s.recid }) };
}

/** GetKey of a key just created: the answer the GetKey contract faults rewrite. */
async function readNewKey(session: Session) {
  const key = await createKey(session, { scheme: 'ECDSA', curve: 'secp256k1' });
  return session.call({ method: 'GET', path: '/keys/{keyId}', pathParams: { keyId: key.id as string } });
}

async function sign(session: Session, keyId: string, body: Record<string, unknown>) {
  return session.call({ method: 'POST', path: '/keys/{keyId}/signatures', pathParams: { keyId }, body });
}

async function signHash(session: Session, keyId: string, hash = HASH): Promise<RawSignature> {
  return raw(okBody(await sign(session, keyId, { kind: 'Hash', hash })).signature);
}

async function ecdsaVerdicts(session: Session) {
  const key = await createKey(session, { scheme: 'ECDSA', curve: 'secp256k1' });
  const signature = await signHash(session, key.id as string);
  return verifyEcdsaSecp256k1(signature, hexToBytes(HASH.slice(2)), hexToBytes(key.publicKey as string));
}

async function eddsaVerdicts(session: Session) {
  const key = await createKey(session, { scheme: 'EdDSA', curve: 'ed25519' });
  const message = '0x49206c6f76652044666e73';
  const signature = raw(
    okBody(await sign(session, key.id as string, { kind: 'Message', message })).signature,
  );
  return verifyEd25519(signature, hexToBytes(message.slice(2)), hexToBytes(key.publicKey as string));
}

async function exportImportedAnvil(session: Session) {
  const key = await importKnownKey(session, 'anvil-0-ecdsa');
  const pair = generateExportKeyPair();
  const body = okBody(
    await session.call({
      method: 'POST',
      path: '/keys/{keyId}/export',
      pathParams: { keyId: key.id as string },
      body: {
        encryptionKey: pair.encryptionKeyWire,
        supportedSchemes: [{ protocol: 'CGGMP24', curve: 'secp256k1' }],
      },
    }),
  );
  const recovery = recoverExportedKey(body, pair.decryptionKey, { expectedCurve: 'secp256k1' });
  return { keyId: key.id as string, ok: recovery.ok, codes: recovery.failures.map((f) => f.code) };
}

/** Walks ListKeys with a small page and compares with one large page. */
async function pagesAgree(session: Session): Promise<boolean> {
  for (let i = 0; i < 5; i++) await createKey(session, { scheme: 'EdDSA', curve: 'ed25519' });
  const all = (
    okBody(await session.call({ method: 'GET', path: '/keys', query: { limit: 500 } })).items as {
      id: string;
    }[]
  ).map((k) => k.id);
  const walked: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const body = okBody(
      await session.call({
        method: 'GET',
        path: '/keys',
        query: { limit: 2, ...(token === undefined ? {} : { paginationToken: token }) },
      }),
    );
    walked.push(...(body.items as { id: string }[]).map((k) => k.id));
    token = body.nextPageToken as string | undefined;
    if (token === undefined) break;
  }
  return JSON.stringify(walked) === JSON.stringify(all);
}

async function userActionToken(
  session: Session,
  method: 'POST' | 'PUT',
  path: string,
  payload: string,
): Promise<string> {
  const result = await session.client.signUserAction({ method, path, payload });
  if (!result.ok) throw new Error(result.error.message);
  return result.token;
}

export const FAULT_SCENARIOS: Readonly<Record<FaultId, Scenario>> = {
  // contract
  'key-missing-custodial': async (s) =>
    'custodial' in (await createKey(s, { scheme: 'ECDSA', curve: 'secp256k1' })),
  'closed-key-extra-property': async (s) => {
    const key = await createKey(s, { scheme: 'ECDSA', curve: 'secp256k1' });
    const updated = okBody(
      await s.call({
        method: 'PUT',
        path: '/keys/{keyId}',
        pathParams: { keyId: key.id as string },
        body: { name: 'x' },
      }),
    );
    return Object.keys(updated).sort();
  },
  'key-id-underscore': async (s) =>
    /^key-[a-z0-9]{5}-[a-z0-9]{5}-[a-z0-9]{14,16}$/.test(
      (await createKey(s, { scheme: 'ECDSA', curve: 'secp256k1' })).id as string,
    ),
  'create-key-201': async (s) =>
    statusOf(await s.call({ method: 'POST', path: '/keys', body: { scheme: 'ECDSA', curve: 'secp256k1' } })),
  'get-key-text-plain': async (s) => (await readNewKey(s)).response?.headers['content-type'],
  // The status a first-wins parser reads: the first of the text.
  'get-key-duplicate-status': async (s) =>
    /"status":"(\w+)"/.exec((await readNewKey(s)).response?.body ?? '')?.[1],
  'error-body-top-level-message': async (s) =>
    Object.keys(
      bodyOf(await s.call({ method: 'GET', path: '/keys/{keyId}', pathParams: { keyId: 'key-none' } })),
    ),
  'pagination-drops-item': pagesAgree,
  'pagination-repeats-item': pagesAgree,
  'list-signers-connection-reset': async (s) => {
    const exchange = await s.call({ method: 'GET', path: '/signers' });
    return exchange.failure?.kind ?? exchange.response?.status;
  },
  // validation
  'create-key-accepts-unknown-property': async (s) =>
    statusOf(
      await s.call({
        method: 'POST',
        path: '/keys',
        body: { scheme: 'ECDSA', curve: 'secp256k1', colour: 'red' },
      }),
    ),
  'create-key-accepts-invalid-pair': async (s) =>
    statusOf(await s.call({ method: 'POST', path: '/keys', body: { scheme: 'EdDSA', curve: 'secp256k1' } })),
  'update-key-null-name-500': async (s) => {
    const key = await createKey(s, { scheme: 'ECDSA', curve: 'secp256k1', name: 'to clear' });
    return statusOf(
      await s.call({
        method: 'PUT',
        path: '/keys/{keyId}',
        pathParams: { keyId: key.id as string },
        body: { name: null },
      }),
    );
  },
  'create-key-rejects-long-name': async (s) =>
    statusOf(
      await s.call({
        method: 'POST',
        path: '/keys',
        body: { scheme: 'ECDSA', curve: 'secp256k1', name: 'n'.repeat(100) },
      }),
    ),
  // lifecycle
  'signs-after-delete': async (s) => {
    const key = await createKey(s, { scheme: 'ECDSA', curve: 'secp256k1' });
    await s.call({ method: 'DELETE', path: '/keys/{keyId}', pathParams: { keyId: key.id as string } });
    return statusOf(await sign(s, key.id as string, { kind: 'Hash', hash: HASH }));
  },
  'delete-leaves-active': async (s) => {
    const key = await createKey(s, { scheme: 'ECDSA', curve: 'secp256k1' });
    return okBody(
      await s.call({ method: 'DELETE', path: '/keys/{keyId}', pathParams: { keyId: key.id as string } }),
    ).status;
  },
  'signs-after-export': async (s) => {
    const { keyId, ok } = await exportImportedAnvil(s);
    return [ok, statusOf(await sign(s, keyId, { kind: 'Hash', hash: HASH }))];
  },
  'export-not-recorded': async (s) => {
    const { keyId } = await exportImportedAnvil(s);
    const key = okBody(await s.call({ method: 'GET', path: '/keys/{keyId}', pathParams: { keyId } }));
    return [key.exported, typeof key.dateExported];
  },
  'delegates-without-delay': async (s) => {
    const key = await createKey(s, { scheme: 'EdDSA', curve: 'ed25519' });
    const body = { delegateTo: 'us-6b58p-r53sr-rlrd3l5cj3uc4ome' };
    return statusOf(
      await s.call({
        method: 'POST',
        path: '/keys/{keyId}/delegate',
        pathParams: { keyId: key.id as string },
        body,
      }),
    );
  },
  'delegates-twice': async (s) => {
    const key = await createKey(s, { scheme: 'EdDSA', curve: 'ed25519', delayDelegation: true });
    const request = {
      method: 'POST',
      path: '/keys/{keyId}/delegate',
      pathParams: { keyId: key.id as string },
      body: { delegateTo: 'us-6b58p-r53sr-rlrd3l5cj3uc4ome' },
    } as const;
    return [statusOf(await s.call(request)), statusOf(await s.call(request))];
  },
  'update-resets-flags': async (s) => {
    const key = await createKey(s, { scheme: 'EdDSA', curve: 'ed25519' });
    const body = okBody(
      await s.call({
        method: 'PUT',
        path: '/keys/{keyId}',
        pathParams: { keyId: key.id as string },
        body: { name: 'renamed' },
      }),
    );
    // Everything but the name must be as created.
    const { name: _renamed, ...after } = body;
    return JSON.stringify(after) === JSON.stringify(key);
  },
  'get-key-always-404': async (s) => {
    const key = await createKey(s, { scheme: 'ECDSA', curve: 'secp256k1' });
    return statusOf(
      await s.call({ method: 'GET', path: '/keys/{keyId}', pathParams: { keyId: key.id as string } }),
    );
  },
  'derive-not-routed': async (s) => {
    const key = await createKey(s, { scheme: 'DH', curve: 'secp256k1' });
    return statusOf(
      await s.call({
        method: 'POST',
        path: '/keys/{keyId}/derive',
        pathParams: { keyId: key.id as string },
        body: { domain: '0x01', seed: '0x02' },
      }),
    );
  },
  // crypto
  'ecdsa-high-s': async (s) => (await ecdsaVerdicts(s)).lowS.ok,
  'ecdsa-wrong-recid': async (s) => (await ecdsaVerdicts(s)).recovery.ok,
  'signs-sha256-of-hash': async (s) => (await ecdsaVerdicts(s)).verifies.ok,
  'eddsa-s-big-endian': async (s) => (await eddsaVerdicts(s)).verifies.ok,
  'eddsa-s-not-reduced': async (s) => (await eddsaVerdicts(s)).sCanonical.ok,
  'schnorr-untweaked': async (s) => {
    const key = await createKey(s, { scheme: 'Schnorr', curve: 'secp256k1' });
    const signature = raw(
      okBody(await sign(s, key.id as string, { kind: 'Hash', hash: HASH, taprootMerkleRoot: '' })).signature,
    );
    return verifySchnorrTaproot(signature, hexToBytes(HASH.slice(2)), hexToBytes(key.publicKey as string))
      .verifies;
  },
  'signature-hex-without-0x': async (s) => {
    const key = await createKey(s, { scheme: 'ECDSA', curve: 'secp256k1' });
    return parseApiSignature(okBody(await sign(s, key.id as string, { kind: 'Hash', hash: HASH })).signature)
      .ok;
  },
  'uncompressed-public-key': async (s) =>
    checkPublicKey('secp256k1', (await createKey(s, { scheme: 'ECDSA', curve: 'secp256k1' })).publicKey).ok,
  'import-wrong-public-key': async (s) =>
    (await importKnownKey(s, 'anvil-0-ecdsa')).publicKey === ANVIL.publicKey,
  'import-accepts-inconsistent-shares': async (s) => {
    const request = await knownKeyImport(s, 'anvil-0-ecdsa', {
      faults: [{ kind: 'inconsistent-share', index: 2 }],
    });
    return statusOf(await s.call({ method: 'POST', path: '/keys/import', body: request.body }));
  },
  'export-wrong-key': async (s) => (await exportImportedAnvil(s)).codes,
  'export-swapped-indexes': async (s) => (await exportImportedAnvil(s)).codes,
  'ecdsa-repeated-nonce': async (s) => {
    const key = await importKnownKey(s, 'anvil-0-ecdsa');
    const a = await signHash(s, key.id as string, `0x${'01'.repeat(32)}`);
    const b = await signHash(s, key.id as string, `0x${'02'.repeat(32)}`);
    return bytesToHex(a.r) === bytesToHex(b.r);
  },
  'ecdsa-biased-nonce': async (s) => {
    const key = await importKnownKey(s, 'anvil-0-ecdsa');
    const secret = bytesToNumberBE(hexToBytes(ANVIL.secret));
    const small: boolean[] = [];
    for (let i = 0; i < 16; i++) {
      const hash = hexToBytes(bytesToHex(randomBytes(32)));
      const signature = await signHash(s, key.id as string, `0x${bytesToHex(hash)}`);
      const k = recoverEcdsaNonce('secp256k1', secret, { hash, signature });
      small.push(k !== undefined && k < 2n ** 248n);
    }
    // Uniform folded nonces fall below 2^248 with probability 2^-7 each; all 16 at once, 2^-112.
    return small.every(Boolean);
  },
  'derive-not-deterministic': async (s) => {
    const key = await createKey(s, { scheme: 'DH', curve: 'secp256k1' });
    const derive = async () =>
      okBody(
        await s.call({
          method: 'POST',
          path: '/keys/{keyId}/derive',
          pathParams: { keyId: key.id as string },
          body: { domain: '0x01', seed: '0x02' },
        }),
      ).output;
    return (await derive()) === (await derive());
  },
  // auth
  'bearer-not-checked': async (s) =>
    statusOf(await s.call({ method: 'GET', path: '/keys', auth: { bearer: false } })),
  'user-action-not-required': async (s) =>
    statusOf(
      await s.call({
        method: 'POST',
        path: '/keys',
        body: { scheme: 'ECDSA', curve: 'secp256k1' },
        auth: { userAction: 'omit' },
      }),
    ),
  'user-action-reusable': async (s) => {
    const payload = JSON.stringify({ scheme: 'ECDSA', curve: 'secp256k1' });
    const token = await userActionToken(s, 'POST', '/keys', payload);
    const send = async () =>
      statusOf(
        await s.call({ method: 'POST', path: '/keys', body: payload, auth: { userAction: { token } } }),
      );
    return [await send(), await send()];
  },
  'user-action-not-bound-to-body': async (s) => {
    const token = await userActionToken(
      s,
      'POST',
      '/keys',
      JSON.stringify({ scheme: 'ECDSA', curve: 'secp256k1' }),
    );
    return statusOf(
      await s.call({
        method: 'POST',
        path: '/keys',
        body: { scheme: 'EdDSA', curve: 'ed25519' },
        auth: { userAction: { token } },
      }),
    );
  },
  'user-action-not-bound-to-path': async (s) => {
    const a = await createKey(s, { scheme: 'ECDSA', curve: 'secp256k1' });
    const b = await createKey(s, { scheme: 'ECDSA', curve: 'secp256k1' });
    const payload = JSON.stringify({ name: 'x' });
    const token = await userActionToken(s, 'PUT', `/keys/${a.id as string}`, payload);
    return statusOf(
      await s.call({
        method: 'PUT',
        path: '/keys/{keyId}',
        pathParams: { keyId: b.id as string },
        body: payload,
        auth: { userAction: { token } },
      }),
    );
  },
  // idempotency
  'external-id-duplicates': async (s) => {
    const key = await createKey(s, { scheme: 'ECDSA', curve: 'secp256k1' });
    const body = { kind: 'Hash', hash: HASH, externalId: unique() };
    const first = okBody(await sign(s, key.id as string, body));
    const second = okBody(await sign(s, key.id as string, body));
    return first.id === second.id;
  },
  'external-id-conflict-200': async (s) => {
    const key = await createKey(s, { scheme: 'ECDSA', curve: 'secp256k1' });
    const externalId = unique();
    await sign(s, key.id as string, { kind: 'Hash', hash: HASH, externalId });
    return statusOf(
      await sign(s, key.id as string, { kind: 'Hash', hash: `0x${'01'.repeat(32)}`, externalId }),
    );
  },
  // fuzz
  'create-key-zwj-name-500': async (s) =>
    statusOf(
      await s.call({
        method: 'POST',
        path: '/keys',
        body: { scheme: 'ECDSA', curve: 'secp256k1', name: `${'n'.repeat(99)}\u200d` },
      }),
    ),
  'signs-after-rename-and-delete': async (s) => {
    const key = await createKey(s, { scheme: 'ECDSA', curve: 'secp256k1' });
    const keyId = key.id as string;
    await s.call({ method: 'PUT', path: '/keys/{keyId}', pathParams: { keyId }, body: { name: 'renamed' } });
    await s.call({ method: 'DELETE', path: '/keys/{keyId}', pathParams: { keyId } });
    return statusOf(await sign(s, keyId, { kind: 'Hash', hash: HASH }));
  },
};
