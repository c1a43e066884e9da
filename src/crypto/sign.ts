import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberLE, numberToBytesBE, numberToBytesLE } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import * as stark from '@scure/starknet';
import type { RawSignature } from './signature-encoding.ts';
import { starkMessageFromHash, type StarkHashRule } from './stark-message.ts';
import { taprootTweakSecret } from './taproot.ts';
import { fail } from './errors.ts';

/**
 * Signers for the reference target. The reference holds only Shamir shares and combines them in memory into
 * the whole scalar to sign (a stated shortcut: a real cluster never reconstructs the key). Every signer
 * returns r and s in the API's byte order (signature-encoding.ts) and is checked against verify.ts.
 */

/** ECDSA secp256k1 over a 32-byte hash (no prehash), low-S, with the recid of the normalised signature. */
export function signEcdsaSecp256k1(
  secret: bigint,
  hash: Uint8Array,
  options: { readonly extraEntropy?: boolean | Uint8Array } = {},
): RawSignature {
  const sig = secp256k1.sign(hash32(hash), secretBytes(secret, secp256k1.Point.Fn.ORDER), {
    prehash: false,
    lowS: true,
    format: 'recovered',
    extraEntropy: options.extraEntropy ?? false,
  });
  return { r: sig.slice(1, 33), s: sig.slice(33, 65), recid: recidOf(sig[0]!) };
}

/** ECDSA over the Stark curve: the hash becomes a Stark message by `rule`; s is normalised to low-S [I]. */
export function signEcdsaStark(
  secret: bigint,
  hash: Uint8Array,
  rule: StarkHashRule = 'reduce-mod-n',
): RawSignature {
  const sig = stark.sign(
    starkMessageFromHash(hash32(hash), rule),
    secretBytes(secret, stark.Point.Fn.ORDER),
    {
      lowS: true,
      format: 'recovered',
    },
  );
  return { r: numberToBytesBE(sig.r, 32), s: numberToBytesBE(sig.s, 32), recid: recidOf(sig.recovery ?? -1) };
}

/**
 * Domain separation for the default nonce prefix: imported ed25519 keys exist only as scalars (the seed and
 * RFC 8032's prefix are gone), so the prefix is derived from the scalar under this tag.
 */
const ED25519_PREFIX_TAG = utf8ToBytes('keys-conformance/ed25519-scalar-signer/nonce-prefix/v1');

/**
 * Ed25519 from a scalar a (not a seed), RFC 8032 §5.1.6 with an explicit nonce prefix:
 *   r = SHA-512(prefix ‖ M) mod L;  R = rB;  k = SHA-512(R ‖ A ‖ M) mod L;  S = r + k·a mod L.
 * With a seed's own prefix (ed25519-scalar.ts) this is exactly RFC 8032 signing, which pins it; the default
 * prefix is SHA-512(tag ‖ be32(a))[0..32], deterministic like RFC 8032.
 */
export function signEd25519WithScalar(
  scalar: bigint,
  message: Uint8Array,
  options: { readonly prefix?: Uint8Array } = {},
): RawSignature {
  const { Point } = ed25519;
  const L = Point.Fn.ORDER;
  if (scalar <= 0n || scalar >= L) fail('scalar-out-of-range', 'ed25519 scalar must be in [1, L)');
  const prefix =
    options.prefix ?? sha512(concatBytes(ED25519_PREFIX_TAG, numberToBytesBE(scalar, 32))).slice(0, 32);
  if (prefix.length !== 32) fail('option-invalid', `nonce prefix must be 32 bytes, got ${prefix.length}`);
  const A = Point.BASE.multiply(scalar).toBytes();
  const r = bytesToNumberLE(sha512(concatBytes(prefix, message))) % L;
  // r = 0 has probability 2^-252; refuse rather than produce R = identity.
  if (r === 0n) fail('scalar-zero', 'derived nonce is zero');
  const R = Point.BASE.multiply(r).toBytes();
  const k = bytesToNumberLE(sha512(concatBytes(R, A, message))) % L;
  const S = Point.Fn.add(r, Point.Fn.mul(k, scalar));
  return { r: R, s: numberToBytesLE(S, 32) };
}

/**
 * BIP-340 Schnorr under the BIP-341 tweak (FROST_BITCOIN): sign with the tweaked secret, so the signature
 * verifies under the taproot output key x(Q). `auxRand` (32 bytes) is BIP-340's auxiliary randomness.
 */
export function signSchnorrTaproot(
  secret: bigint,
  message: Uint8Array,
  merkleRoot?: Uint8Array,
  auxRand?: Uint8Array,
): RawSignature {
  const tweaked = taprootTweakSecret(secret, merkleRoot);
  const sig = schnorr.sign(message, numberToBytesBE(tweaked, 32), auxRand);
  return { r: sig.slice(0, 32), s: sig.slice(32, 64) };
}

function secretBytes(secret: bigint, order: bigint): Uint8Array {
  if (secret <= 0n || secret >= order) fail('scalar-out-of-range', 'secret must be in [1, order)');
  return numberToBytesBE(secret, 32);
}

function hash32(hash: Uint8Array): Uint8Array {
  if (hash.length !== 32) fail('bad-length', `hash must be 32 bytes, got ${hash.length}`);
  return hash;
}

function recidOf(value: number): 0 | 1 {
  // Recovery ids 2 and 3 need r >= n, probability ~2^-128; the API only carries 0 or 1.
  if (value !== 0 && value !== 1) throw new Error(`unexpected recovery id ${value}`);
  return value;
}
