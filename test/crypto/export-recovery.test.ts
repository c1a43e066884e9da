import { inspect } from 'node:util';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { base64 } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { curveByName, type CurveName } from '../../src/crypto/curves.ts';
import { encryptShare } from '../../src/crypto/ecies.ts';
import {
  generateExportKeyPair,
  recoverExportedKey,
  type ExportRecovery,
} from '../../src/crypto/export-recovery.ts';
import { expectedPublicKey } from '../../src/crypto/public-key.ts';
import { sharesFromPolynomial, type Share } from '../../src/crypto/shamir.ts';
import { encodeExportPlaintext } from '../../src/crypto/share-codec.ts';
import { testCluster } from './cluster.ts';

const client = generateExportKeyPair();
const cluster = testCluster(5, 'export');
const SECRET = 0xe4fd52ad095af0291e9e3a228e55c4efd307ec7861cf22e3542f2330d981d534n;

interface ExportOptions {
  readonly curve?: CurveName;
  readonly secret?: bigint;
  readonly polynomial?: readonly bigint[];
  readonly indexes?: readonly bigint[];
  readonly minSigners?: number;
  readonly publicKey?: string;
  /** Rewrite one share (by position) before encryption. */
  readonly tamper?: (shares: Share[]) => void;
  readonly plaintextOf?: (position: number, share: Share) => Uint8Array | undefined;
}

/** An export response as a conformant target builds it (key-crypto.md §5), with hooks to break it. */
function exportResponse(options: ExportOptions = {}) {
  const curve = curveByName(options.curve ?? 'secp256k1');
  const secret = options.secret ?? SECRET;
  const polynomial = options.polynomial ?? [secret, 17n, 19n];
  const shares = sharesFromPolynomial(curve, polynomial, options.indexes ?? [1n, 2n, 3n, 4n, 5n]);
  options.tamper?.(shares);
  return {
    publicKey: options.publicKey ?? expectedPublicKey(curve.name, secret),
    protocol: curve.name === 'ed25519' ? 'FROST' : 'CGGMP24',
    curve: curve.name,
    minSigners: options.minSigners ?? 3,
    encryptedKeyShares: shares.map((share, i) => ({
      signerId: cluster.signers[i]!.signerId,
      encryptedKeyShare: base64.encode(
        encryptShare(
          client.encryptionKeyWire,
          options.plaintextOf?.(i, share) ?? encodeExportPlaintext(curve, share.index, share.value),
        ),
      ),
    })),
  };
}

const failureCodes = (r: ExportRecovery) => r.failures.map((f) => f.code);

