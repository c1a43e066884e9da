import { bytesToHex, hexToBytes, randomBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiSignature, type RawSignature } from '../../src/crypto/signature-encoding.ts';
import {
  verifyEcdsaSecp256k1,
  verifyEcdsaStark,
  verifyEd25519,
  verifySchnorrTaproot,
} from '../../src/crypto/verify.ts';
import {
  HASH,
  bodyOf,
  createKey,
  errorMessageOf,
  okBody,
  openSession,
  statusOf,
  type Session,
} from './session.ts';

/**
 * GenerateSignature, GetSignature, ListSignatures and DeriveKey (keys-api.md §4.7, §4.9-4.12): signatures
 * verify under the key with src/crypto's independent verifiers, in the encodings of key-crypto.md §6.
 */
let session: Session;
const keys: Record<string, Record<string, unknown>> = {};
beforeAll(async () => {
  session = await openSession();
  for (const [name, body] of Object.entries({
    ecdsa: { scheme: 'ECDSA', curve: 'secp256k1' },
    stark: { scheme: 'ECDSA', curve: 'stark' },
    eddsa: { scheme: 'EdDSA', curve: 'ed25519' },
    schnorr: { scheme: 'Schnorr', curve: 'secp256k1' },
    dh: { scheme: 'DH', curve: 'secp256k1' },
  })) {
    keys[name] = await createKey(session, body);
  }
});
afterAll(async () => {
  await session.close();
});

const idOf = (name: string) => keys[name]!.id as string;
const pubOf = (name: string) => hexToBytes(keys[name]!.publicKey as string);
const sign = (name: string, body: Record<string, unknown>) =>
  session.call({ method: 'POST', path: '/keys/{keyId}/signatures', pathParams: { keyId: idOf(name) }, body });

async function signature(name: string, body: Record<string, unknown>): Promise<RawSignature> {
  const parsed = parseApiSignature(okBody(await sign(name, body)).signature);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('; '));
  return parsed.signature;
}

const bytes = (hex: string) => hexToBytes(hex.replace(/^0x/, ''));

describe('GenerateSignature: signatures verify', () => {
  it.each([HASH, HASH.slice(2)])(
    'ECDSA secp256k1 over hash %s: low-S, recid recovers the key',
    async (hash) => {
      const verdicts = verifyEcdsaSecp256k1(
        await signature('ecdsa', { kind: 'Hash', hash }),
        bytes(hash),
        pubOf('ecdsa'),
      );
      expect(verdicts).toEqual({ verifies: { ok: true }, lowS: { ok: true }, recovery: { ok: true } });
    },
  );

  it('ECDSA stark over a hash below 2^251', async () => {
    const hash = `0x00${bytesToHex(randomBytes(31))}`;
    const verdicts = verifyEcdsaStark(
      await signature('stark', { kind: 'Hash', hash }),
      bytes(hash),
      pubOf('stark'),
    );
    expect(verdicts.verifies.ok).toBe(true);
    expect(verdicts.lowS.ok).toBe(true);
  });

  it.each([
    { kind: 'Hash', field: 'hash', value: HASH },
    { kind: 'Message', field: 'message', value: '0x49206c6f76652044666e73' },
    { kind: 'Message', field: 'message', value: '' },
  ])('EdDSA over kind $kind "$value", S little-endian below L', async ({ kind, field, value }) => {
    const verdicts = verifyEd25519(
      await signature('eddsa', { kind, [field]: value }),
      bytes(value),
      pubOf('eddsa'),
    );
    expect(verdicts).toEqual({ verifies: { ok: true }, sCanonical: { ok: true } });
  });

  it.each([
    { root: '', merkleRoot: undefined },
    { root: `0x${'ab'.repeat(32)}`, merkleRoot: hexToBytes('ab'.repeat(32)) },
  ])('Schnorr under the BIP-341 output key, taprootMerkleRoot "$root"', async ({ root, merkleRoot }) => {
    const sig = await signature('schnorr', { kind: 'Hash', hash: HASH, taprootMerkleRoot: root });
    expect(sig.recid).toBeUndefined();
    expect(verifySchnorrTaproot(sig, bytes(HASH), pubOf('schnorr'), merkleRoot).verifies).toEqual({
      ok: true,
    });
  });
});

describe('GenerateSignature: the request', () => {
  it('comes back Signed, with the body echoed, the requester and both dates', async () => {
    const body = { kind: 'Hash', hash: HASH, network: 'Ethereum' };
    const request = okBody(await sign('ecdsa', body));
    expect(request).toMatchObject({
      keyId: idOf('ecdsa'),
      status: 'Signed',
      requestBody: body,
      network: 'Ethereum',
      requester: {
        userId: expect.stringMatching(/^us-/) as string,
        tokenId: expect.stringMatching(/^to-/) as string,
      },
      dateRequested: expect.any(String) as string,
      dateSigned: expect.any(String) as string,
    });
    expect(request.id).toMatch(/^sig-[a-z0-9]{5}-[a-z0-9]{5}-[a-z0-9]{16}$/);
    expect((request.signature as Record<string, unknown>).encoded).toBeUndefined();
  });

  it('can be read back and is listed newest first', async () => {
    const first = okBody(await sign('eddsa', { kind: 'Hash', hash: HASH }));
    const second = okBody(await sign('eddsa', { kind: 'Hash', hash: HASH }));
    const read = okBody(
      await session.call({
        method: 'GET',
        path: '/keys/{keyId}/signatures/{signatureId}',
        pathParams: { keyId: idOf('eddsa'), signatureId: first.id as string },
      }),
    );
    expect(read).toEqual(first);
    const list = okBody(
      await session.call({
        method: 'GET',
        path: '/keys/{keyId}/signatures',
        pathParams: { keyId: idOf('eddsa') },
        query: { limit: 2 },
      }),
    );
    expect(list.keyId).toBe(idOf('eddsa'));
    expect((list.items as { id: string }[]).map((i) => i.id)).toEqual([second.id, first.id]);
  });

  it('is not found under another key', async () => {
    const request = okBody(await sign('ecdsa', { kind: 'Hash', hash: HASH }));
    const exchange = await session.call({
      method: 'GET',
      path: '/keys/{keyId}/signatures/{signatureId}',
      pathParams: { keyId: idOf('eddsa'), signatureId: request.id as string },
    });
    expect(statusOf(exchange)).toBe(404);
  });
});

