import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import type { RawSignature } from '../../src/crypto/signature-encoding.ts';

/**
 * ECDSA over secp256k1 with a nonce chosen by the caller: only the nonce faults use it (noble, rightly, does
 * not let a caller pick k). The arithmetic is the textbook one, r = x(kG) mod n, s = k⁻¹(z + r·d) mod n,
 * normalised to low-S like the real cluster, so a faulty signature differs from a good one only in its
 * nonce; a test checks these signatures verify with src/crypto's verifier.
 */
const { Fn } = secp256k1.Point;
const n = Fn.ORDER;

export function signEcdsaWithNonce(secret: bigint, hash: Uint8Array, k: bigint): RawSignature {
  const R = secp256k1.Point.BASE.multiply(k).toAffine();
  const r = Fn.create(R.x);
  if (r === 0n || R.x >= n) throw new Error('nonce gives r = 0 or x(R) ≥ n; draw another');
  const z = Fn.create(bytesToNumberBE(hash));
  let s = Fn.mul(Fn.inv(k), Fn.add(z, Fn.mul(r, secret)));
  if (s === 0n) throw new Error('nonce gives s = 0; draw another');
  let recid: 0 | 1 = R.y % 2n === 0n ? 0 : 1;
  if (s > n >> 1n) {
    s = n - s;
    recid = recid === 0 ? 1 : 0;
  }
  return { r: numberToBytesBE(r, 32), s: numberToBytesBE(s, 32), recid };
}

const REPEATED_NONCE_TAG = utf8ToBytes('keys-conformance/reference/fault/ecdsa-repeated-nonce');

/** The `ecdsa-repeated-nonce` fault: k depends on the key only, the classic fatal mistake. */
export function nonceFromKeyOnly(secret: bigint): bigint {
  return nonZero(bytesToNumberBE(sha256(concatBytes(REPEATED_NONCE_TAG, numberToBytesBE(secret, 32)))) % n);
}

/** The `ecdsa-biased-nonce` fault: a uniform k with its top byte forced to zero (k < 2^248). */
export function nonceWithTopByteZero(): bigint {
  return nonZero(bytesToNumberBE(concatBytes(new Uint8Array(1), randomBytes(31))));
}

function nonZero(k: bigint): bigint {
  return k === 0n ? 1n : k;
}
