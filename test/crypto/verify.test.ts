import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import * as stark from '@scure/starknet';
import { describe, expect, it } from 'vitest';
import {
  signEcdsaSecp256k1,
  signEcdsaStark,
  signEd25519WithScalar,
  signSchnorrTaproot,
} from '../../src/crypto/sign.ts';
import { starkMessageFromHash } from '../../src/crypto/stark-message.ts';
import {
  verifyEcdsaSecp256k1,
  verifyEcdsaStark,
  verifyBip340,
  verifyEd25519,
  verifySchnorrTaproot,
} from '../../src/crypto/verify.ts';
import { expectedPublicKey } from '../../src/crypto/public-key.ts';
import { allPass } from '../../src/crypto/verdict.ts';

// Each verdict shown failing on a crafted signature and passing on a good one.
const D = 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80n;
const PUB = hexToBytes(expectedPublicKey('secp256k1', D));
const HASH = sha256(utf8ToBytes('keys-conformance'));
const n = secp256k1.Point.Fn.ORDER;
const good = signEcdsaSecp256k1(D, HASH);
const highS = { ...good, s: numberToBytesBE(n - bytesToNumberBE(good.s), 32) };
function liftable(x: bigint): boolean {
  try {
    secp256k1.Point.fromBytes(new Uint8Array([2, ...numberToBytesBE(x, 32)]));
    return true;
  } catch {
    return false;
  }
}

describe('verifyEcdsaSecp256k1 verdicts', () => {
  it('a signer output passes all three', () => {
    expect(allPass(verifyEcdsaSecp256k1(good, HASH, PUB))).toBe(true);
  });

  it('high-S verifies but fails lowS', () => {
    const v = verifyEcdsaSecp256k1({ ...highS, recid: good.recid === 0 ? 1 : 0 }, HASH, PUB);
    expect([v.verifies.ok, v.lowS.ok && 'low', v.recovery.ok]).toEqual([true, false, true]);
  });

  it('a flipped recid fails recovery only', () => {
    const v = verifyEcdsaSecp256k1({ ...good, recid: good.recid === 0 ? 1 : 0 }, HASH, PUB);
    expect([v.verifies.ok, v.lowS.ok, v.recovery.ok ? 'ok' : v.recovery.reason]).toEqual([
      true,
      true,
      'recid-wrong',
    ]);
  });

  it('a missing recid fails recovery with recid-missing', () => {
    const v = verifyEcdsaSecp256k1({ r: good.r, s: good.s }, HASH, PUB);
    expect(v.recovery.ok ? 'ok' : v.recovery.reason).toBe('recid-missing');
  });

  it('the signature of a prehashed hash (sha256 twice) fails the equation', () => {
    const prehashed = secp256k1.sign(HASH, numberToBytesBE(D, 32)); // noble's default prehash: sha256(HASH)
    const v = verifyEcdsaSecp256k1({ r: prehashed.subarray(0, 32), s: prehashed.subarray(32) }, HASH, PUB);
    expect(v.verifies.ok ? 'ok' : v.verifies.reason).toBe('equation-failed');
  });

  it('r = 0 fails with r-out-of-range', () => {
    const v = verifyEcdsaSecp256k1({ ...good, r: new Uint8Array(32) }, HASH, PUB);
    expect(v.verifies.ok ? 'ok' : v.verifies.reason).toBe('r-out-of-range');
  });

  it('s = n fails with s-out-of-range', () => {
    const v = verifyEcdsaSecp256k1({ ...good, s: numberToBytesBE(n, 32) }, HASH, PUB);
    expect(v.verifies.ok ? 'ok' : v.verifies.reason).toBe('s-out-of-range');
  });

  it('an invalid public key is named as such', () => {
    const v = verifyEcdsaSecp256k1(good, HASH, hexToBytes(`02${'ff'.repeat(32)}`));
    expect([v.verifies, v.recovery].map((x) => (x.ok ? 'ok' : x.reason))).toEqual([
      'public-key-invalid',
      'public-key-invalid',
    ]);
  });

  it('a recid whose R does not exist (recovery throws) fails recovery', () => {
    // The first r that is not the x of a point: recovering from it throws inside noble.
    let r = 1n;
    while (liftable(r)) r++;
    const v = verifyEcdsaSecp256k1({ ...good, r: numberToBytesBE(r, 32) }, HASH, PUB);
    expect(v.recovery.ok ? 'ok' : v.recovery.reason).toBe('recid-wrong');
  });

  it('refuses a hash that is not 32 bytes', () => {
    expect(() => verifyEcdsaSecp256k1(good, HASH.subarray(1), PUB)).toThrow(/hash must be 32 bytes, got 31/);
  });
});

