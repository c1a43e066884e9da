import fc from 'fast-check';
import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { loadContract, validateRequestBody } from '../../src/contract/index.ts';
import { curveByName, type Curve } from '../../src/crypto/curves.ts';
import { decryptShare } from '../../src/crypto/ecies.ts';
import { parseBase64 } from '../../src/crypto/encoding.ts';
import { sortSignersById } from '../../src/crypto/import-request.ts';
import { expectedPublicKey } from '../../src/crypto/public-key.ts';
import { interpolateScalar } from '../../src/crypto/shamir.ts';
import { parseImportPlaintext } from '../../src/crypto/share-codec.ts';
import { knownKey, loadKnownKeys, type KnownKey } from '../../fixtures/known-keys.ts';
import { GeneratorError } from '../../generators/generator-error.ts';
import {
  BROKEN_IMPORT_LABELS,
  importShareSetArbitrary,
  PROTOCOL_CURVES,
  signersFromListSigners,
  type ImportShareSet,
  type ImportShareSetLabel,
} from '../../generators/import-share-sets.ts';
import { testCluster } from '../crypto/cluster.ts';

// Shares are secrets even for test keys: every assertion below compares to a boolean or a count, so a
// failure never prints a share, a scalar or a ciphertext.
const contract = loadContract();
const cluster = testCluster(5, 'generators/import-share-sets');
const listSigners = { clusters: [{ clusterId: 'cluster-1', signers: cluster.signers }] };
const sorted = sortSignersById(cluster.signers);
const THRESHOLD = 3;
const anvil = knownKey('anvil-0-ecdsa');

function draw(label: ImportShareSetLabel, key: KnownKey = anvil, seed = 1): ImportShareSet {
  return fc.sample(importShareSetArbitrary(listSigners, key, { labels: [label] }), { numRuns: 1, seed })[0]!;
}

interface Opened {
  readonly signerId: string;
  /** 1-based share index: the signer's place in the sorted cluster (0 for a signer outside it). */
  readonly index: number;
  readonly plaintext?: Uint8Array;
}

function open(set: ImportShareSet): Opened[] {
  return set.body.encryptedKeyShares.map(({ signerId, encryptedKeyShare }) => {
    const index = sorted.findIndex((s) => s.signerId === signerId) + 1;
    if (index === 0) return { signerId, index };
    try {
      return {
        signerId,
        index,
        plaintext: decryptShare(cluster.decryptionKeyOf(signerId), parseBase64(encryptedKeyShare, 'share')),
      };
    } catch {
      return { signerId, index };
    }
  });
}

function parsed(curve: Curve, opened: Opened) {
  return parseImportPlaintext(opened.plaintext!, curve.name);
}

/** The public key the first `count` decrypted shares determine. */
function publicKeyFrom(set: ImportShareSet, count: number): string {
  const curve = curveByName(set.body.curve);
  const shares = open(set)
    .slice(0, count)
    .map((o) => ({ index: BigInt(o.index), value: parsed(curve, o).secretShare }));
  return expectedPublicKey(curve.name, interpolateScalar(curve, shares));
}

describe('importShareSetArbitrary: well-formed', () => {
  it.each(loadKnownKeys().map((key) => [key.id, key] as const))(
    '%s: every share opens and three of them rebuild the key',
    (_, key) => {
      const set = draw('well-formed', key);
      const opened = open(set);
      expect(opened.every((o) => o.plaintext !== undefined)).toBe(true);
      expect(opened.map((o) => o.index).sort()).toEqual([1, 2, 3, 4, 5]);
      expect(set.publicKey === key.publicKey).toBe(true);
      expect(publicKeyFrom(set, THRESHOLD) === key.publicKey).toBe(true);
      expect(validateRequestBody(contract, contract.operation('ImportKey'), set.body)).toEqual([]);
      expect(set.body.minSigners).toBe(THRESHOLD);
      expect(set.body.protocol).toBe(key.protocol);
    },
  );

  it('replays: the same seed gives the same body', () => {
    expect(
      JSON.stringify(draw('well-formed', anvil, 7)) === JSON.stringify(draw('well-formed', anvil, 7)),
    ).toBe(true);
  });
});