describe('GenerateSignature: externalId', () => {
  it('the same body again returns the first request', async () => {
    const body = { kind: 'Hash', hash: HASH, externalId: `replay-${bytesToHex(randomBytes(6))}` };
    const first = okBody(await sign('ecdsa', body));
    expect(okBody(await sign('ecdsa', { externalId: body.externalId, hash: HASH, kind: 'Hash' }))).toEqual(
      first,
    );
  });

  it.each([
    { name: 'a different body', other: 'ecdsa', hash: `0x${'01'.repeat(32)}` },
    { name: 'another key', other: 'eddsa', hash: HASH },
  ])('with $name is a 409 naming the duplicate', async ({ other, hash }) => {
    const externalId = `conflict-${bytesToHex(randomBytes(6))}`;
    const first = okBody(await sign('ecdsa', { kind: 'Hash', hash: HASH, externalId }));
    const exchange = await sign(other, { kind: 'Hash', hash, externalId });
    expect(statusOf(exchange)).toBe(409);
    expect(bodyOf(exchange)).toMatchObject({
      error: { status: 409, details: { duplicate: { id: first.id, externalId } } },
    });
  });
});

describe('GenerateSignature: refusals', () => {
  it.each([
    {
      name: 'Schnorr without taprootMerkleRoot',
      key: 'schnorr',
      body: { kind: 'Hash', hash: HASH },
      message: /^taprootMerkleRoot is required with a Schnorr key/,
    },
    {
      name: 'taprootMerkleRoot with an ECDSA key',
      key: 'ecdsa',
      body: { kind: 'Hash', hash: HASH, taprootMerkleRoot: '' },
      message: /^taprootMerkleRoot applies to Schnorr keys only/,
    },
    {
      name: 'kind Message with an ECDSA key',
      key: 'ecdsa',
      body: { kind: 'Message', message: '0x00' },
      message: /^kind Message is not supported by this target for ECDSA keys/,
    },
    {
      name: 'kind Transaction',
      key: 'ecdsa',
      body: { kind: 'Transaction', transaction: '0x00' },
      message: /^kind Transaction is not supported by this target/,
    },
    {
      name: 'kind Eip712',
      key: 'ecdsa',
      body: { kind: 'Eip712', types: {}, domain: {}, message: {} },
      message: /^kind Eip712 is not supported by this target/,
    },
    {
      name: 'a DH key',
      key: 'dh',
      body: { kind: 'Hash', hash: HASH },
      message: /is a DH key: it cannot sign, only derive/,
    },
    {
      name: 'an unknown kind',
      key: 'ecdsa',
      body: { kind: 'Poem', text: 'x' },
      message: /^body\.kind must be one of Hash, Message/,
    },
    {
      name: 'a short hash',
      key: 'ecdsa',
      body: { kind: 'Hash', hash: '0x1234' },
      message: /^body\.hash must match/,
    },
  ])('$name: 400', async ({ key, body, message }) => {
    const exchange = await sign(key, body);
    expect(statusOf(exchange)).toBe(400);
    expect(errorMessageOf(exchange)).toMatch(message);
  });
});

describe('DeriveKey', () => {
  const derive = (name: string, body: Record<string, unknown>) =>
    session.call({ method: 'POST', path: '/keys/{keyId}/derive', pathParams: { keyId: idOf(name) }, body });
  const documented = {
    domain: '0x64666e733a646f63756d656e746174696f6e3a6b65795f646572697665',
    seed: '0x64616e69656c2e6a696e4064666e732e636f',
  };

  it('is deterministic: the same domain and seed give the same 32-byte output', async () => {
    const a = okBody(await derive('dh', documented)).output;
    const b = okBody(
      await derive('dh', { domain: documented.domain.slice(2), seed: documented.seed.slice(2) }),
    ).output;
    expect(a).toMatch(/^0x[0-9a-f]{64}$/);
    expect(b).toBe(a);
    expect(okBody(await derive('dh', { ...documented, seed: '0x00' })).output).not.toBe(a);
  });

  it.each([
    { name: 'a non-DH key', key: 'ecdsa', body: documented, message: /^DeriveKey needs a DH key/ },
    {
      name: 'an empty domain',
      key: 'dh',
      body: { ...documented, domain: '' },
      message: /^domain must not be empty/,
    },
  ])('refuses $name with 400', async ({ key, body, message }) => {
    const exchange = await derive(key, body);
    expect(statusOf(exchange)).toBe(400);
    expect(errorMessageOf(exchange)).toMatch(message);
  });
});
