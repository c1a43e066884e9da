import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { getMinHashLength, mapHashToField, type IField } from '@noble/curves/abstract/modular.js';
import type { WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';
import type { EdwardsPointCons } from '@noble/curves/abstract/edwards.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { Point as StarkPoint } from '@scure/starknet';
import { fail } from './errors.ts';
import { typeName } from './encoding.ts';

/** The curve names of the Keys API and of the Dfns share JSON (`"curve":"secp256k1"`). */
export type CurveName = 'secp256k1' | 'stark' | 'ed25519';
export const CURVE_NAMES: readonly CurveName[] = ['secp256k1', 'stark', 'ed25519'];

/**
 * The point operations shared by noble's Weierstrass and Edwards points. A noble point of any of the three
 * curves is an ECPoint; mixing points of two curves is a programming error that the curve's own methods
 * detect (see {@link Curve.encodePoint}).
 */
export interface ECPoint {
  add(other: ECPoint): ECPoint;
  subtract(other: ECPoint): ECPoint;
  negate(): ECPoint;
  /** Constant-time; rejects 0. For secret scalars. */
  multiply(scalar: bigint): ECPoint;
  /** Variable-time; accepts 0. For public scalars (Lagrange coefficients, public indexes). */
  multiplyUnsafe(scalar: bigint): ECPoint;
  equals(other: ECPoint): boolean;
  is0(): boolean;
  toAffine(): { x: bigint; y: bigint };
}

export type PointForm = 'compressed' | 'uncompressed';

export interface Curve {
  readonly name: CurveName;
  /** Order of the prime subgroup: n for secp256k1 and stark, L for ed25519. Shamir works modulo this. */
  readonly order: bigint;
  /** noble's scalar field (for inv, mul, add, sub, neg); its byte encoding is not used here. */
  readonly Fn: IField<bigint>;
  readonly base: ECPoint;
  readonly zero: ECPoint;
  /** Encoded length in bytes: SEC1 33/65 for secp256k1 and stark; 32 for both forms of ed25519. */
  readonly pointLength: Readonly<Record<PointForm, number>>;
  /**
   * Strict decoding: a valid encoding of a point of the prime-order subgroup, not the identity. secp256k1
   * and stark accept SEC1 compressed or uncompressed; ed25519 accepts only the canonical RFC 8032 form.
   */
  pointFromBytes(bytes: Uint8Array, what?: string): ECPoint;
  /**
   * SEC1 compressed/uncompressed for secp256k1 and stark. ed25519 has one 32-byte form, which generic-ec
   * (Dfns) also calls "uncompressed" (key-crypto.md §4.4), so both forms give the same bytes.
   */
  encodePoint(point: ECPoint, form: PointForm): Uint8Array;
  /** k·G for a secret k, reduced mod order; 0 gives the identity. */
  multiplyBase(k: bigint): ECPoint;
}

function weierstrassCurve(name: CurveName, Point: WeierstrassPointCons<bigint>): Curve {
  const native = (p: ECPoint) => {
    if (!(p instanceof Point)) throw new TypeError(`point is not a ${name} point`);
    return p;
  };
  return {
    name,
    order: Point.Fn.ORDER,
    Fn: Point.Fn,
    base: Point.BASE,
    zero: Point.ZERO,
    pointLength: { compressed: 33, uncompressed: 65 },
    pointFromBytes(bytes, what = `${name} point`) {
      if (bytes.length !== 33 && bytes.length !== 65) {
        fail('bad-length', `${what} must be 33 (compressed) or 65 (uncompressed) bytes, got ${bytes.length}`);
      }
      try {
        const p = Point.fromBytes(bytes);
        p.assertValidity();
        return p;
      } catch (error) {
        fail('point-invalid', `${what} is not a point on ${name}: ${message(error)}`);
      }
    },
    encodePoint: (p, form) => native(p).toBytes(form === 'compressed'),
    multiplyBase: (k) => scalarTimesBase(Point, Point.Fn.create(k)),
  };
}

function edwardsCurve(Point: EdwardsPointCons): Curve {
  const native = (p: ECPoint) => {
    if (!(p instanceof Point)) throw new TypeError('point is not an ed25519 point');
    return p;
  };
  return {
    name: 'ed25519',
    order: Point.Fn.ORDER,
    Fn: Point.Fn,
    base: Point.BASE,
    zero: Point.ZERO,
    pointLength: { compressed: 32, uncompressed: 32 },
    pointFromBytes(bytes, what = 'ed25519 point') {
      if (bytes.length !== 32) fail('bad-length', `${what} must be 32 bytes, got ${bytes.length}`);
      let p;
      try {
        // zip215=false: RFC 8032 canonical encodings only (y < p), as a strict checker must.
        p = Point.fromBytes(bytes, false);
      } catch (error) {
        fail('point-invalid', `${what} is not a canonical ed25519 point: ${message(error)}`);
      }
      // noble's assertValidity also refuses the identity; check it first to name it.
      if (p.is0()) fail('point-identity', `${what} is the identity point`);
      try {
        p.assertValidity();
      } catch (error) {
        fail('point-invalid', `${what} is not a valid ed25519 point: ${message(error)}`);
      }
      if (!p.isTorsionFree()) fail('point-invalid', `${what} is not in the prime-order subgroup`);
      return p;
    },
    encodePoint: (p) => native(p).toBytes(),
    multiplyBase: (k) => scalarTimesBase(Point, Point.Fn.create(k)),
  };
}

function scalarTimesBase(Point: { BASE: ECPoint; ZERO: ECPoint }, k: bigint): ECPoint {
  // noble's constant-time multiply rejects 0; 0·G is the identity.
  return k === 0n ? Point.ZERO : Point.BASE.multiply(k);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const CURVES: Readonly<Record<CurveName, Curve>> = {
  secp256k1: weierstrassCurve('secp256k1', secp256k1.Point),
  stark: weierstrassCurve('stark', StarkPoint),
  ed25519: edwardsCurve(ed25519.Point),
};

export function isCurveName(value: unknown): value is CurveName {
  return typeof value === 'string' && (CURVE_NAMES as readonly string[]).includes(value);
}

/** The curve of that name; a clear error for anything else (the name often comes from an HTTP body). */
export function curveByName(name: unknown): Curve {
  if (!isCurveName(name)) {
    fail('unknown-curve', `curve must be one of ${CURVE_NAMES.join(', ')}, got ${describe(name)}`);
  }
  return CURVES[name];
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : typeName(value);
}

/** 32-byte big-endian, the scalar encoding of the Dfns share JSON and of exported keys (also for ed25519). */
export function scalarToBytes(k: bigint): Uint8Array {
  return numberToBytesBE(k, 32);
}

/** 32-byte big-endian scalar < order. Zero is rejected unless `allowZero`. */
export function scalarFromBytes(curve: Curve, bytes: Uint8Array, what = 'scalar', allowZero = false): bigint {
  if (bytes.length !== 32) fail('bad-length', `${what} must be 32 bytes, got ${bytes.length}`);
  const k = bytesToNumberBE(bytes);
  if (k >= curve.order)
    fail('scalar-out-of-range', `${what} must be less than the ${curve.name} group order`);
  if (k === 0n && !allowZero) fail('scalar-zero', `${what} must not be zero`);
  return k;
}

/** A uniformly random non-zero scalar, from `randomBytes` (injectable so tests can be deterministic). */
export function randomScalar(curve: Curve, randomBytes: (length: number) => Uint8Array): bigint {
  // mapHashToField: wide input reduced mod (order-1), plus 1 (FIPS 186-5 A.2.1), so bias is negligible.
  return bytesToNumberBE(mapHashToField(randomBytes(getMinHashLength(curve.order)), curve.order));
}