describe('verifyEcdsaStark', () => {
  const d = 0x0178047d3869489c055d7ea54c014ffb834a069c9595186abe04ea4d1223a03fn;
  const pub = hexToBytes(expectedPublicKey('stark', d));
  const small = new Uint8Array(32).fill(0x07); // 0x0707… < 2^251
  const large = new Uint8Array(32).fill(0xee); // ≥ 2^251

  it('a signer output passes all three', () => {
    expect(allPass(verifyEcdsaStark(signEcdsaStark(d, small), small, pub))).toBe(true);
  });

  it('verifies with @scure/starknet directly (same message rule)', () => {
    const sig = signEcdsaStark(d, small);
    const scureSig = new stark.Signature(bytesToNumberBE(sig.r), bytesToNumberBE(sig.s));
    expect(
      stark.verify(scureSig, starkMessageFromHash(small), stark.getPublicKey(numberToBytesBE(d, 32))),
    ).toBe(true);
  });

  it('both hash rules agree below 2^251', () => {
    const sig = signEcdsaStark(d, small, 'reduce-mod-n');
    expect(verifyEcdsaStark(sig, small, pub, 'require-below-2^251').verifies.ok).toBe(true);
  });

  it('a hash at or above 2^251 is signed under reduce-mod-n', () => {
    expect(verifyEcdsaStark(signEcdsaStark(d, large), large, pub).verifies.ok).toBe(true);
  });

  it('a hash at or above 2^251 is out of range under require-below-2^251', () => {
    const v = verifyEcdsaStark(signEcdsaStark(d, large), large, pub, 'require-below-2^251');
    expect(v.verifies.ok ? 'ok' : v.verifies.reason).toBe('hash-out-of-range');
  });

  it('a signature of another hash fails the equation', () => {
    const v = verifyEcdsaStark(signEcdsaStark(d, small), new Uint8Array(32).fill(0x06), pub);
    expect(v.verifies.ok ? 'ok' : v.verifies.reason).toBe('equation-failed');
  });

  it.each([
    ['2^251', stark.MAX_VALUE],
    ['2^251 + 1', stark.MAX_VALUE + 1n],
  ])('r = %s (valid mod n, outside StarkWare ECDSA) is r-out-of-range', (_, r) => {
    const sig = signEcdsaStark(d, small);
    const v = verifyEcdsaStark({ ...sig, r: numberToBytesBE(r, 32) }, small, pub);
    expect(v.verifies.ok ? 'ok' : v.verifies.reason).toBe('r-out-of-range');
  });

  it('s whose inverse is at or above 2^251 (s = n − 1, its own inverse) is s-out-of-range', () => {
    const sig = signEcdsaStark(d, small);
    const v = verifyEcdsaStark({ ...sig, s: numberToBytesBE(stark.Point.Fn.ORDER - 1n, 32) }, small, pub);
    expect(v.verifies.ok ? 'ok' : v.verifies.reason).toBe('s-out-of-range');
  });

  it('starkMessageFromHash names why a hash cannot be a Stark message', () => {
    expect(() => starkMessageFromHash(large, 'require-below-2^251')).toThrow(/hash must be below 2\^251/);
  });
});

