import { randomBytes } from '@noble/hashes/utils.js';
import { randomScalar as drawScalar, type Curve, type ECPoint } from './curves.ts';
import { fail } from './errors.ts';

/**
 * Shamir secret sharing over a curve's scalar field (key-crypto.md §4.3): f(X) = s + a1·X + … + a_{t-1}·X^{t-1}
 * mod order, share k is (x_k, f(x_k)). Dfns uses x_k = 1..n; export responses carry arbitrary indexes, so
 * every function here takes indexes explicitly.
 */
export interface Share {
  readonly index: bigint;
  readonly value: bigint;
}

/** A share "in the exponent": (x_k, f(x_k)·G), e.g. a public share or a partial DH point. */
export interface PointShare {
  readonly index: bigint;
  readonly point: ECPoint;
}

/** f(x) by Horner's rule; `coefficients[0]` is f(0). */
export function evaluatePolynomial(curve: Curve, coefficients: readonly bigint[], x: bigint): bigint {
  const { Fn } = curve;
  let acc = 0n;
  for (let i = coefficients.length - 1; i >= 0; i--)
    acc = Fn.add(Fn.mul(acc, x), Fn.create(coefficients[i]!));
  return acc;
}

/**
 * A random polynomial of degree t-1 with f(0) = secret and non-zero coefficients, as the Dfns dealer draws
 * it (generic-ec-zkp `sample_with_const_term`). `randomScalar` is injectable so a known-answer test can
 * supply the coefficients of kat.json.
 */
export function randomPolynomial(
  curve: Curve,
  secret: bigint,
  t: number,
  randomScalar: () => bigint = () => drawScalar(curve, randomBytes),
): bigint[] {
  assertSecret(curve, secret);
  if (!Number.isSafeInteger(t) || t < 1)
    fail('threshold-invalid', `threshold must be an integer >= 1, got ${t}`);
  const coefficients = [secret];
  for (let j = 1; j < t; j++) {
    const a = randomScalar();
    if (a <= 0n || a >= curve.order) {
      fail('scalar-out-of-range', `polynomial coefficient a${j} must be in [1, order), got one outside`);
    }
    coefficients.push(a);
  }
  return coefficients;
}

/** Shares f(x) at the given indexes (each non-zero, distinct, below the order). */
export function sharesFromPolynomial(
  curve: Curve,
  coefficients: readonly bigint[],
  indexes: readonly bigint[],
): Share[] {
  assertIndexes(curve, indexes);
  return indexes.map((index) => ({ index, value: evaluatePolynomial(curve, coefficients, index) }));
}

export interface SplitOptions {
  readonly n: number;
  readonly t: number;
  /** Source of the coefficients a1..a_{t-1}; defaults to a CSPRNG. */
  readonly randomScalar?: () => bigint;
}

/** t-of-n split with the Dfns indexes 1..n. Returns the polynomial too: the caller owns both secrets. */
export function splitSecret(
  curve: Curve,
  secret: bigint,
  { n, t, randomScalar }: SplitOptions,
): { polynomial: bigint[]; shares: Share[] } {
  if (!Number.isSafeInteger(n) || n < 1)
    fail('threshold-invalid', `share count n must be an integer >= 1, got ${n}`);
  if (!Number.isSafeInteger(t) || t < 1 || t > n) {
    fail('threshold-invalid', `threshold t must be an integer in [1, n=${n}], got ${t}`);
  }
  const polynomial = randomPolynomial(curve, secret, t, randomScalar);
  const indexes = Array.from({ length: n }, (_, i) => BigInt(i + 1));
  return { polynomial, shares: sharesFromPolynomial(curve, polynomial, indexes) };
}

/**
 * λ_j(at) = Π_{m≠j} (at − x_m) / (x_j − x_m) mod order, for every index j. With at = 0 these are the
 * coefficients that reconstruct f(0); with another `at` they predict f(at) from the given shares.
 */
export function lagrangeCoefficients(curve: Curve, indexes: readonly bigint[], at = 0n): bigint[] {
  assertIndexes(curve, indexes);
  const { Fn } = curve;
  const x = Fn.create(at);
  return indexes.map((xj, j) => {
    let num = Fn.ONE;
    let den = Fn.ONE;
    indexes.forEach((xm, m) => {
      if (m === j) return;
      num = Fn.mul(num, Fn.sub(x, xm));
      den = Fn.mul(den, Fn.sub(xj, xm));
    });
    return Fn.mul(num, Fn.inv(den));
  });
}

/** f(at) from shares (f(0), the secret, by default). Uses all the shares given. */
export function interpolateScalar(curve: Curve, shares: readonly Share[], at = 0n): bigint {
  const lambdas = lagrangeCoefficients(
    curve,
    shares.map((s) => s.index),
    at,
  );
  return shares.reduce((acc, s, i) => curve.Fn.add(acc, curve.Fn.mul(s.value, lambdas[i]!)), 0n);
}

/** f(at)·G from point shares (the public key from public shares by default). */
export function interpolatePoint(curve: Curve, shares: readonly PointShare[], at = 0n): ECPoint {
  const lambdas = lagrangeCoefficients(
    curve,
    shares.map((s) => s.index),
    at,
  );
  // The coefficients are public, so variable-time multiplication is fine (and it accepts 0).
  return shares.reduce((acc, s, i) => acc.add(s.point.multiplyUnsafe(lambdas[i]!)), curve.zero);
}

/**
 * Whether public shares at indexes 1..n all lie on one polynomial of degree t-1 (in the exponent):
 * interpolate from the first t and predict every other one. This is what a signer can check of the
 * `public_shares` list of an import plaintext.
 */
export function publicSharesConsistent(curve: Curve, points: readonly ECPoint[], t: number): boolean {
  if (!Number.isSafeInteger(t) || t < 1 || t > points.length) {
    fail('threshold-invalid', `threshold t must be an integer in [1, ${points.length}], got ${t}`);
  }
  const basis = points.slice(0, t).map((point, i) => ({ index: BigInt(i + 1), point }));
  return points.slice(t).every((point, i) => interpolatePoint(curve, basis, BigInt(t + i + 1)).equals(point));
}

function assertIndexes(curve: Curve, indexes: readonly bigint[]): void {
  const seen = new Set<bigint>();
  for (const x of indexes) {
    if (x <= 0n || x >= curve.order) {
      fail(x === 0n ? 'index-zero' : 'scalar-out-of-range', `share index must be in [1, order), got ${x}`);
    }
    if (seen.has(x)) fail('index-duplicate', `share index ${x} appears more than once`);
    seen.add(x);
  }
}

function assertSecret(curve: Curve, secret: bigint): void {
  if (secret <= 0n || secret >= curve.order) {
    fail(secret === 0n ? 'scalar-zero' : 'scalar-out-of-range', `secret must be in [1, ${curve.name} order)`);
  }
}
