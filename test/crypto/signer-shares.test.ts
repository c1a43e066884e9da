import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { curveByName, type CurveName } from '../../src/crypto/curves.ts';
import { generateExportKeyPair, recoverExportedKey } from '../../src/crypto/export-recovery.ts';
import { buildImportRequest, type ImportRequestInput } from '../../src/crypto/import-request.ts';
import { openImportShare, sealExportShare } from '../../src/crypto/signer-shares.ts';
import { testCluster } from './cluster.ts';

const cluster = testCluster(5, 'signer-side');
const SECRETS: Readonly<Record<CurveName, Uint8Array>> = {
  secp256k1: hexToBytes('ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'),
  stark: hexToBytes('0178047d3869489c055d7ea54c014ffb834a069c9595186abe04ea4d1223a03f'),
  ed25519: hexToBytes('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'),
};
const input = (curve: CurveName): ImportRequestInput => ({
  secret: SECRETS[curve],
  curve,
  protocol: curve === 'ed25519' ? 'FROST' : 'CGGMP24',
  minSigners: 3,
  signers: cluster.signers,
});

/** Signer k's view of a built request: open the entry with its signerId. */
function open(built: ReturnType<typeof buildImportRequest>, k: number, minSigners = 3) {
  const signer = built.sortedSigners[k - 1]!;
  const entry = built.body.encryptedKeyShares.find((e) => e.signerId === signer.signerId)!;
  return openImportShare({
    decryptionKey: cluster.decryptionKeyOf(signer.signerId),
    encryptedKeyShare: entry.encryptedKeyShare,
    curve: built.body.curve,
    index: k,
    signerCount: built.sortedSigners.length,
    minSigners,
  });
}

describe.each(['secp256k1', 'stark', 'ed25519'] as const)(
  '%s import -> signers -> export -> client',
  (curve) => {
    const built = buildImportRequest(input(curve));
    const opened = [1, 2, 3, 4, 5].map((k) => open(built, k));

    it('every signer derives the key’s public key from the public shares', () => {
      const c = curveByName(curve);
      expect(
        opened.map((o) => Buffer.from(c.encodePoint(o.publicKey, 'compressed')).toString('hex')),
      ).toEqual(Array<string>(5).fill(built.publicKey));
    });

    it('the shares sealed by the signers recover the imported secret at the client', () => {
      const client = generateExportKeyPair();
      const response = {
        publicKey: built.publicKey,
        curve,
        minSigners: 3,
        encryptedKeyShares: opened.map((o, i) => ({
          signerId: built.sortedSigners[i]!.signerId,
          encryptedKeyShare: sealExportShare(
            curve,
            o.index,
            o.secretShare.reveal(),
            client.encryptionKeyWire,
          ),
        })),
      };
      const recovery = recoverExportedKey(response, client.decryptionKey, { expectedCurve: curve });
      expect([recovery.failures, recovery.secret?.reveal().scalar]).toEqual([
        [],
        built.secrets.reveal().secret,
      ]);
    });
  },
);

describe('openImportShare refuses what a signer must refuse', () => {
  const good = input('secp256k1');

  it.each([
    [
      'an inconsistent share',
      { faults: [{ kind: 'inconsistent-share', index: 2 }] },
      2,
      'share-inconsistent',
    ],
    [
      'public shares of a degree-3 polynomial',
      { polynomial: [0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80n, 1n, 2n, 3n] },
      1,
      'public-shares-inconsistent',
    ],
    [
      'a share encrypted to another signer',
      { faults: [{ kind: 'encrypted-to-wrong-signer', index: 4 }] },
      4,
      'decryption-failed',
    ],
  ] as const)('%s', (_, override, k, code) => {
    const built = buildImportRequest({ ...good, ...(override as Partial<ImportRequestInput>) });
    expect(() => open(built, k)).toThrow(expect.objectContaining({ code }) as Error);
  });

  it('public_shares of another length than the signer list', () => {
    const built = buildImportRequest(good);
    const signer = built.sortedSigners[0]!;
    expect(() =>
      openImportShare({
        decryptionKey: cluster.decryptionKeyOf(signer.signerId),
        encryptedKeyShare: built.body.encryptedKeyShares[0]!.encryptedKeyShare,
        curve: 'secp256k1',
        index: 1,
        signerCount: 6,
        minSigners: 3,
      }),
    ).toThrow(/public_shares has 5 entries, expected one per signer \(6\)/);
  });

  it('a plaintext of another curve', () => {
    const built = buildImportRequest(good);
    expect(() => openImportShare({ ...openArgs(built), curve: 'stark' })).toThrow(
      /public_shares\[0\].curve must be "stark", got "secp256k1"/,
    );
  });

  function openArgs(built: ReturnType<typeof buildImportRequest>) {
    const signer = built.sortedSigners[0]!;
    return {
      decryptionKey: cluster.decryptionKeyOf(signer.signerId),
      encryptedKeyShare: built.body.encryptedKeyShares[0]!.encryptedKeyShare,
      curve: 'secp256k1' as const,
      index: 1,
      signerCount: 5,
      minSigners: 3,
    };
  }
});