describe('verifyEd25519 verdicts', () => {
  const a = 0x0fe94d9006f020a5a3c080d96827fffce8852346655006e96ae99be612ac2c7cn;
  const pub = hexToBytes(expectedPublicKey('ed25519', a));
  const msg = utf8ToBytes('hello');
  const sig = signEd25519WithScalar(a, msg);

  it('a signer output passes both', () => {
    expect(allPass(verifyEd25519(sig, msg, pub))).toBe(true);
  });

  const L = 2n ** 252n + 27742317777372353535851937790883648493n;
  const plusL = (s: Uint8Array) => numberToBytesBE(bytesToNumberBE(s.slice().reverse()) + L, 32).reverse();

  it('S + L (malleated) fails sCanonical, and the strict verdict names S ≥ L, not the equation', () => {
    const v = verifyEd25519({ r: sig.r, s: plusL(sig.s) }, msg, pub);
    const reasons = [v.sCanonical, v.verifies].map((x) => (x.ok ? 'ok' : x.reason));
    expect(reasons).toEqual(['s-not-canonical', 's-not-canonical']);
  });

  it('S + 2L (still the equation with S mod L) is named s-not-canonical, not equation-failed', () => {
    const v = verifyEd25519({ r: sig.r, s: plusL(plusL(sig.s)) }, msg, pub);
    expect(v.verifies.ok ? 'ok' : v.verifies.reason).toBe('s-not-canonical');
  });

  it('S = L exactly fails sCanonical (S < L, not S ≤ L)', () => {
    const v = verifyEd25519({ r: sig.r, s: numberToBytesBE(L, 32).reverse() }, msg, pub);
    expect(v.sCanonical.ok ? 'ok' : v.sCanonical.reason).toBe('s-not-canonical');
  });

  it.each([
    ['R', { r: sig.r.subarray(1), s: sig.s }],
    ['S', { r: sig.r, s: sig.s.subarray(1) }],
  ])('%s of 31 bytes fails both verdicts with bad-length', (_, short) => {
    const v = verifyEd25519(short, msg, pub);
    expect([v.verifies, v.sCanonical].map((x) => (x.ok ? 'ok' : x.reason))).toEqual([
      'bad-length',
      'bad-length',
    ]);
  });

  it('S + L of a signature over another message fails the equation as well', () => {
    const other = signEd25519WithScalar(a, utf8ToBytes('goodbye'));
    const v = verifyEd25519({ r: other.r, s: plusL(other.s) }, msg, pub);
    expect(v.verifies.ok ? 'ok' : v.verifies.reason).toBe('equation-failed');
  });

  it('S in big-endian (the wrong byte order) fails the equation', () => {
    const v = verifyEd25519({ r: sig.r, s: sig.s.slice().reverse() }, msg, pub);
    expect(v.verifies.ok).toBe(false);
  });

  it('an invalid public key is named as such', () => {
    const v = verifyEd25519(sig, msg, new Uint8Array(32).fill(0xff));
    expect(v.verifies.ok ? 'ok' : v.verifies.reason).toBe('public-key-invalid');
  });
});

describe('verifySchnorrTaproot verdicts', () => {
  const root = new Uint8Array(32).fill(9);

  it('a signature under the tweaked key passes', () => {
    expect(verifySchnorrTaproot(signSchnorrTaproot(D, HASH), HASH, PUB).verifies).toEqual({ ok: true });
  });

  it('a plain BIP-340 signature under the untweaked key is named', () => {
    const plain = signSchnorrTaprootUntweaked();
    const v = verifySchnorrTaproot(plain, HASH, PUB).verifies;
    expect(v.ok ? 'ok' : v.reason).toBe('verifies-under-untweaked-key');
  });

  it('a signature that ignored the merkle root is named', () => {
    const v = verifySchnorrTaproot(signSchnorrTaproot(D, HASH), HASH, PUB, root).verifies;
    expect(v.ok ? 'ok' : v.reason).toBe('verifies-without-merkle-root');
  });

  it('a signature with the merkle root passes only with that root', () => {
    const sig = signSchnorrTaproot(D, HASH, root);
    expect([
      verifySchnorrTaproot(sig, HASH, PUB, root).verifies.ok,
      verifySchnorrTaproot(sig, HASH, PUB).verifies.ok,
    ]).toEqual([true, false]);
  });

  it('a signature over another message fails the equation', () => {
    const v = verifySchnorrTaproot(signSchnorrTaproot(D, HASH), sha256(HASH), PUB).verifies;
    expect(v.ok ? 'ok' : v.reason).toBe('equation-failed');
  });

  function signSchnorrTaprootUntweaked() {
    const sig = schnorr.sign(HASH, numberToBytesBE(D, 32));
    return { r: sig.subarray(0, 32), s: sig.subarray(32) };
  }
});

describe('verifyBip340', () => {
  const secret = new Uint8Array(32).fill(3);
  const xOnly = schnorr.getPublicKey(secret);
  const sig = schnorr.sign(HASH, secret);

  it.each([
    ['a 63-byte signature', sig.subarray(1), xOnly, 'bad-length'],
    ['a 33-byte (compressed) key', sig, secp256k1.getPublicKey(secret, true), 'public-key-invalid'],
  ])('refuses %s by its reason', (_what, signature, key, reason) => {
    const v = verifyBip340(signature, HASH, key);
    expect(v.ok ? 'ok' : v.reason).toBe(reason);
  });

  it('passes a signature under its x-only key', () => {
    expect(verifyBip340(sig, HASH, xOnly).ok).toBe(true);
  });
});
