import { bytesToNumberBE, bytesToNumberLE, numberToBytesBE } from '@noble/curves/utils.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { base64 } from '@scure/base';
import { describe, expect, it } from 'vitest';
import {
  exportReconstructsImportedKey,
  exportSharesConsistent,
  type ExportExpectation,
} from '../../../src/checks/crypto/index.ts';
import type { Exchange } from '../../../src/client/exchange.ts';
import { curveByName, type CurveName } from '../../../src/crypto/curves.ts';
import { encryptShare } from '../../../src/crypto/ecies.ts';
import { generateExportKeyPair } from '../../../src/crypto/export-recovery.ts';
import { expectedPublicKey } from '../../../src/crypto/public-key.ts';
import { redact } from '../../../src/crypto/redacted.ts';
import { sharesFromPolynomial, type Share } from '../../../src/crypto/shamir.ts';
import { encodeExportPlaintext } from '../../../src/crypto/share-codec.ts';
import { taprootTweakSecret } from '../../../src/crypto/taproot.ts';
import { answer, verdictOf } from '../exchanges.ts';
import { ANVIL, RFC8032, TAPROOT } from './keys.ts';

/**
 * export_shares_consistent and export_reconstructs_imported_key on crafted ExportKey answers: a conformant
 * one, and one per way an export can go wrong (the reference's export faults among them).
 */
const client = generateExportKeyPair();
const otherClient = generateExportKeyPair();
const SIGNERS = ['AQ==', 'Ag==', 'Aw==', 'BA==', 'BQ=='];

interface Crafted {
  readonly curve?: CurveName;
  readonly secret?: bigint;
  /** The scalar the shares actually encode (default: the secret). */
  readonly shared?: bigint;
  readonly indexes?: readonly bigint[];
  readonly tamper?: (shares: Share[]) => void;
  readonly encryptTo?: (position: number) => string;
  readonly plaintextOf?: (share: Share) => Uint8Array;
}

function exportAnswer(options: Crafted = {}): Exchange {
  const curve = curveByName(options.curve ?? 'secp256k1');
  const secret = options.secret ?? ANVIL.secret;
  const shared = options.shared ?? secret;
  const shares = sharesFromPolynomial(curve, [shared, 17n, 19n], options.indexes ?? [1n, 2n, 3n, 4n, 5n]);
  options.tamper?.(shares);
  return answer('ExportKey', 200, {
    publicKey: expectedPublicKey(curve.name, secret),
    protocol: curve.name === 'ed25519' ? 'FROST' : 'CGGMP24',
    curve: curve.name,
    minSigners: 3,
    encryptedKeyShares: shares.map((share, i) => ({
      signerId: SIGNERS[i]!,
      encryptedKeyShare: base64.encode(
        encryptShare(
          options.encryptTo?.(i) ?? client.encryptionKeyWire,
          options.plaintextOf?.(share) ?? encodeExportPlaintext(curve, share.index, share.value),
        ),
      ),
    })),
  });
}

function expectation(fields: Partial<ExportExpectation> = {}): ExportExpectation {
  return {
    keyId: 'key-test',
    scheme: 'ECDSA',
    curve: 'secp256k1',
    decryptionKey: redact(client.decryptionKey),
    publicKey: ANVIL.fixture.publicKey,
    secret: redact(ANVIL.secret),
    knownKeyId: ANVIL.fixture.id,
    ...fields,
  };
}

const problems = (result: ReturnType<typeof verdictOf>) =>
  result === 'not-applicable' ? 'not-applicable' : result.map((f) => f.evidence?.problem);

const swapIndexes = (shares: Share[]) => {
  const [a, b] = [shares[0]!, shares[1]!];
  shares[0] = { index: b.index, value: a.value };
  shares[1] = { index: a.index, value: b.value };
};

