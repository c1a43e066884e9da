import { bytesToHex } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptShare } from '../../src/crypto/ecies.ts';
import { parseBase64 } from '../../src/crypto/encoding.ts';
import { generateExportKeyPair, recoverExportedKey } from '../../src/crypto/export-recovery.ts';
import { parseExportPlaintext } from '../../src/crypto/share-codec.ts';
import { knownKey } from '../../fixtures/known-keys.ts';
import { createKey, importKnownKey, knownKeyImport, okBody, openSession, type Session } from './session.ts';

/**
 * Known answers on the wire: ImportKey in the Dfns share format gives the key's public key, and ExportKey
 * hands back shares that rebuild exactly the imported scalar (key-crypto.md §4-5, §8).
 */
let session: Session;
beforeAll(async () => {
  session = await openSession();
});
afterAll(async () => {
  await session.close();
});

async function exportKey(keyId: string, protocol: string, curve: string) {
  const pair = generateExportKeyPair();
  const exchange = await session.call({
    method: 'POST',
    path: '/keys/{keyId}/export',
    pathParams: { keyId },
    body: { encryptionKey: pair.encryptionKeyWire, supportedSchemes: [{ protocol, curve }] },
  });
  return { body: okBody(exchange), pair };
}

function sharesOf(body: Record<string, unknown>): { signerId: string; encryptedKeyShare: string }[] {
  return body.encryptedKeyShares as { signerId: string; encryptedKeyShare: string }[];
}

describe('ImportKey and ExportKey with known keys', () => {
  it.each([
    { id: 'anvil-0-ecdsa', publicKey: '038318535b54105d4a7aae60c08fc45f9687181b4fdfc625bd1a753fa7397fed75' },
    { id: 'rfc8032-test-1', publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a' },
    {
      id: 'anvil-0-schnorr',
      publicKey: '038318535b54105d4a7aae60c08fc45f9687181b4fdfc625bd1a753fa7397fed75',
    },
    { id: 'starknet-readme-key', publicKey: knownKey('starknet-readme-key').publicKey },
  ])('ImportKey of $id reports publicKey $publicKey and imported: true', async ({ id, publicKey }) => {
    const key = await importKnownKey(session, id);
    expect(key).toMatchObject({ publicKey, imported: true, status: 'Active', custodial: true });
  });

  it.each([
    { id: 'anvil-0-ecdsa', scalar: 'ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' },
    { id: 'rfc8032-test-1', scalar: '0fe94d9006f020a5a3c080d96827fffce8852346655006e96ae99be612ac2c7c' },
    { id: 'anvil-0-schnorr', scalar: 'ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' },
    { id: 'starknet-readme-key', scalar: knownKey('starknet-readme-key').secret },
  ])('ExportKey of imported $id rebuilds the scalar $scalar', async ({ id, scalar }) => {
    const known = knownKey(id);
    const key = await importKnownKey(session, id);
    const { body, pair } = await exportKey(key.id as string, known.protocol, known.curve);
    const recovery = recoverExportedKey(body, pair.decryptionKey, { expectedCurve: known.curve });
    expect(recovery.failures).toEqual([]);
    expect(bytesToHex(recovery.secret!.reveal().bytes)).toBe(scalar);
  });

  it('an import built for the 5 signers has 959-byte secp256k1 plaintexts and ciphertexts 49 bytes longer', async () => {
    const request = await knownKeyImport(session, 'anvil-0-ecdsa');
    const plaintexts = request.secrets.reveal().plaintexts;
    expect(plaintexts.map((p) => p.length)).toEqual([959, 959, 959, 959, 959]);
    const blobs = request.body.encryptedKeyShares.map((e) => parseBase64(e.encryptedKeyShare, 'share'));
    expect(blobs.map((b) => b.length)).toEqual([1008, 1008, 1008, 1008, 1008]);
    expect(
      okBody(await session.call({ method: 'POST', path: '/keys/import', body: request.body })).publicKey,
    ).toBe(request.publicKey);
  });

  it.each([
    { id: 'anvil-0-ecdsa', plaintext: 232 },
    { id: 'rfc8032-test-1', plaintext: 228 },
    { id: 'starknet-readme-key', plaintext: 224 },
  ])(
    'the export of $id has $plaintext-byte plaintexts, each ciphertext 49 bytes longer',
    async ({ id, plaintext }) => {
      const known = knownKey(id);
      const key = await importKnownKey(session, id);
      const { body, pair } = await exportKey(key.id as string, known.protocol, known.curve);
      const blobs = sharesOf(body).map((e) => parseBase64(e.encryptedKeyShare, 'share'));
      const plaintexts = blobs.map((blob) => decryptShare(pair.decryptionKey, blob));
      expect(plaintexts.map((p) => p.length)).toEqual(Array(5).fill(plaintext));
      expect(blobs.map((b) => b.length)).toEqual(Array(5).fill(plaintext + 49));
    },
  );

  it('the export of an imported key carries the import indexes 1..n, one per signer', async () => {
    const key = await importKnownKey(session, 'anvil-0-ecdsa');
    const { body, pair } = await exportKey(key.id as string, 'CGGMP24', 'secp256k1');
    const indexes = sharesOf(body).map(
      (e) =>
        parseExportPlaintext(
          decryptShare(pair.decryptionKey, parseBase64(e.encryptedKeyShare, 'share')),
          'secp256k1',
        ).index,
    );
    expect([...indexes].sort((a, b) => (a < b ? -1 : 1))).toEqual([1n, 2n, 3n, 4n, 5n]);
  });
});

describe('ExportKey of created keys', () => {
  it.each([
    { scheme: 'ECDSA', curve: 'secp256k1', protocol: 'CGGMP24' },
    { scheme: 'ECDSA', curve: 'stark', protocol: 'CGGMP24' },
    { scheme: 'EdDSA', curve: 'ed25519', protocol: 'FROST' },
    { scheme: 'Schnorr', curve: 'secp256k1', protocol: 'FROST_BITCOIN' },
    { scheme: 'DH', curve: 'secp256k1', protocol: 'GLOW20_DH' },
  ] as const)('a $scheme/$curve key exports consistent shares that match its publicKey', async (format) => {
    const key = await createKey(session, { scheme: format.scheme, curve: format.curve });
    const { body, pair } = await exportKey(key.id as string, format.protocol, format.curve);
    expect(body).toMatchObject({
      publicKey: key.publicKey,
      protocol: format.protocol,
      curve: format.curve,
      minSigners: 3,
    });
    const recovery = recoverExportedKey(body, pair.decryptionKey, { expectedCurve: format.curve });
    expect(recovery.failures).toEqual([]);
    expect(recovery.subsets.length).toBe(10);
  });

  it('created keys use random share indexes, not 1..n', async () => {
    const key = await createKey(session, { scheme: 'ECDSA', curve: 'secp256k1' });
    const { body, pair } = await exportKey(key.id as string, 'CGGMP24', 'secp256k1');
    const recovery = recoverExportedKey(body, pair.decryptionKey, { expectedCurve: 'secp256k1' });
    const indexes = recovery.shares.map((s) => s.index);
    expect(indexes.every((i) => i !== undefined && i > 5n)).toBe(true);
  });
});
