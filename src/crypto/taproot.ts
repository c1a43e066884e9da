import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { concatBytes } from '@noble/hashes/utils.js';
import type { ECPoint } from './curves.ts';
import { fail } from './errors.ts';
import { parseHex } from './encoding.ts';

/**
 * BIP-341 key-path tweak, as givre applies it to FROST_BITCOIN keys (key-crypto.md §6.3):
 *   P' = the internal key with even y;  t = int(TaggedHash("TapTweak", x(P') ‖ merkleRoot?)) mod n
 *   Q  = P' + t·G;  the signature is BIP-340 under x(Q).
 * The API's taprootMerkleRoot `""` means no script tree: the hash then covers x(P') alone (BIP-86).
 */
const Point = secp256k1.Point;
const n = Point.Fn.ORDER;

export interface TaprootTweak {
  /** x(P'), the x-only internal key. */
  readonly internalKeyX: Uint8Array;
  readonly tweak: bigint;
  readonly outputKey: ECPoint;
  /** x(Q): the key BIP-340 signatures verify under, and the witness program of a P2TR output. */
  readonly outputKeyX: Uint8Array;
  /** Parity of Q's y (the control-block bit of a script-path spend). */
  readonly outputParity: 0 | 1;
}

/**
 * The API's taprootMerkleRoot (`""`, `"0x"` or 32-byte hex with an optional 0x) as bytes, or undefined for
 * "no script tree". Bytes are accepted as-is when 0 or 32 long.
 */
export function parseMerkleRoot(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) {
    if (value.length === 0) return undefined;
    if (value.length !== 32)
      fail('merkle-root-invalid', `taprootMerkleRoot must be 0 or 32 bytes, got ${value.length}`);
    return value;
  }
  if (value === '' || value === '0x') return undefined;
  const bytes = parseHex(value, 'taprootMerkleRoot', { allow0x: true });
  if (bytes.length !== 32) {
    fail(
      'merkle-root-invalid',
      `taprootMerkleRoot must be "" or 64 hex digits (32 bytes), got ${bytes.length} bytes`,
    );
  }
  return bytes;
}

/**
 * The tweak of an internal key given as 32-byte x-only, 33-byte compressed (the API's publicKey) or a point.
 * Only x(P) enters the hash, so both parities of P give the same output key.
 */
export function taprootTweak(internalKey: Uint8Array | ECPoint, merkleRoot?: Uint8Array): TaprootTweak {
  const P = evenPoint(internalKey);
  const internalKeyX = schnorr.utils.pointToBytes(P);
  const t = tweakScalar(internalKeyX, merkleRoot);
  const Q = P.add(Point.BASE.multiply(t));
  if (Q.is0()) fail('point-identity', 'taproot output key is the point at infinity');
  return {
    internalKeyX,
    tweak: t,
    outputKey: Q,
    outputKeyX: schnorr.utils.pointToBytes(Q),
    outputParity: Q.toAffine().y % 2n === 0n ? 0 : 1,
  };
}

/**
 * The secret that signs under the output key: d' = (d if d·G has even y, else n − d) + t mod n.
 * (BIP-340 signing negates d' again if Q has odd y; noble's schnorr.sign does that.)
 */
export function taprootTweakSecret(secret: bigint, merkleRoot?: Uint8Array): bigint {
  if (secret <= 0n || secret >= n) fail('scalar-out-of-range', 'secret must be in [1, n)');
  const P = Point.BASE.multiply(secret);
  const dEven = P.toAffine().y % 2n === 0n ? secret : n - secret;
  const tweaked = Point.Fn.add(dEven, tweakScalar(schnorr.utils.pointToBytes(P), merkleRoot));
  if (tweaked === 0n) fail('scalar-zero', 'tweaked secret is zero');
  return tweaked;
}

function tweakScalar(internalKeyX: Uint8Array, merkleRoot?: Uint8Array): bigint {
  const root = merkleRoot ?? new Uint8Array(0);
  if (root.length !== 0 && root.length !== 32) {
    fail('merkle-root-invalid', `merkle root must be 0 or 32 bytes, got ${root.length}`);
  }
  const t = bytesToNumberBE(schnorr.utils.taggedHash('TapTweak', concatBytes(internalKeyX, root)));
  // BIP-341 taproot_tweak_pubkey: "if t >= SECP256K1_ORDER: raise ValueError".
  if (t >= n) fail('scalar-out-of-range', 'TapTweak hash is not below the group order');
  return t;
}

function evenPoint(key: Uint8Array | ECPoint) {
  let P;
  if (key instanceof Uint8Array) {
    if (key.length === 32) {
      try {
        P = schnorr.utils.lift_x(bytesToNumberBE(key));
      } catch {
        fail('point-invalid', 'x-only internal key is not the x coordinate of a secp256k1 point');
      }
    } else if (key.length === 33) {
      try {
        P = Point.fromBytes(key);
      } catch {
        fail('point-invalid', 'compressed internal key is not a secp256k1 point');
      }
    } else {
      fail('bad-length', `internal key must be 32 (x-only) or 33 (compressed) bytes, got ${key.length}`);
    }
  } else {
    if (!(key instanceof Point)) throw new TypeError('internal key is not a secp256k1 point');
    P = key;
  }
  return P.toAffine().y % 2n === 0n ? P : P.negate();
}
