import { base64 } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { CURVE_NAMES, curveByName, type CurveName } from '../../src/crypto/curves.ts';
import { decryptShare } from '../../src/crypto/ecies.ts';
import type { CryptoInputError } from '../../src/crypto/errors.ts';
import {
  buildOutOfRangeImport,
  type ScalarRangeDefect,
} from '../../src/crypto/import-request-out-of-range.ts';
import { sortSignersById, type ImportKeyBody } from '../../src/crypto/import-request.ts';
import { interpolatePoint, publicSharesConsistent } from '../../src/crypto/shamir.ts';
import { parseImportPlaintext } from '../../src/crypto/share-codec.ts';
import { testCluster } from './cluster.ts';

const cluster = testCluster(5, 'out-of-range');
const sorted = sortSignersById(cluster.signers);

function build(curve: CurveName, defect: ScalarRangeDefect): ImportKeyBody {
  return buildOutOfRangeImport({
    curve,
    protocol: 'CGGMP24',
    minSigners: 3,
    signers: cluster.signers,
    defect,
  });
}

function plaintextOf(body: ImportKeyBody, k: number): Uint8Array {
  const signerId = sorted[k]!.signerId;
  const entry = body.encryptedKeyShares.find((e) => e.signerId === signerId)!;
  return decryptShare(cluster.decryptionKeyOf(signerId), base64.decode(entry.encryptedKeyShare));
}

describe.each(CURVE_NAMES)('buildOutOfRangeImport on %s', (curveName) => {
  const curve = curveByName(curveName);

  it('zero-secret: every share opens and checks, and the public shares interpolate to the identity', () => {
    const body = build(curveName, 'zero-secret');
    const opened = sorted.map((_, k) => parseImportPlaintext(plaintextOf(body, k), curveName));
    opened.forEach((share, k) => {
      expect(curve.multiplyBase(share.secretShare).equals(share.publicShares[k]!)).toBe(true);
    });
    const points = opened[0]!.publicShares;
    expect(publicSharesConsistent(curve, points, 3)).toBe(true);
    const key = interpolatePoint(
      curve,
      points.slice(0, 3).map((point, i) => ({ index: BigInt(i + 1), point })),
    );
    expect(key.is0()).toBe(true);
  });

  it('share-not-below-order: signer 1 alone holds a secret_share ≥ the order', () => {
    const body = build(curveName, 'share-not-below-order');
    expect(() => parseImportPlaintext(plaintextOf(body, 0), curveName)).toThrow(
      expect.objectContaining({ code: 'scalar-out-of-range' }) as CryptoInputError,
    );
    const others = sorted.slice(1).map((_, k) => parseImportPlaintext(plaintextOf(body, k + 1), curveName));
    expect(publicSharesConsistent(curve, others[0]!.publicShares, 3)).toBe(true);
  });

  it('share-not-below-order: that share is y₁ + order for the y₁ its public share commits to', () => {
    const body = build(curveName, 'share-not-below-order');
    const text = new TextDecoder().decode(plaintextOf(body, 0));
    const written = BigInt(
      `0x${/"secret_share":\{"curve":"[a-z0-9]+","scalar":"([0-9a-f]{64})"\}/.exec(text)![1]!}`,
    );
    const publicShare = parseImportPlaintext(plaintextOf(body, 1), curveName).publicShares[0]!;
    expect(written).toBeGreaterThanOrEqual(curve.order);
    expect(curve.multiplyBase(written - curve.order).equals(publicShare)).toBe(true);
  });
});

it('refuses a threshold the signer list cannot carry, naming the range', () => {
  expect(() =>
    buildOutOfRangeImport({
      curve: 'secp256k1',
      protocol: 'CGGMP24',
      minSigners: 6,
      signers: cluster.signers,
      defect: 'zero-secret',
    }),
  ).toThrow(/minSigners must be in \[2, 5\]/);
});
