import { secp256k1_hasher } from '@noble/curves/secp256k1.js';
import { bytesToHex, numberToBytesBE } from '@noble/curves/utils.js';
import type { ECPoint } from './curves.ts';
import { curveByName } from './curves.ts';
import { interpolatePoint, type PointShare, type Share } from './shamir.ts';
import { fail } from './errors.ts';

/**
 * Derive Key (keys-api.md §4.7): deterministic DH derivation for DH/secp256k1 keys.
 *   H = hash_to_curve(seed) under RFC 9380 suite secp256k1_XMD:SHA-256_SSWU_RO_ with DST = the domain bytes
 *   output = "0x" + hex(x(d·H)), 32 bytes
 * The output encoding is this project's definition [I]: the documented example
 * (`0x543f…0c57`) is 32 bytes, which an x-coordinate fits; a target that returns another encoding of the
 * same point (compressed 33 B) would be reported, not guessed at. An empty domain is refused: RFC 9380
 * §3.1 forbids an empty DST, so the reference answers it with 400 (error code `empty-domain`).
 */
const curve = curveByName('secp256k1');

/** H(seed) with DST = domain. */
export function dhBasePoint(domain: Uint8Array, seed: Uint8Array): ECPoint {
  if (domain.length === 0)
    fail('empty-domain', 'domain must not be empty: RFC 9380 requires a non-empty DST');
  return secp256k1_hasher.hashToCurve(seed, { DST: domain });
}

/** The output string for a DH point: "0x" + 64 hex digits of its x-coordinate. */
export function encodeDhOutput(point: ECPoint): string {
  if (point.is0()) fail('point-identity', 'DH output is the point at infinity');
  return `0x${bytesToHex(numberToBytesBE(point.toAffine().x, 32))}`;
}

/** The whole-scalar form: for a key held in one piece (a suite checking a known DH key). */
export function deriveDhOutput(secret: bigint, domain: Uint8Array, seed: Uint8Array): string {
  if (secret <= 0n || secret >= curve.order) fail('scalar-out-of-range', 'secret must be in [1, n)');
  return encodeDhOutput(dhBasePoint(domain, seed).multiply(secret));
}

/** One signer's contribution d_i·H, which reveals nothing of d_i (the DH assumption). */
export function partialDhPoint(share: Share, domain: Uint8Array, seed: Uint8Array): PointShare {
  if (share.value <= 0n || share.value >= curve.order) fail('scalar-out-of-range', 'share must be in [1, n)');
  return { index: share.index, point: dhBasePoint(domain, seed).multiply(share.value) };
}

/** d·H from t partial points by Lagrange interpolation in the exponent, so d is never assembled. */
export function combinePartialDhPoints(partials: readonly PointShare[]): string {
  return encodeDhOutput(interpolatePoint(curve, partials));
}