describe('export_shares_consistent', () => {
  it('passes a conformant export', () => {
    expect(verdictOf(exportSharesConsistent, exportAnswer(), expectation())).toEqual([]);
  });

  it('passes shares at arbitrary indexes (created keys need not use 1..n)', () => {
    const indexes = [0x1234n, 0xbeefn, 7n, 0xabcdefn, 99n];
    expect(verdictOf(exportSharesConsistent, exportAnswer({ indexes }), expectation())).toEqual([]);
  });

  it.each([
    [
      'every share + 1 (a different key)',
      {
        tamper: (s: Share[]) => {
          s.forEach((x, i) => (s[i] = { ...x, value: x.value + 1n }));
        },
      },
      ['public-key-mismatch'],
    ],
    ['two indexes swapped', { tamper: swapIndexes }, ['subset-disagrees', 'public-key-mismatch']],
    [
      'a share encrypted to another key',
      { encryptTo: (i: number) => (i === 2 ? otherClient.encryptionKeyWire : client.encryptionKeyWire) },
      ['share-decrypt-failed'],
    ],
    ['a repeated index', { tamper: (s: Share[]) => (s[4] = s[3]!) }, ['index-duplicate']],
  ] as const)('fails %s', (_what, crafted, codes) => {
    expect(problems(verdictOf(exportSharesConsistent, exportAnswer(crafted), expectation()))).toEqual(codes);
  });

  it('cites ExportKeyResponse.publicKey when the shares rebuild another key', () => {
    const plusOne = (s: Share[]) => {
      s.forEach((x, i) => (s[i] = { ...x, value: x.value + 1n }));
    };
    const result = verdictOf(exportSharesConsistent, exportAnswer({ tamper: plusOne }), expectation());
    if (result === 'not-applicable') throw new Error('expected a verdict');
    expect(result.map((f) => f.pointer)).toEqual([
      '#/components/schemas/ExportKeyResponse/properties/publicKey',
    ]);
  });

  it('cites ExportKeyResponse.curve when the answer names another curve than the key', () => {
    const result = verdictOf(exportSharesConsistent, exportAnswer(), expectation({ curve: 'stark' }));
    if (result === 'not-applicable') throw new Error('expected a verdict');
    expect(result.find((f) => f.evidence?.problem === 'curve-mismatch')?.pointer).toBe(
      '#/components/schemas/ExportKeyResponse/properties/curve',
    );
  });

  it('judges the exchange with the decryption key of the expectation it is given, not one it saw before', () => {
    const exchange = exportAnswer();
    expect(verdictOf(exportSharesConsistent, exchange, expectation())).toEqual([]);
    const other = expectation({ decryptionKey: redact(otherClient.decryptionKey) });
    expect(problems(verdictOf(exportSharesConsistent, exchange, other))).toContain('share-decrypt-failed');
  });

  it('gives the subset count and both public keys as evidence of a swap', () => {
    const result = verdictOf(exportSharesConsistent, exportAnswer({ tamper: swapIndexes }), expectation());
    if (result === 'not-applicable') throw new Error('expected a verdict');
    expect(result[0]?.evidence).toMatchObject({
      keyId: 'key-test',
      subsetsChecked: 10,
      responsePublicKey: ANVIL.fixture.publicKey,
      equation: expect.stringContaining('every subset') as unknown,
    });
  });

  it('passes plaintexts byte-identical to the serde form when asked to compare them', () => {
    expect(verdictOf(exportSharesConsistent, exportAnswer(), expectation({ exactPlaintexts: true }))).toEqual(
      [],
    );
  });

  const canonicalJson = (share: Share) =>
    JSON.parse(
      new TextDecoder().decode(encodeExportPlaintext(curveByName('secp256k1'), share.index, share.value)),
    ) as Record<string, unknown>;

  it.each([
    [
      'fields in another order (same length)',
      (share: Share) => {
        const { version, index, secret_share } = canonicalJson(share);
        return utf8ToBytes(JSON.stringify({ secret_share, index, version }));
      },
      2,
    ],
    ['a leading space', (share: Share) => utf8ToBytes(` ${JSON.stringify(canonicalJson(share))}`), 0],
  ])('reports a plaintext with %s, and where it departs', (_what, plaintextOf, at) => {
    const result = verdictOf(
      exportSharesConsistent,
      exportAnswer({ plaintextOf }),
      expectation({ exactPlaintexts: true }),
    );
    if (result === 'not-applicable') throw new Error('expected a verdict');
    expect(result).toHaveLength(5);
    expect(result[0]?.evidence).toMatchObject({ firstDifferenceAt: at });
  });

  it('does not compare plaintexts unless asked (exactPlaintexts)', () => {
    const spaced = (share: Share) => utf8ToBytes(` ${JSON.stringify(canonicalJson(share))}`);
    expect(verdictOf(exportSharesConsistent, exportAnswer({ plaintextOf: spaced }), expectation())).toEqual(
      [],
    );
  });

  it('reports a plaintext with other whitespace at low severity, with lengths only', () => {
    const pretty = (share: Share) => {
      const canonical = JSON.parse(
        new TextDecoder().decode(encodeExportPlaintext(curveByName('secp256k1'), share.index, share.value)),
      ) as unknown;
      return utf8ToBytes(JSON.stringify(canonical, null, 1));
    };
    const result = verdictOf(
      exportSharesConsistent,
      exportAnswer({ plaintextOf: pretty }),
      expectation({ exactPlaintexts: true }),
    );
    if (result === 'not-applicable') throw new Error('expected a verdict');
    expect(result).toHaveLength(5);
    expect(result.every((f) => f.severity === 'low')).toBe(true);
    expect(result[0]?.evidence).toMatchObject({ expectedLength: 232, firstDifferenceAt: 1 });
  });

  it('is not applicable to a refused export', () => {
    expect(
      verdictOf(
        exportSharesConsistent,
        answer('ExportKey', 400, { error: { message: 'no' } }),
        expectation(),
      ),
    ).toBe('not-applicable');
  });
});

