import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { loadKnownKeys } from '../../fixtures/known-keys.ts';
import { expandEd25519Seed } from '../../src/crypto/ed25519-scalar.ts';
import { compactSignature } from '../../src/crypto/signature-encoding.ts';
import {
  signEcdsaSecp256k1,
  signEcdsaStark,
  signEd25519WithScalar,
  signSchnorrTaproot,
} from '../../src/crypto/sign.ts';
import {
  verifyEcdsaSecp256k1,
  verifyEcdsaStark,
  verifyEd25519,
  verifySchnorrTaproot,
} from '../../src/crypto/verify.ts';
import { allPass } from '../../src/crypto/verdict.ts';

const HASHES = [
  '00'.repeat(32),
  'ff'.repeat(32),
  bytesToHex(sha256(utf8ToBytes('a'))),
  '0000000000000000000000000000000000000000000000000000000000000001',
];
const keys = loadKnownKeys();
const scalarOf = (hex: string) => BigInt(`0x${hex}`);

describe('signers verify under the independent verifiers', () => {
  const ecdsa = keys.filter((k) => k.scheme === 'ECDSA' && k.curve === 'secp256k1');
  it.each(ecdsa.flatMap((k) => HASHES.map((h) => [k.id, h, k] as const)))(
    'ECDSA secp256k1 %s over %s',
    (_, h, k) => {
      const hash = hexToBytes(h);
      expect(
        allPass(
          verifyEcdsaSecp256k1(signEcdsaSecp256k1(scalarOf(k.secret), hash), hash, hexToBytes(k.publicKey)),
        ),
      ).toBe(true);
    },
  );

  const starkKeys = keys.filter((k) => k.curve === 'stark');
  it.each(starkKeys.flatMap((k) => HASHES.map((h) => [k.id, h, k] as const)))(
    'ECDSA stark %s over %s',
    (_, h, k) => {
      const hash = hexToBytes(h);
      expect(
        allPass(verifyEcdsaStark(signEcdsaStark(scalarOf(k.secret), hash), hash, hexToBytes(k.publicKey))),
      ).toBe(true);
    },
  );

  const eddsa = keys.filter((k) => k.scheme === 'EdDSA');
  it.each(eddsa.flatMap((k) => HASHES.map((h) => [k.id, h, k] as const)))(
    'EdDSA from the scalar of %s over %s',
    (_, h, k) => {
      const msg = hexToBytes(h);
      const sig = signEd25519WithScalar(scalarOf(k.secret), msg);
      expect(allPass(verifyEd25519(sig, msg, hexToBytes(k.publicKey)))).toBe(true);
      expect(ed25519.verify(compactSignature(sig), msg, hexToBytes(k.publicKey))).toBe(true);
    },
  );

  const taproot = keys.filter((k) => k.taprootOutputKeyX !== undefined);
  it.each(taproot.flatMap((k) => HASHES.map((h) => [k.id, h, k] as const)))(
    'Schnorr taproot %s over %s verifies under the fixture output key',
    (_, h, k) => {
      const msg = hexToBytes(h);
      const sig = signSchnorrTaproot(scalarOf(k.secret), msg);
      expect(schnorr.verify(compactSignature(sig), msg, hexToBytes(k.taprootOutputKeyX!))).toBe(true);
      expect(verifySchnorrTaproot(sig, msg, hexToBytes(k.publicKey)).verifies).toEqual({ ok: true });
    },
  );
});

describe('EdDSA scalar signer reproduces RFC 8032 with the seed prefix', () => {
  const RFC8032 = [
    [
      'test 1',
      '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
      '',
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    ],
    [
      'test 2',
      '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
      '72',
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
    ],
    [
      'test 3',
      'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
      'af82',
      '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
    ],
  ] as const;

  it.each(RFC8032)('RFC 8032 %s', (_, seed, msg, signature) => {
    const { scalar, prefix } = expandEd25519Seed(hexToBytes(seed));
    expect(bytesToHex(compactSignature(signEd25519WithScalar(scalar, hexToBytes(msg), { prefix })))).toBe(
      signature,
    );
  });

  it('the default prefix is deterministic per (scalar, message)', () => {
    const a = signEd25519WithScalar(5n, utf8ToBytes('m'));
    expect(signEd25519WithScalar(5n, utf8ToBytes('m'))).toEqual(a);
    expect(signEd25519WithScalar(5n, utf8ToBytes('n')).r).not.toEqual(a.r);
  });

  it('rejects a prefix that is not 32 bytes', () => {
    expect(() => signEd25519WithScalar(5n, new Uint8Array(0), { prefix: new Uint8Array(16) })).toThrow(
      /nonce prefix must be 32 bytes, got 16/,
    );
  });
});

describe('signer input errors', () => {
  it.each([
    [
      'ECDSA secp256k1 with a zero secret',
      () => signEcdsaSecp256k1(0n, new Uint8Array(32)),
      /secret must be in \[1, order\)/,
    ],
    [
      'ECDSA secp256k1 over a 31-byte hash',
      () => signEcdsaSecp256k1(1n, new Uint8Array(31)),
      /hash must be 32 bytes, got 31/,
    ],
    [
      'ECDSA stark with a secret ≥ n',
      () => signEcdsaStark(2n ** 252n, new Uint8Array(32)),
      /secret must be in \[1, order\)/,
    ],
    [
      'EdDSA with a scalar ≥ L',
      () => signEd25519WithScalar(2n ** 253n, new Uint8Array(0)),
      /ed25519 scalar must be in \[1, L\)/,
    ],
    [
      'Schnorr with a zero secret',
      () => signSchnorrTaproot(0n, new Uint8Array(32)),
      /secret must be in \[1, n\)/,
    ],
  ])('%s', (_, sign, message) => {
    expect(sign).toThrow(message);
  });
});