describe('recoverExportedKey on a conformant export', () => {
  it.each(['secp256k1', 'stark', 'ed25519'] as const)('%s: recovers the key with no failures', (curve) => {
    const secret = curve === 'secp256k1' ? SECRET : 123456789n;
    const r = recoverExportedKey(exportResponse({ curve, secret }), client.decryptionKey, {
      expectedCurve: curve,
    });
    expect([r.ok, failureCodes(r), r.secret?.reveal().scalar]).toEqual([true, [], secret]);
  });

  it('returns the secret as 32 bytes big-endian', () => {
    const r = recoverExportedKey(exportResponse(), client.decryptionKey);
    expect(bytesToHex(r.secret!.reveal().bytes)).toBe(
      'e4fd52ad095af0291e9e3a228e55c4efd307ec7861cf22e3542f2330d981d534',
    );
  });

  it('a small key comes back with leading zeros', () => {
    const r = recoverExportedKey(exportResponse({ secret: 5n }), client.decryptionKey);
    expect(bytesToHex(r.secret!.reveal().bytes)).toBe(`${'00'.repeat(31)}05`);
  });

  it('uses each share’s own index, not its position (arbitrary indexes, any order)', () => {
    const r = recoverExportedKey(exportResponse({ indexes: [9n, 3n, 1000n, 7n, 2n] }), client.decryptionKey);
    expect([r.ok, r.shares.map((s) => s.index)]).toEqual([true, [9n, 3n, 1000n, 7n, 2n]]);
  });

  it('checks every t-subset: C(5,3) = 10, all agreeing', () => {
    const r = recoverExportedKey(exportResponse(), client.decryptionKey);
    expect([r.subsetsTotal, r.subsets.length, r.subsets.every((s) => s.agrees)]).toEqual([10, 10, true]);
  });

  it('caps the subsets checked at maxSubsets but reports the total', () => {
    const r = recoverExportedKey(exportResponse(), client.decryptionKey, { maxSubsets: 4 });
    expect([r.subsetsTotal, r.subsets.length]).toEqual([10, 4]);
  });

  it('works with exactly t shares (a single subset)', () => {
    const r = recoverExportedKey(exportResponse({ indexes: [1n, 2n, 3n] }), client.decryptionKey);
    expect([r.ok, r.subsets.length]).toEqual([true, 1]);
  });

  it('reports plaintext fields beyond the known ones without failing', () => {
    const curve = curveByName('secp256k1');
    const r = recoverExportedKey(
      exportResponse({
        plaintextOf: (i, share) =>
          i === 0
            ? utf8ToBytes(
                new TextDecoder()
                  .decode(encodeExportPlaintext(curve, share.index, share.value))
                  .replace(/}$/, ',"chain_code":"00"}'),
              )
            : undefined,
      }),
      client.decryptionKey,
    );
    expect([r.ok, r.shares[0]!.extraFields]).toEqual([true, ['chain_code']]);
  });

  it('never prints the secret when the result is inspected or serialised', () => {
    const r = recoverExportedKey(exportResponse(), client.decryptionKey);
    const text =
      inspect(r, { depth: 10 }) +
      JSON.stringify(r, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    expect(text).not.toMatch(/e4fd52ad|103574912392630098428/i);
  });
});

describe('recoverExportedKey on two swapped indexes', () => {
  const swapped = exportResponse({
    tamper: (s) => {
      const [first, second] = [s[0]!, s[1]!];
      s[0] = { index: second.index, value: first.value };
      s[1] = { index: first.index, value: second.value };
    },
  });
  const r = recoverExportedKey(swapped, client.decryptionKey);

  it('ExportKey: names the subsets that still rebuild the key behind publicKey', () => {
    const matching = r.subsets.filter((s) => s.matchesPublicKey === true).map((s) => s.indexes.join(','));
    expect(matching).toEqual(['3,4,5']);
  });

  it('ExportKey: says so in the failure, rather than only that subsets disagree with all five shares', () => {
    expect(r.failures.find((f) => f.code === 'subset-disagrees')?.message).toMatch(
      /^the shares do not lie on one polynomial of degree 2: \d+ of 10 3-subsets rebuild another secret than all 5 shares together; 1 rebuilds the key behind publicKey, e\.g\. indexes 0x3, 0x4, 0x5$/,
    );
  });
});