describe('export_reconstructs_imported_key', () => {
  it.each([
    ['an imported secp256k1 key', {}, expectation()],
    [
      'a created key, judged by its publicKey',
      { indexes: [0x1234n, 0xbeefn, 7n, 0xabcdefn, 99n] },
      expectation({ secret: undefined }),
    ],
    [
      'RFC 8032 test 1 as its clamped scalar',
      { curve: 'ed25519', secret: RFC8032.secret },
      expectation({
        curve: 'ed25519',
        scheme: 'EdDSA',
        publicKey: RFC8032.fixture.publicKey,
        secret: redact(RFC8032.secret),
        knownKeyId: RFC8032.fixture.id,
      }),
    ],
  ] as const)('passes %s', (_what, crafted, expected) => {
    expect(verdictOf(exportReconstructsImportedKey, exportAnswer(crafted), expected)).toEqual([]);
  });

  const seed = hexToBytes(RFC8032.fixture.seed ?? '');
  const eddsa = expectation({
    curve: 'ed25519',
    scheme: 'EdDSA',
    publicKey: RFC8032.fixture.publicKey,
    secret: redact(RFC8032.secret),
    seed: redact(seed),
    knownKeyId: RFC8032.fixture.id,
  });
  const schnorr = expectation({
    scheme: 'Schnorr',
    publicKey: TAPROOT.fixture.publicKey,
    secret: redact(TAPROOT.secret),
  });

  it.each([
    ['shares of another key', { shared: ANVIL.secret + 1n }, expectation(), undefined],
    [
      'shares of the negated key',
      { shared: curveByName('secp256k1').order - ANVIL.secret },
      expectation(),
      'the negated secret',
    ],
    [
      'the seed instead of the ed25519 scalar',
      {
        curve: 'ed25519',
        secret: RFC8032.secret,
        shared: bytesToNumberBE(seed) % curveByName('ed25519').order,
      },
      eddsa,
      'the seed',
    ],
    [
      'the taproot-tweaked secret',
      { secret: TAPROOT.secret, shared: taprootTweakSecret(TAPROOT.secret) },
      schnorr,
      'taproot-tweaked',
    ],
    [
      'the ed25519 scalar in the wrong byte order',
      {
        curve: 'ed25519',
        secret: RFC8032.secret,
        shared: bytesToNumberLE(numberToBytesBE(RFC8032.secret, 32)) % curveByName('ed25519').order,
      },
      eddsa,
      'wrong byte order',
    ],
    [
      'a created key whose shares rebuild another key',
      { shared: 12345n },
      expectation({ secret: undefined }),
      undefined,
    ],
  ] as const)('fails %s', (_what, crafted, expected, relation) => {
    const result = verdictOf(exportReconstructsImportedKey, exportAnswer(crafted), expected);
    if (result === 'not-applicable') throw new Error('expected a verdict');
    expect(result).toHaveLength(1);
    expect(result[0]?.message).toContain('key-test');
    expect(result[0]?.evidence?.expectedPublicKey).toBe(expected.publicKey);
    expect(result[0]?.evidence?.reconstructedPublicKey).toMatch(/^[0-9a-f]{64,66}$/);
    if (relation !== undefined) expect(result[0]?.message).toContain(relation);
  });

  it('names a reconstruction of zero as the identity', () => {
    const result = verdictOf(exportReconstructsImportedKey, exportAnswer({ shared: 0n }), expectation());
    if (result === 'not-applicable') throw new Error('expected a verdict');
    expect(result[0]?.evidence?.reconstructedPublicKey).toBe('(identity: the scalar is zero)');
  });

  it('fails when no share can be opened', () => {
    const result = verdictOf(
      exportReconstructsImportedKey,
      exportAnswer({ encryptTo: () => otherClient.encryptionKeyWire }),
      expectation(),
    );
    if (result === 'not-applicable') throw new Error('expected a verdict');
    expect(result[0]?.message).toContain('no secret can be rebuilt');
  });
});

describe('export findings carry no secret', () => {
  const secrets = [
    bytesToHex(client.decryptionKey),
    ANVIL.secret.toString(16),
    (ANVIL.secret + 1n).toString(16),
    RFC8032.secret.toString(16),
    RFC8032.fixture.seed ?? '',
    taprootTweakSecret(TAPROOT.secret).toString(16),
  ];
  it.each([
    [
      'every share + 1',
      exportAnswer({
        tamper: (s: Share[]) => {
          s.forEach((x, i) => (s[i] = { ...x, value: x.value + 1n }));
        },
      }),
      expectation(),
    ],
    ['two indexes swapped', exportAnswer({ tamper: swapIndexes }), expectation({ exactPlaintexts: true })],
    [
      'the taproot-tweaked secret',
      exportAnswer({ secret: TAPROOT.secret, shared: taprootTweakSecret(TAPROOT.secret) }),
      expectation({
        scheme: 'Schnorr',
        publicKey: TAPROOT.fixture.publicKey,
        secret: redact(TAPROOT.secret),
      }),
    ],
  ] as const)('%s', (_what, exchange, expected) => {
    const text = JSON.stringify([
      verdictOf(exportSharesConsistent, exchange, expected),
      verdictOf(exportReconstructsImportedKey, exchange, expected),
    ]);
    expect(text.length).toBeGreaterThan(100);
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
