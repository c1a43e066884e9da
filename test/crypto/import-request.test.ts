import { inspect } from 'node:util';
import { hexToBytes } from '@noble/hashes/utils.js';
import { base64 } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { curveByName } from '../../src/crypto/curves.ts';
import { decryptShare } from '../../src/crypto/ecies.ts';
import { compareBytes } from '../../src/crypto/encoding.ts';
import {
  buildImportRequest,
  sortSignersById,
  type ImportRequestInput,
} from '../../src/crypto/import-request.ts';
import { interpolatePoint, publicSharesConsistent } from '../../src/crypto/shamir.ts';
import { parseImportPlaintext } from '../../src/crypto/share-codec.ts';
import { testCluster } from './cluster.ts';

const cluster = testCluster(5);
const ANVIL = hexToBytes('ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
const secp = curveByName('secp256k1');
const ANVIL_SCALAR = 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80n;
const input: ImportRequestInput = {
  secret: ANVIL,
  curve: 'secp256k1',
  protocol: 'CGGMP24',
  minSigners: 3,
  signers: cluster.signers,
};

/** What signer k (1-based, sorted order) sees for the entry with its id: the parsed plaintext, or the error. */
function signerView(body: ReturnType<typeof buildImportRequest>['body'], signerId: string) {
  const entry = body.encryptedKeyShares.find((e) => e.signerId === signerId)!;
  try {
    return parseImportPlaintext(
      decryptShare(cluster.decryptionKeyOf(signerId), base64.decode(entry.encryptedKeyShare)),
      body.curve,
    );
  } catch (error) {
    return error as Error;
  }
}

describe('buildImportRequest', () => {
  const built = buildImportRequest(input);

  it('lists entries in ascending order of the decoded signerId bytes', () => {
    const ids = built.body.encryptedKeyShares.map((e) => base64.decode(e.signerId));
    expect(ids.every((id, i) => i === 0 || compareBytes(ids[i - 1]!, id) < 0)).toBe(true);
  });

  it('the body carries curve, protocol and minSigners as given', () => {
    expect([
      built.body.curve,
      built.body.protocol,
      built.body.minSigners,
      built.body.encryptedKeyShares.length,
    ]).toEqual(['secp256k1', 'CGGMP24', 3, 5]);
  });

  it.each([1, 2, 3, 4, 5])('signer %i decrypts a share consistent with its public share', (k) => {
    const view = signerView(built.body, built.sortedSigners[k - 1]!.signerId);
    if (view instanceof Error) throw view;
    expect(secp.multiplyBase(view.secretShare).equals(view.publicShares[k - 1]!)).toBe(true);
  });

  it('the public shares lie on one degree-2 polynomial and interpolate to the publicKey', () => {
    expect(publicSharesConsistent(secp, built.publicShares, 3)).toBe(true);
    const point = interpolatePoint(
      secp,
      built.publicShares.map((point, i) => ({ index: BigInt(i + 1), point })),
    );
    expect(Buffer.from(secp.encodePoint(point, 'compressed')).toString('hex')).toBe(built.publicKey);
  });

  it('a secret shorter than 32 bytes is left-padded', () => {
    const short = buildImportRequest({ ...input, secret: new Uint8Array([1, 2, 3]) });
    expect(short.publicKey).toBe(buildImportRequest({ ...input, secret: 0x010203n }).publicKey);
  });

  it('an ed25519 seed is converted to its scalar; scalar form takes the bytes as the scalar', () => {
    const seed = hexToBytes('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
    const scalar = hexToBytes('0fe94d9006f020a5a3c080d96827fffce8852346655006e96ae99be612ac2c7c');
    const ed = { ...input, curve: 'ed25519' as const, protocol: 'FROST' };
    expect(buildImportRequest({ ...ed, secret: seed }).publicKey).toBe(
      'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    );
    expect(buildImportRequest({ ...ed, secret: scalar, ed25519SecretForm: 'scalar' }).publicKey).toBe(
      'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    );
  });

  it('keeps secrets out of JSON and string forms of the result', () => {
    const text = [
      JSON.stringify({ body: built.body, secrets: built.secrets }),
      String(built.secrets),
      inspect(built),
    ].join();
    expect(text).not.toMatch(
      /ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80|77814517325470205911/i,
    );
    expect(inspect(built.secrets)).toBe('[redacted]');
  });
});

describe('deliberate faults', () => {
  it('inconsistent-share: that signer sees a share that disagrees with its public share', () => {
    const built = buildImportRequest({ ...input, faults: [{ kind: 'inconsistent-share', index: 2 }] });
    const view = signerView(built.body, built.sortedSigners[1]!.signerId);
    if (view instanceof Error) throw view;
    expect(secp.multiplyBase(view.secretShare).equals(view.publicShares[1]!)).toBe(false);
  });

  it('encrypted-to-wrong-signer: that signer cannot decrypt; the next signer can', () => {
    const built = buildImportRequest({ ...input, faults: [{ kind: 'encrypted-to-wrong-signer', index: 5 }] });
    const fifth = built.body.encryptedKeyShares[4]!;
    expect(signerView(built.body, fifth.signerId)).toBeInstanceOf(Error);
    const first = built.sortedSigners[0]!.signerId;
    expect(decryptShare(cluster.decryptionKeyOf(first), base64.decode(fifth.encryptedKeyShare)).length).toBe(
      959,
    );
  });

  it('corrupt-ciphertext: decryption fails on the tag', () => {
    const built = buildImportRequest({ ...input, faults: [{ kind: 'corrupt-ciphertext', index: 1 }] });
    const view = signerView(built.body, built.sortedSigners[0]!.signerId);
    expect(view instanceof Error && view.message).toMatch(/authentication tag mismatch/);
  });

  it('omit-share: n-1 entries, without that signer', () => {
    const built = buildImportRequest({ ...input, faults: [{ kind: 'omit-share', index: 3 }] });
    const ids = built.body.encryptedKeyShares.map((e) => e.signerId);
    expect([ids.length, ids.includes(built.sortedSigners[2]!.signerId)]).toEqual([4, false]);
  });

  it('duplicate-share: n+1 entries, that signer twice', () => {
    const built = buildImportRequest({ ...input, faults: [{ kind: 'duplicate-share', index: 3 }] });
    const ids = built.body.encryptedKeyShares.map((e) => e.signerId);
    expect([ids.length, ids.filter((id) => id === built.sortedSigners[2]!.signerId).length]).toEqual([6, 2]);
  });

  it('reverse-order: same entries in descending id order', () => {
    const plain = buildImportRequest(input);
    const reversed = buildImportRequest({ ...input, faults: [{ kind: 'reverse-order' }] });
    expect(reversed.body.encryptedKeyShares.map((e) => e.signerId)).toEqual(
      plain.body.encryptedKeyShares.map((e) => e.signerId).reverse(),
    );
  });

  it('a chosen polynomial of degree t breaks the threshold the body claims', () => {
    const built = buildImportRequest({
      ...input,
      polynomial: [ANVIL_SCALAR, 1n, 2n, 3n],
    });
    expect(publicSharesConsistent(secp, built.publicShares, 3)).toBe(false);
  });

  it('an invalid minSigners is sent as is when the polynomial is explicit', () => {
    const built = buildImportRequest({ ...input, minSigners: 7, polynomial: [ANVIL_SCALAR, 5n] });
    expect(built.body.minSigners).toBe(7);
  });
});

describe('input errors', () => {
  it.each([
    [
      'minSigners above n without a polynomial',
      { minSigners: 6 },
      /minSigners 6 cannot be used to split among 5 signers \(expected 1..5\)/,
    ],
    ['a zero secret', { secret: new Uint8Array(32) }, /secret must not be zero/],
    ['a 33-byte secret', { secret: new Uint8Array(33).fill(1) }, /secret must be 1 to 32 bytes, got 33/],
    [
      'a secret above the order',
      { secret: new Uint8Array(32).fill(0xff) },
      /secret must be below the secp256k1 group order/,
    ],
    [
      'a polynomial whose f(0) is not the secret',
      { polynomial: [1n, 2n] },
      /polynomial\[0\] must equal the secret scalar/,
    ],
    [
      'a fault index out of range',
      { faults: [{ kind: 'omit-share', index: 6 }] },
      /fault omit-share index must be in \[1, 5\], got 6/,
    ],
    [
      'too few ephemeral secrets',
      { ephemeralSecrets: [new Uint8Array(32).fill(1)] },
      /ephemeralSecrets must have one entry per signer \(5\), got 1/,
    ],
    ['an unknown curve', { curve: 'p256' }, /curve must be one of secp256k1, stark, ed25519, got "p256"/],
    ['an empty signer list', { signers: [] }, /the signer list is empty/],
  ] as const)('rejects %s', (_, override, message) => {
    expect(() => buildImportRequest({ ...input, ...(override as Partial<ImportRequestInput>) })).toThrow(
      message,
    );
  });

  it('sortSignersById rejects a signerId that is not base64, naming the entry', () => {
    expect(() => sortSignersById([{ signerId: 'not base64!', encryptionKey: '' }])).toThrow(
      /signers\[0\].signerId must be standard base64 with padding/,
    );
  });

  it('sortSignersById rejects a duplicate signerId', () => {
    const s = cluster.signers[0]!;
    expect(() => sortSignersById([s, s])).toThrow(/appears more than once in the signer list/);
  });
});
