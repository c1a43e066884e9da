import { describe, expect, it } from 'vitest';
import { curveByName, CURVE_NAMES } from '../../src/crypto/curves.ts';
import {
  evaluatePolynomial,
  interpolatePoint,
  interpolateScalar,
  lagrangeCoefficients,
  publicSharesConsistent,
  sharesFromPolynomial,
  splitSecret,
  type Share,
} from '../../src/crypto/shamir.ts';
import { KAT, KAT_IMPORT_CASES } from './kat.ts';
import { describeWithVectors } from './vectors.ts';

function subsets<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  return items.flatMap((item, i) => subsets(items.slice(i + 1), k - 1).map((rest) => [item, ...rest]));
}

const secp = curveByName('secp256k1');
const SECRET = 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80n;

describeWithVectors('Shamir against dfns-shares/kat.json', KAT, (kat) => {
  describe.each(KAT_IMPORT_CASES)('%s', (name) => {
    const c = kat.import[name]!;
    const curve = curveByName(c.curve);
    const polynomial = c.polynomial.map((h) => BigInt(`0x${h}`));
    const shares = sharesFromPolynomial(curve, polynomial, [1n, 2n, 3n, 4n, 5n]);

    it.each(c.shares.map((s, i) => [i + 1, s.plaintext] as const))(
      'f(%i) is the kat secret_share',
      (k, plaintext) => {
        const expected = (JSON.parse(plaintext) as { secret_share: { scalar: string } }).secret_share.scalar;
        expect(shares[k - 1]!.value.toString(16).padStart(64, '0')).toBe(expected);
      },
    );

    it.each(subsets(shares, c.minSigners).map((s) => [s.map((x) => x.index).join(','), s] as const))(
      'the %s subset reconstructs the secret',
      (_, subset) => {
        expect(interpolateScalar(curve, subset)).toBe(polynomial[0]);
      },
    );

    it.each(subsets(shares, c.minSigners - 1).map((s) => [s.map((x) => x.index).join(','), s] as const))(
      'the %s subset (t-1 shares) does not',
      (_, subset) => {
        expect(interpolateScalar(curve, subset)).not.toBe(polynomial[0]);
      },
    );

    it('the public shares interpolate to the public key', () => {
      const points = shares.map((s) => ({ index: s.index, point: curve.multiplyBase(s.value) }));
      expect(curve.encodePoint(interpolatePoint(curve, points), 'compressed')).toEqual(
        curve.encodePoint(curve.multiplyBase(polynomial[0]!), 'compressed'),
      );
    });
  });
});

describe.each(CURVE_NAMES)('Shamir on %s', (name) => {
  const curve = curveByName(name);

  it('splitSecret with an injected RNG uses exactly those coefficients', () => {
    const coefficients = [7n, 11n];
    const { polynomial, shares } = splitSecret(curve, 5n, {
      n: 4,
      t: 3,
      randomScalar: () => coefficients.shift()!,
    });
    expect(polynomial).toEqual([5n, 7n, 11n]);
    // f(2) = 5 + 7·2 + 11·4
    expect(shares[1]).toEqual({ index: 2n, value: 63n });
  });

  it('interpolates from arbitrary indexes, not only 1..n', () => {
    const polynomial = [123456789n, curve.order - 5n, 42n];
    const shares = sharesFromPolynomial(curve, polynomial, [9n, 1000n, curve.order - 1n]);
    expect(interpolateScalar(curve, shares)).toBe(123456789n);
  });

  it('lagrangeCoefficients at 0 sum to 1 (they reconstruct a constant polynomial)', () => {
    const lambdas = lagrangeCoefficients(curve, [2n, 5n, 7n, 11n]);
    expect(lambdas.reduce((a, b) => curve.Fn.add(a, b), 0n)).toBe(1n);
  });

  it('publicSharesConsistent accepts points on one degree t-1 polynomial', () => {
    const points = sharesFromPolynomial(curve, [3n, 4n, 5n], [1n, 2n, 3n, 4n, 5n]).map((s) =>
      curve.multiplyBase(s.value),
    );
    expect(publicSharesConsistent(curve, points, 3)).toBe(true);
  });

  it('publicSharesConsistent rejects a set with one point off the polynomial', () => {
    const points = sharesFromPolynomial(curve, [3n, 4n, 5n], [1n, 2n, 3n, 4n, 5n]).map((s) =>
      curve.multiplyBase(s.value),
    );
    points[4] = points[4]!.add(curve.base);
    expect(publicSharesConsistent(curve, points, 3)).toBe(false);
  });

  it.each([3, 4])(
    'publicSharesConsistent rejects a set whose point at position %i (the first predicted ones) is off the polynomial',
    (position) => {
      const points = sharesFromPolynomial(curve, [3n, 4n, 5n], [1n, 2n, 3n, 4n, 5n]).map((s) =>
        curve.multiplyBase(s.value),
      );
      points[position] = points[position]!.add(curve.base);
      expect(publicSharesConsistent(curve, points, 3)).toBe(false);
    },
  );

  it('publicSharesConsistent rejects points of a higher-degree polynomial', () => {
    const points = sharesFromPolynomial(curve, [3n, 4n, 5n, 6n], [1n, 2n, 3n, 4n, 5n]).map((s) =>
      curve.multiplyBase(s.value),
    );
    expect(publicSharesConsistent(curve, points, 3)).toBe(false);
  });
});

describe('Shamir input errors', () => {
  const share = (index: bigint): Share => ({ index, value: 1n });

  it.each([
    ['duplicate indexes', [1n, 2n, 1n], /share index 1 appears more than once/],
    ['a zero index', [0n, 2n], /share index must be in \[1, order\), got 0/],
    ['an index equal to the order', [1n, secp.order], /share index must be in \[1, order\)/],
  ])('lagrangeCoefficients rejects %s', (_, indexes, message) => {
    expect(() => lagrangeCoefficients(secp, indexes)).toThrow(message);
  });

  it('interpolateScalar rejects duplicate indexes', () => {
    expect(() => interpolateScalar(secp, [share(3n), share(3n)])).toThrow(/appears more than once/);
  });

  it.each([
    ['t = 0', { n: 3, t: 0 }, /threshold t must be an integer in \[1, n=3\], got 0/],
    ['t > n', { n: 3, t: 4 }, /threshold t must be an integer in \[1, n=3\], got 4/],
    ['n = 0', { n: 0, t: 1 }, /share count n must be an integer >= 1, got 0/],
  ])('splitSecret rejects %s', (_, options, message) => {
    expect(() => splitSecret(secp, SECRET, options)).toThrow(message);
  });

  it('splitSecret rejects a zero secret', () => {
    expect(() => splitSecret(secp, 0n, { n: 3, t: 2 })).toThrow(/secret must be in \[1, secp256k1 order\)/);
  });

  it.each([
    ['the order', secp.order],
    ['zero (it would lower the degree)', 0n],
  ])('splitSecret rejects an RNG that returns %s as a coefficient', (_, coefficient) => {
    expect(() => splitSecret(secp, SECRET, { n: 3, t: 2, randomScalar: () => coefficient })).toThrow(
      /coefficient a1 must be in \[1, order\)/,
    );
  });

  it('publicSharesConsistent rejects a threshold above the number of points', () => {
    expect(() => publicSharesConsistent(secp, [secp.base], 2)).toThrow(
      /threshold t must be an integer in \[1, 1\]/,
    );
  });

  it('evaluatePolynomial reduces coefficients mod the order', () => {
    expect(evaluatePolynomial(secp, [secp.order + 2n, 1n], 3n)).toBe(5n);
  });
});
