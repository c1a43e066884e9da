import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { base64 } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { curveByName } from '../../src/crypto/curves.ts';
import { decryptShare, encryptShare, encryptionKeyFor } from '../../src/crypto/ecies.ts';
import { recoverExportedKey } from '../../src/crypto/export-recovery.ts';
import { buildImportRequest, sortSignersById } from '../../src/crypto/import-request.ts';
import { encodeExportPlaintext } from '../../src/crypto/share-codec.ts';
import { KAT, KAT_EXPORT_CASES, KAT_IMPORT_CASES, type Kat } from './kat.ts';
import { describeWithVectors } from './vectors.ts';

// Known-answer tests against dfns-shares/kat.json: every random value is given, so the import and export
// plaintexts and ciphertexts must come out byte for byte (key-crypto.md §2, §4, §5).
const IMPORT_PLAINTEXT_LENGTH = { secp256k1: 959, ed25519: 617 } as const; // key-crypto.md §4.4, n = 5
const EXPORT_PLAINTEXT_LENGTH = { secp256k1: 232, ed25519: 228 } as const; // key-crypto.md §5.3

function buildKatImport(kat: Kat, name: (typeof KAT_IMPORT_CASES)[number]) {
  const c = kat.import[name]!;
  const coefficients = c.polynomial.slice(1).map((h) => BigInt(`0x${h}`));
  return buildImportRequest({
    secret: c.seed === undefined ? hexToBytes(c.secretScalar) : hexToBytes(c.seed),
    curve: c.curve,
    protocol: c.curve === 'ed25519' ? 'FROST' : 'CGGMP24',
    minSigners: c.minSigners,
    signers: kat.signers,
    randomScalar: () => coefficients.shift()!,
    ephemeralSecrets: c.shares.map((s) => hexToBytes(s.ephemeralSecret)),
  });
}

describeWithVectors('dfns-shares/kat.json known answers', KAT, (kat) => {
  const signerKey = (signerId: string) =>
    hexToBytes(kat.signers.find((s) => s.signerId === signerId)!.decryptionKey);

  it('sorts the signers by the raw bytes of the decoded signerId as signersSortedById', () => {
    expect(sortSignersById(kat.signers).map((s) => s.signerId)).toEqual(kat.signersSortedById);
  });

  it.each(kat.signers.map((s, i) => [i, s] as const))(
    'signer %i: encryptionKey is the wire form of its decryption key',
    (_, s) => {
      expect(encryptionKeyFor(hexToBytes(s.decryptionKey))).toBe(s.encryptionKey);
    },
  );

  describe.each(KAT_IMPORT_CASES)('import %s', (name) => {
    const c = kat.import[name]!;
    const built = buildKatImport(kat, name);

    it('uses the polynomial of kat.json (f(0) is the secret scalar)', () => {
      expect(built.secrets.reveal().polynomial.map((k) => k.toString(16).padStart(64, '0'))).toEqual(
        c.polynomial,
      );
    });

    it('reports the expected publicKey', () => {
      expect(built.publicKey).toBe(c.publicKey);
    });

    it('lists the shares in signersSortedById order with the kat signer ids', () => {
      expect(built.body.encryptedKeyShares.map((e) => e.signerId)).toEqual(c.shares.map((s) => s.signerId));
    });

    it.each(c.shares.map((s, i) => [i + 1, s] as const))('share %i plaintext is byte-exact', (k, share) => {
      const plaintext = built.secrets.reveal().plaintexts[k - 1]!;
      expect(plaintext.length).toBe(IMPORT_PLAINTEXT_LENGTH[c.curve]);
      expect(new TextDecoder().decode(plaintext)).toBe(share.plaintext);
    });

    it.each(c.shares.map((s, i) => [i + 1, s] as const))(
      'share %i ciphertext is byte-exact (plaintext + 49 bytes)',
      (k, share) => {
        const entry = built.body.encryptedKeyShares[k - 1]!;
        expect(entry.encryptedKeyShare).toBe(share.encryptedKeyShare);
        expect(base64.decode(entry.encryptedKeyShare).length).toBe(IMPORT_PLAINTEXT_LENGTH[c.curve] + 49);
      },
    );

    it.each(c.shares.map((s, i) => [i + 1, s] as const))(
      'share %i decrypts with its signer key to the plaintext',
      (_, share) => {
        const plaintext = decryptShare(signerKey(share.signerId), base64.decode(share.encryptedKeyShare));
        expect(new TextDecoder().decode(plaintext)).toBe(share.plaintext);
      },
    );
  });

  describe.each(KAT_EXPORT_CASES)('export %s', (name) => {
    const c = kat.export[name] as Kat['export'][string] & { shares: Kat['import'][string]['shares'] };
    const clientKey = hexToBytes(kat.export.client.decryptionKey);
    const curve = curveByName(c.curve);

    it('the client encryptionKey is the wire form of its decryption key', () => {
      expect(encryptionKeyFor(clientKey)).toBe(kat.export.client.encryptionKey);
    });

    it.each(c.shares.map((s, i) => [i, s] as const))(
      'share %i plaintext is byte-exact and re-encrypts byte-exact',
      (_, share) => {
        const parsed = JSON.parse(share.plaintext) as {
          index: { scalar: string };
          secret_share: { scalar: string };
        };
        const plaintext = encodeExportPlaintext(
          curve,
          BigInt(`0x${parsed.index.scalar}`),
          BigInt(`0x${parsed.secret_share.scalar}`),
        );
        expect(bytesToHex(plaintext)).toBe(bytesToHex(utf8ToBytes(share.plaintext)));
        expect(plaintext.length).toBe(EXPORT_PLAINTEXT_LENGTH[c.curve]);
        const blob = encryptShare(
          kat.export.client.encryptionKey,
          plaintext,
          hexToBytes(share.ephemeralSecret),
        );
        expect(base64.encode(blob)).toBe(share.encryptedKeyShare);
      },
    );

    it('recovering the export gives expectedSecretBE with every check passing', () => {
      const recovery = recoverExportedKey(
        {
          publicKey: c.publicKey,
          protocol: 'CGGMP24',
          curve: c.curve,
          minSigners: c.minSigners,
          encryptedKeyShares: c.shares,
        },
        clientKey,
        { expectedCurve: c.curve },
      );
      expect(recovery.failures).toEqual([]);
      expect(bytesToHex(recovery.secret!.reveal().bytes)).toBe(c.expectedSecretBE);
      expect(recovery.subsets).toHaveLength(10);
    });
  });
});
