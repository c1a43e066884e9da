import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { parseMerkleRoot, taprootTweak, taprootTweakSecret } from '../../src/crypto/taproot.ts';
import { describeWithVectors, readVectorJson } from './vectors.ts';

interface Bip341Vectors {
  readonly scriptPubKey: readonly {
    readonly given: { readonly internalPubkey: string };
    readonly intermediary: {
      readonly merkleRoot: string | null;
      readonly tweak: string;
      readonly tweakedPubkey: string;
    };
    readonly expected: { readonly scriptPathControlBlocks?: readonly string[] };
  }[];
  readonly keyPathSpending: readonly {
    readonly inputSpending: readonly {
      readonly given: { readonly internalPrivkey: string; readonly merkleRoot: string | null };
      readonly intermediary: {
        readonly internalPubkey: string;
        readonly tweak: string;
        readonly tweakedPrivkey: string;
      };
    }[];
  }[];
}

const BIP341 = readVectorJson('bip341/wallet-test-vectors.json') as Bip341Vectors | undefined;
const root = (hex: string | null) => (hex === null ? undefined : hexToBytes(hex));

describeWithVectors('BIP-341 wallet-test-vectors.json', BIP341, (v) => {
  describe(`scriptPubKey: ${v.scriptPubKey.length} internal keys`, () => {
    it.each(v.scriptPubKey.map((c, i) => [i, c] as const))('vector %i: tweak and output key', (_, c) => {
      const t = taprootTweak(hexToBytes(c.given.internalPubkey), root(c.intermediary.merkleRoot));
      expect([t.tweak.toString(16).padStart(64, '0'), bytesToHex(t.outputKeyX)]).toEqual([
        c.intermediary.tweak,
        c.intermediary.tweakedPubkey,
      ]);
    });
  });

  const withTree = v.scriptPubKey.flatMap((c, i) =>
    c.expected.scriptPathControlBlocks === undefined ? [] : [[i, c] as const],
  );
  describe(`scriptPathControlBlocks: ${withTree.length} script trees`, () => {
    // A control block's first byte is leafVersion | parity of Q's y (BIP-341).
    it.each(withTree)('vector %i: outputParity is the control block parity bit', (_, c) => {
      const t = taprootTweak(hexToBytes(c.given.internalPubkey), root(c.intermediary.merkleRoot));
      for (const block of c.expected.scriptPathControlBlocks!)
        expect(t.outputParity).toBe(hexToBytes(block)[0]! & 1);
    });
  });

  const inputs = v.keyPathSpending.flatMap((k) => k.inputSpending);
  describe(`keyPathSpending: ${inputs.length} inputs`, () => {
    it.each(inputs.map((c, i) => [i, c] as const))('input %i: tweaked secret key', (_, c) => {
      const secret = BigInt(`0x${c.given.internalPrivkey}`);
      expect(taprootTweakSecret(secret, root(c.given.merkleRoot)).toString(16).padStart(64, '0')).toBe(
        c.intermediary.tweakedPrivkey,
      );
    });

    it.each(inputs.map((c, i) => [i, c] as const))(
      'input %i: tweak from the compressed public key',
      (_, c) => {
        const pub = secp256k1.getPublicKey(hexToBytes(c.given.internalPrivkey), true);
        expect(taprootTweak(pub, root(c.given.merkleRoot)).tweak.toString(16).padStart(64, '0')).toBe(
          c.intermediary.tweak,
        );
      },
    );
  });
});

describe('taproot tweak', () => {
  const anvil0 = hexToBytes('038318535b54105d4a7aae60c08fc45f9687181b4fdfc625bd1a753fa7397fed75');

  it('anvil #0 with no script tree gives output key 67610ebf…c45e (key-crypto.md §8)', () => {
    expect(bytesToHex(taprootTweak(anvil0).outputKeyX)).toBe(
      '67610ebf467bd673d7f3aaac71b7354f24de69cbf9ac5b2c1b7b6fe60e2cc45e',
    );
  });

  it('only x(P) matters: both parities of the internal key give the same output key', () => {
    const other = anvil0.slice();
    other[0] = 0x02;
    expect(taprootTweak(other).outputKeyX).toEqual(taprootTweak(anvil0).outputKeyX);
  });

  it('the tweaked secret times G is the output key', () => {
    const secret = 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80n;
    const q = secp256k1.Point.BASE.multiply(taprootTweakSecret(secret));
    expect(bytesToHex(schnorr.utils.pointToBytes(q))).toBe(bytesToHex(taprootTweak(anvil0).outputKeyX));
  });
});

describe('parseMerkleRoot', () => {
  it.each([
    ['""', ''],
    ['"0x"', '0x'],
    ['0 raw bytes', new Uint8Array(0)],
  ])('%s means no script tree', (_, value) => {
    expect(parseMerkleRoot(value)).toBeUndefined();
  });

  it('accepts 64 hex digits with or without 0x', () => {
    expect(parseMerkleRoot(`0x${'ab'.repeat(32)}`)).toEqual(parseMerkleRoot('AB'.repeat(32)));
  });

  it.each([
    ['31 bytes', 'ab'.repeat(31), /taprootMerkleRoot must be "" or 64 hex digits \(32 bytes\), got 31 bytes/],
    ['non-hex', 'zz'.repeat(32), /taprootMerkleRoot must contain only hex digits/],
    ['a number', 5, /taprootMerkleRoot must be a hex string, got number/],
    ['16 raw bytes', new Uint8Array(16), /taprootMerkleRoot must be 0 or 32 bytes, got 16/],
  ])('rejects %s', (_, value, message) => {
    expect(() => parseMerkleRoot(value)).toThrow(message);
  });

  it('taprootTweak rejects a merkle root of 16 bytes (0 or 32 only)', () => {
    const key = secp256k1.getPublicKey(new Uint8Array(32).fill(1), true);
    expect(() => taprootTweak(key, new Uint8Array(16))).toThrow(/merkle root must be 0 or 32 bytes, got 16/);
  });

  it('rejects an internal key of the wrong length', () => {
    expect(() => taprootTweak(new Uint8Array(31))).toThrow(
      /internal key must be 32 \(x-only\) or 33 \(compressed\) bytes, got 31/,
    );
  });
});