describe('importShareSetArbitrary: subtly broken sets, each showing its defect', () => {
  const curve = curveByName(anvil.curve);
  const onCurve = (o: Opened) => {
    const p = parsed(curve, o);
    return curve.multiplyBase(p.secretShare).equals(p.publicShares[o.index - 1]!);
  };

  it('inconsistent-share: exactly one share disagrees with its public share', () => {
    expect(open(draw('inconsistent-share')).filter((o) => !onCurve(o)).length).toBe(1);
  });

  it.each(['encrypted-to-wrong-signer', 'corrupt-ciphertext'] as const)(
    '%s: exactly one share does not open for its signer',
    (label) => {
      const opened = open(draw(label));
      expect(opened.filter((o) => o.plaintext === undefined).length).toBe(1);
      expect(opened.length).toBe(5);
    },
  );

  it('missing-signer: one entry fewer, all for distinct signers of the cluster', () => {
    const opened = open(draw('missing-signer'));
    expect(opened.length).toBe(4);
    expect(new Set(opened.map((o) => o.index)).size).toBe(4);
    expect(opened.every((o) => o.index > 0)).toBe(true);
  });

  it('duplicated-signer: one entry more, one signer twice', () => {
    const ids = draw('duplicated-signer').body.encryptedKeyShares.map((e) => e.signerId);
    expect(ids.length).toBe(6);
    expect(new Set(ids).size).toBe(5);
  });

  it('unknown-signer: one entry more, for a signer the cluster does not have', () => {
    const opened = open(draw('unknown-signer'));
    expect(opened.length).toBe(6);
    expect(opened.filter((o) => o.index === 0).length).toBe(1);
  });

  it('wrong-threshold: minSigners shares give another key, one more gives the right one', () => {
    const set = draw('wrong-threshold');
    expect(publicKeyFrom(set, THRESHOLD) === anvil.publicKey).toBe(false);
    expect(publicKeyFrom(set, THRESHOLD + 1) === anvil.publicKey).toBe(true);
  });

  it('min-signers-zero: minSigners 0, which the schema refuses', () => {
    const set = draw('min-signers-zero');
    expect(set.body.minSigners).toBe(0);
    expect(set.schemaValid).toBe(false);
    expect(
      validateRequestBody(contract, contract.operation('ImportKey'), set.body).map((v) => v.pointer),
    ).toEqual(['#/components/schemas/ImportKeyBody/properties/minSigners/exclusiveMinimum']);
  });

  it('min-signers-above-count: minSigners is the signer count plus one, the shares are sound', () => {
    const set = draw('min-signers-above-count');
    expect(set.body.minSigners).toBe(6);
    expect(publicKeyFrom(set, THRESHOLD) === anvil.publicKey).toBe(true);
  });

  it.each(loadKnownKeys().map((key) => [key.id, key] as const))(
    'protocol-curve-mismatch (%s): a protocol that does not run on the curve',
    (_, key) => {
      const set = draw('protocol-curve-mismatch', key);
      expect(PROTOCOL_CURVES[set.body.protocol]?.includes(key.curve)).toBe(false);
    },
  );

  it('zero-secret: the shares are consistent and rebuild the scalar 0', () => {
    const set = draw('zero-secret');
    const opened = open(set);
    expect(opened.every(onCurve)).toBe(true);
    const shares = opened
      .slice(0, THRESHOLD)
      .map((o) => ({ index: BigInt(o.index), value: parsed(curve, o).secretShare }));
    expect(interpolateScalar(curve, shares) === 0n).toBe(true);
  });

  it('share-out-of-range: one share is encoded as itself plus the order, the others parse', () => {
    const opened = open(draw('share-out-of-range'));
    const refused = opened.filter((o) => {
      try {
        parsed(curve, o);
        return false;
      } catch (error) {
        return (error as { code?: string }).code === 'scalar-out-of-range';
      }
    });
    expect(refused.length).toBe(1);
    const text = JSON.parse(new TextDecoder().decode(refused[0]!.plaintext)) as {
      secret_share: { scalar: string };
      public_shares: { point: string }[];
    };
    const raw = BigInt(`0x${text.secret_share.scalar}`);
    const publicShare = curve.pointFromBytes(hexToBytes(text.public_shares[refused[0]!.index - 1]!.point));
    expect(raw >= curve.order).toBe(true);
    expect(curve.multiplyBase(raw - curve.order).equals(publicShare)).toBe(true);
  });

  it.each(BROKEN_IMPORT_LABELS.filter((l) => l !== 'min-signers-zero'))(
    '%s: passes the schema (the defect is semantic)',
    (label) => {
      const set = draw(label);
      expect(set.schemaValid).toBe(true);
      expect(validateRequestBody(contract, contract.operation('ImportKey'), set.body)).toEqual([]);
      expect(set.label).toBe(label);
      expect(set.description.length).toBeGreaterThan(0);
      expect(set.publicKey).toBeUndefined();
    },
  );
});

describe('importShareSetArbitrary: bad input', () => {
  it.each([
    [null, /expected \{"clusters": \[\.\.\.\]\}/],
    [{ clusters: [] }, /at least one cluster/],
    [{ clusters: [{ clusterId: 'c', signers: [] }] }, /clusters\[0\]\.signers must be a non-empty array/],
    [
      { clusters: [{ clusterId: 'c', signers: [{ signerId: 'x' }] }] },
      /clusters\[0\]\.signers\[0\]\.encryptionKey must be a non-empty string/,
    ],
  ])('names what is wrong with the ListSigners response %j', (response, message) => {
    expect(() => signersFromListSigners(response)).toThrow(GeneratorError);
    expect(() => signersFromListSigners(response)).toThrow(message);
  });

  it('finds a named cluster and names a missing one', () => {
    expect(signersFromListSigners(listSigners, 'cluster-1')).toHaveLength(5);
    expect(() => signersFromListSigners(listSigners, 'nope')).toThrow(/no cluster "nope"/);
  });

  it.each([0, 6, 2.5])('refuses minSigners %s for five signers', (minSigners) => {
    expect(() => importShareSetArbitrary(listSigners, anvil, { minSigners })).toThrow(
      /minSigners must be in 1\.\.5/,
    );
  });

  it('leaves out the sets a threshold of 1 cannot build, and refuses them when asked', () => {
    const labels = new Set(
      fc
        .sample(importShareSetArbitrary(listSigners, anvil, { minSigners: 1 }), { numRuns: 40, seed: 2 })
        .map((s) => s.label),
    );
    expect(labels.has('zero-secret') || labels.has('share-out-of-range')).toBe(false);
    expect(() =>
      importShareSetArbitrary(listSigners, anvil, { minSigners: 1, labels: ['zero-secret'] }),
    ).toThrow(/needs minSigners of at least 2/);
  });
});
