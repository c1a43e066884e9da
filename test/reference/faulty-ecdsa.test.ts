import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { recoverEcdsaNonce } from '../../src/crypto/nonce-forensics.ts';
import { verifyEcdsaSecp256k1 } from '../../src/crypto/verify.ts';
import {
  nonceFromKeyOnly,
  nonceWithTopByteZero,
  signEcdsaWithNonce,
} from '../../reference/signing/faulty-ecdsa.ts';

/**
 * The fault-only ECDSA with a chosen nonce is real ECDSA: its signatures verify, are low-S, carry the right
 * recid, and the nonce recovered from them (with the key) is the nonce chosen.
 */
const SECRET = bytesToNumberBE(
  hexToBytes('ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'),
);
const PUBLIC = secp256k1.Point.BASE.multiply(SECRET).toBytes(true);
const n = secp256k1.Point.Fn.ORDER;

describe('signEcdsaWithNonce', () => {
  it.each([
    { name: 'a small nonce', k: 7n },
    { name: 'a nonce near n', k: n - 2n },
    { name: 'the key-only nonce', k: nonceFromKeyOnly(SECRET) },
    { name: 'a top-byte-zero nonce', k: nonceWithTopByteZero() },
  ])('with $name verifies, is low-S and recovers the key', ({ k }) => {
    for (const hash of [hexToBytes('5a'.repeat(32)), hexToBytes('ff'.repeat(32)), new Uint8Array(32)]) {
      const signature = signEcdsaWithNonce(SECRET, hash, k);
      expect(verifyEcdsaSecp256k1(signature, hash, PUBLIC)).toEqual({
        verifies: { ok: true },
        lowS: { ok: true },
        recovery: { ok: true },
      });
      const recovered = recoverEcdsaNonce('secp256k1', SECRET, { hash, signature });
      expect(recovered).toBe(k < n - k ? k : n - k);
    }
  });

  it('the key-only nonce is the same for every message and the top-byte-zero nonce is below 2^248', () => {
    expect(nonceFromKeyOnly(SECRET)).toBe(nonceFromKeyOnly(SECRET));
    expect(nonceFromKeyOnly(SECRET)).not.toBe(nonceFromKeyOnly(SECRET + 1n));
    for (let i = 0; i < 32; i++) expect(nonceWithTopByteZero() < 2n ** 248n).toBe(true);
  });
});
