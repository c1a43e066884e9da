import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { fail } from './errors.ts';

/**
 * RFC 8032 §5.1.5 key expansion as Dfns applies it on import (key-crypto.md §4.2, trusted-dealer
 * `convertEddsaSecretKeyToScalar`): h = SHA-512(seed); clamp h[0..32] (clear the low 3 bits, clear bit 255,
 * set bit 254); read little-endian; reduce mod L. The scalar is what the cluster stores and what an export
 * returns (as 32 bytes big-endian); the seed cannot be recovered from it, and the prefix h[32..64] is lost,
 * so signing with an imported ed25519 key needs a scalar-based signer with its own nonce prefix (sign.ts).
 */
export interface ExpandedEd25519Seed {
  /** The clamped scalar reduced mod L. */
  readonly scalar: bigint;
  /** h[32..64], RFC 8032's nonce prefix. */
  readonly prefix: Uint8Array;
}

export function expandEd25519Seed(seed: Uint8Array): ExpandedEd25519Seed {
  if (seed.length !== 32) {
    fail(
      'bad-length',
      `ed25519 seed must be 32 bytes (a 64-byte Solana-style key must be cut to its first 32), got ${seed.length}`,
    );
  }
  const h = sha512(seed);
  const head = h.slice(0, 32);
  head[0]! &= 0b1111_1000;
  head[31]! &= 0b0111_1111;
  head[31]! |= 0b0100_0000;
  return { scalar: bytesToNumberLE(head) % ed25519.Point.Fn.ORDER, prefix: h.slice(32, 64) };
}

/** The import scalar of a seed (see {@link expandEd25519Seed}). */
export function ed25519ScalarFromSeed(seed: Uint8Array): bigint {
  return expandEd25519Seed(seed).scalar;
}
