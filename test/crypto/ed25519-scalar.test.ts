import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { ed25519ScalarFromSeed, expandEd25519Seed } from '../../src/crypto/ed25519-scalar.ts';
import { scalarToBytes } from '../../src/crypto/curves.ts';

// RFC 8032 §7.1 tests 1-3: seed, the import scalar as Dfns exports it (big-endian), public key.
const RFC8032 = [
  [
    'test 1',
    '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    '0fe94d9006f020a5a3c080d96827fffce8852346655006e96ae99be612ac2c7c',
    'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
  ],
  [
    'test 2',
    '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    '012e502eb0249a255e1c827f3b6b6c7ea21f1371569f98e5707992d506d199c7',
    '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
  ],
  [
    'test 3',
    'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    '0ca91e9981a125131bf5c2c54e7f4db9a8e2e0bc2ccf1360cba6e9daa4be76ef',
    'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
  ],
] as const;

describe('ed25519 seed -> import scalar (RFC 8032 key expansion, key-crypto.md §4.2)', () => {
  it.each(RFC8032)('RFC 8032 %s: be32(scalar) is the expected export', (_, seed, scalarBE) => {
    expect(bytesToHex(scalarToBytes(ed25519ScalarFromSeed(hexToBytes(seed))))).toBe(scalarBE);
  });

  it.each(RFC8032)('RFC 8032 %s: scalar·B is the RFC public key', (_, seed, __, publicKey) => {
    expect(ed25519.Point.BASE.multiply(ed25519ScalarFromSeed(hexToBytes(seed))).toHex()).toBe(publicKey);
  });

  it.each(RFC8032)('RFC 8032 %s: scalar and prefix agree with noble getExtendedPublicKey', (_, seed) => {
    const noble = ed25519.utils.getExtendedPublicKey(hexToBytes(seed));
    const ours = expandEd25519Seed(hexToBytes(seed));
    expect([ours.scalar, bytesToHex(ours.prefix)]).toEqual([noble.scalar, bytesToHex(noble.prefix)]);
  });

  it('rejects a 64-byte Solana-style key, saying to cut it', () => {
    expect(() => ed25519ScalarFromSeed(new Uint8Array(64))).toThrow(
      /seed must be 32 bytes \(a 64-byte Solana-style key must be cut/,
    );
  });
});