describe('recoverExportedKey names each fault', () => {
  it.each([
    [
      'a share off the polynomial',
      exportResponse({ tamper: (s) => (s[4] = { index: s[4]!.index, value: s[4]!.value + 1n }) }),
      ['subset-disagrees', 'public-key-mismatch'],
    ],
    [
      'shares of another key than publicKey',
      exportResponse({ publicKey: expectedPublicKey('secp256k1', 42n) }),
      ['public-key-mismatch'],
    ],
    [
      'a degree-3 polynomial for minSigners 3',
      exportResponse({ polynomial: [SECRET, 1n, 2n, 3n] }),
      ['subset-disagrees'],
    ],
    [
      'a duplicated index',
      exportResponse({ indexes: [1n, 2n, 3n, 4n, 5n], tamper: (s) => (s[4] = s[3]!) }),
      ['index-duplicate'],
    ],
    ['minSigners 1', exportResponse({ minSigners: 1 }), ['min-signers-invalid']],
    ['minSigners above the share count', exportResponse({ minSigners: 6 }), ['min-signers-invalid']],
    [
      'an uncompressed publicKey',
      exportResponse({ publicKey: uncompressedPublicKey() }),
      ['public-key-invalid'],
    ],
    [
      'a publicKey that is not a point',
      exportResponse({ publicKey: `02${'ff'.repeat(32)}` }),
      ['public-key-invalid'],
    ],
    [
      'a plaintext of another curve',
      exportResponse({
        plaintextOf: (i, share) =>
          i === 2 ? encodeExportPlaintext(curveByName('stark'), share.index, 1n) : undefined,
      }),
      ['share-plaintext-invalid'],
    ],
  ])('%s', (_, response, expected) => {
    expect(failureCodes(recoverExportedKey(response, client.decryptionKey))).toEqual(expected);
  });

  it('a share encrypted to another key: share-decrypt-failed for that signer only', () => {
    const response = exportResponse();
    const other = generateExportKeyPair();
    const entries = [...response.encryptedKeyShares];
    entries[1] = {
      ...entries[1]!,
      encryptedKeyShare: base64.encode(encryptShare(other.encryptionKeyWire, utf8ToBytes('{}'))),
    };
    const r = recoverExportedKey({ ...response, encryptedKeyShares: entries }, client.decryptionKey);
    expect([
      r.failures.map((f) => [f.code, f.signerId]),
      r.ok,
      r.shares.filter((s) => s.used).length,
    ]).toEqual([[['share-decrypt-failed', entries[1].signerId]], false, 4]);
  });

  it('a share that is not base64: share-not-base64', () => {
    const response = exportResponse();
    const entries = response.encryptedKeyShares.map((e, i) =>
      i === 0 ? { ...e, encryptedKeyShare: '***' } : e,
    );
    expect(
      failureCodes(recoverExportedKey({ ...response, encryptedKeyShares: entries }, client.decryptionKey)),
    ).toEqual(['share-not-base64']);
  });

  it('two shares for one signerId: signer-id-duplicate', () => {
    const response = exportResponse();
    const entries = response.encryptedKeyShares.map((e, i) =>
      i === 1 ? { ...e, signerId: response.encryptedKeyShares[0]!.signerId } : e,
    );
    expect(
      failureCodes(recoverExportedKey({ ...response, encryptedKeyShares: entries }, client.decryptionKey)),
    ).toEqual(['signer-id-duplicate']);
  });

  it('a response curve other than the exported key’s: curve-mismatch', () => {
    const r = recoverExportedKey({ ...exportResponse(), curve: 'stark' }, client.decryptionKey, {
      expectedCurve: 'secp256k1',
    });
    expect(failureCodes(r)).toEqual(['curve-mismatch']);
  });

  it('an unknown curve: curve-unknown, and nothing else is attempted', () => {
    expect(
      failureCodes(recoverExportedKey({ ...exportResponse(), curve: 'p256' }, client.decryptionKey)),
    ).toEqual(['curve-unknown']);
  });

  it('no decryptable share: no-shares and no secret', () => {
    const r = recoverExportedKey(exportResponse(), generateExportKeyPair().decryptionKey);
    expect([failureCodes(r).at(-1), r.secret]).toEqual(['no-shares', undefined]);
  });

  it.each([
    ['not an object', 'shares', /the export response must be an object, got string/],
    ['minSigners missing', { encryptedKeyShares: [] }, /minSigners must be a number, got undefined/],
    [
      'encryptedKeyShares not an array',
      { minSigners: 3, encryptedKeyShares: {} },
      /encryptedKeyShares must be an array, got object/,
    ],
    [
      'an entry without signerId',
      { minSigners: 3, encryptedKeyShares: [{ encryptedKeyShare: 'AA==' }] },
      /encryptedKeyShares\[0\] must have string signerId/,
    ],
  ])('a malformed response (%s): response-malformed with the reason', (_, response, message) => {
    const r = recoverExportedKey(response, client.decryptionKey);
    expect([failureCodes(r), r.failures[0]!.message]).toEqual([
      ['response-malformed'],
      expect.stringMatching(message),
    ]);
  });
});

function uncompressedPublicKey(): string {
  const curve = curveByName('secp256k1');
  return bytesToHex(curve.encodePoint(curve.multiplyBase(SECRET), 'uncompressed'));
}
