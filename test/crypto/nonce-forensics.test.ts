import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import {
  bytesToNumberBE,
  bytesToNumberLE,
  concatBytes,
  numberToBytesBE,
  numberToBytesLE,
} from '@noble/curves/utils.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { expandEd25519Seed } from '../../src/crypto/ed25519-scalar.ts';
import {
  analyseEcdsaNonces,
  analyseEd25519Nonces,
  binomialCriticalCount,
  FALSE_ALARM_RATE_PER_TEST,
  findRepeatedR,
  recoverEcdsaNonce,
  recoverEd25519Nonce,
  type EcdsaSample,
  type EddsaSample,
} from '../../src/crypto/nonce-forensics.ts';
import { signEcdsaSecp256k1, signEcdsaStark, signEd25519WithScalar } from '../../src/crypto/sign.ts';

const { Fn } = secp256k1.Point;
const n = Fn.ORDER;
const D = 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80n;
const hashOf = (i: number) => sha256(utf8ToBytes(`message ${i}`));

/** ECDSA with a chosen nonce k, normalised to low-S as the cluster does: what a faulty signer would emit. */
function signWithNonce(k: bigint, hash: Uint8Array, d = D): EcdsaSample {
  const r = Fn.create(secp256k1.Point.BASE.multiply(k).toAffine().x);
  let s = Fn.mul(Fn.inv(k), Fn.add(bytesToNumberBE(hash), Fn.mul(r, d)));
  if (s > n >> 1n) s = n - s;
  return { hash, signature: { r: numberToBytesBE(r, 32), s: numberToBytesBE(s, 32) } };
}

/** A deterministic pseudo-random nonce stream (SHA-256 counter) for biased and clean synthetic series. */
const nonceStream = (label: string, i: number, bits = 256) =>
  ((bytesToNumberBE(sha256(utf8ToBytes(`${label}/${i}`))) % (1n << BigInt(bits))) % (n - 1n)) + 1n;

describe('recoverEcdsaNonce', () => {
  it.each([
    ['a small k', 12345n],
    ['k just below n/2', (n >> 1n) - 7n],
    ['k just above n/2 (s negated by low-S)', (n >> 1n) + 7n],
    ['k = n - 1', n - 1n],
  ])('recovers min(k, n−k) for %s', (_, k) => {
    expect(recoverEcdsaNonce('secp256k1', D, signWithNonce(k, hashOf(1)))).toBe(k < n - k ? k : n - k);
  });

  const sNotBelowN = (): EcdsaSample => {
    const { hash, signature } = signWithNonce(99n, hashOf(1));
    return { hash, signature: { r: signature.r, s: numberToBytesBE(n, 32) } };
  };
  it.each([
    ['s = n', sNotBelowN, D],
    ['a secret of d + n (not in [1, n))', () => signWithNonce(99n, hashOf(1)), D + n],
  ])('gives undefined for %s', (_, sample, secret) => {
    expect(recoverEcdsaNonce('secp256k1', secret, sample())).toBeUndefined();
  });

  it('gives undefined for a signature made with another key', () => {
    expect(recoverEcdsaNonce('secp256k1', D, signWithNonce(99n, hashOf(1), D + 1n))).toBeUndefined();
  });

  it('recovers the nonce of a stark signature', () => {
    const d = 0x0178047d3869489c055d7ea54c014ffb834a069c9595186abe04ea4d1223a03fn;
    const hash = new Uint8Array(32).fill(7);
    expect(recoverEcdsaNonce('stark', d, { hash, signature: signEcdsaStark(d, hash) })).toBeTypeOf('bigint');
  });
});

describe('ECDSA series', () => {
  const clean = Array.from({ length: 64 }, (_, i) => ({
    hash: hashOf(i),
    signature: signEcdsaSecp256k1(D, hashOf(i)),
  }));

  it('a clean series of 64 signer outputs passes every test', () => {
    const result = analyseEcdsaNonces('secp256k1', D, clean);
    expect([
      result.ok,
      result.unexplained,
      result.reusedNonces,
      result.repeatedR,
      result.bias.map((b) => b.ok),
    ]).toEqual([true, [], [], [], [true, true]]);
  });

  it('the bias thresholds apply (64 trials is enough for both tests)', () => {
    const result = analyseEcdsaNonces('secp256k1', D, clean);
    expect(result.bias.map((b) => [b.name, b.trials, b.threshold !== null])).toEqual([
      ['small-nonce', 64, true],
      ['top-bit', 64, true],
    ]);
  });

  it('one nonce over two messages is a reused nonce and a repeated r', () => {
    const series = [...clean.slice(0, 5), signWithNonce(777n, hashOf(100)), signWithNonce(777n, hashOf(101))];
    const result = analyseEcdsaNonces('secp256k1', D, series);
    expect([result.ok, result.reusedNonces, result.repeatedR]).toEqual([false, [[5, 6]], [[5, 6]]]);
    // One nonce over two messages is a reuse, not a deterministic repeat of one (message, nonce) pair.
    expect(result.deterministicRepeats).toBe(0);
  });

  it('k and n−k over two messages count as the same nonce (low-S folding)', () => {
    const result = analyseEcdsaNonces('secp256k1', D, [
      signWithNonce(777n, hashOf(1)),
      signWithNonce(n - 777n, hashOf(2)),
    ]);
    expect(result.reusedNonces).toEqual([[0, 1]]);
  });

  it('a deterministic signer repeating a message is not a reuse', () => {
    const series = [...clean.slice(0, 8), { hash: hashOf(3), signature: signEcdsaSecp256k1(D, hashOf(3)) }];
    const result = analyseEcdsaNonces('secp256k1', D, series);
    expect([result.ok, result.deterministicRepeats, result.bias[0]!.trials]).toEqual([true, 1, 8]);
  });

  it('a signature that does not verify under the key is reported unexplained', () => {
    const result = analyseEcdsaNonces('secp256k1', D, [
      ...clean.slice(0, 3),
      signWithNonce(5n, hashOf(9), D + 1n),
    ]);
    expect([result.ok, result.unexplained]).toEqual([false, [3]]);
  });

  it('240-bit nonces fail the small-nonce test', () => {
    const series = Array.from({ length: 64 }, (_, i) =>
      signWithNonce(nonceStream('short', i, 240), hashOf(i)),
    );
    const small = analyseEcdsaNonces('secp256k1', D, series).bias.find((b) => b.name === 'small-nonce')!;
    expect([small.ok, small.count]).toEqual([false, 64]);
  });

  it('nonces confined below n/4 fail the top-bit test but not the small-nonce test', () => {
    const series = Array.from({ length: 64 }, (_, i) =>
      signWithNonce(nonceStream('low-half', i) % (n >> 2n), hashOf(i)),
    );
    const bias = analyseEcdsaNonces('secp256k1', D, series).bias;
    expect(bias.map((b) => [b.name, b.ok])).toEqual([
      ['small-nonce', true],
      ['top-bit', false],
    ]);
  });

  // 64 nonces: the small-nonce test fails at 6. `below` nonces under the bound, `at` nonces equal to it
  // (x < bound is what is counted), the rest from a stream that has none below it.
  it.each([
    ['5 below the bound: passes', 5, 0, 5, true],
    ['6 below the bound (the threshold itself): fails', 6, 0, 6, false],
    ['5 below and 1 equal to the bound: passes (the bound is exclusive)', 5, 1, 5, true],
  ])('small-nonce boundary, %s', (_, below, at, count, ok) => {
    const bound = analyseEcdsaNonces('secp256k1', D, clean).bias[0]!.bound;
    const nonces = Array.from({ length: 64 }, (_, i) =>
      i < below ? 1000n + BigInt(i) : i < below + at ? bound : nonceStream('uniform', i),
    );
    const small = analyseEcdsaNonces(
      'secp256k1',
      D,
      nonces.map((k, i) => signWithNonce(k, hashOf(i))),
    ).bias.find((b) => b.name === 'small-nonce')!;
    expect([small.threshold, small.count, small.ok]).toEqual([6, count, ok]);
  });

  it('with too few signatures the bias tests are not applicable (threshold null), not passed by luck', () => {
    const result = analyseEcdsaNonces('secp256k1', D, [signWithNonce(5n, hashOf(1))]);
    expect(result.bias.map((b) => [b.name, b.threshold])).toEqual([
      ['small-nonce', null],
      ['top-bit', null],
    ]);
  });
});

describe('EdDSA series', () => {
  const seed = hexToBytes('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
  const { scalar: a, prefix } = expandEd25519Seed(seed);
  const L = ed25519.Point.Fn.ORDER;
  const msg = (i: number) => utf8ToBytes(`m${i}`);

  /** Ed25519 with a chosen nonce r: the reuse a broken signer would produce. */
  function signWithNonce(r: bigint, message: Uint8Array): EddsaSample {
    const R = ed25519.Point.BASE.multiply(r).toBytes();
    const A = ed25519.Point.BASE.multiply(a).toBytes();
    const k = bytesToNumberLE(sha512(concatBytes(R, A, message))) % L;
    return { message, signature: { r: R, s: numberToBytesLE((r + k * a) % L, 32) } };
  }

  it('recovers RFC 8032’s r = SHA-512(prefix ‖ M) mod L', () => {
    const sig = signEd25519WithScalar(a, msg(1), { prefix });
    expect(recoverEd25519Nonce(a, { message: msg(1), signature: sig })).toBe(
      bytesToNumberLE(sha512(concatBytes(prefix, msg(1)))) % L,
    );
  });

  it('a clean series of 64 signatures passes', () => {
    const series = Array.from({ length: 64 }, (_, i) => ({
      message: msg(i),
      signature: signEd25519WithScalar(a, msg(i)),
    }));
    expect(analyseEd25519Nonces(a, series).ok).toBe(true);
  });

  it('one nonce over two messages is a reused nonce', () => {
    const result = analyseEd25519Nonces(a, [signWithNonce(424242n, msg(1)), signWithNonce(424242n, msg(2))]);
    expect([result.ok, result.reusedNonces, result.repeatedR]).toEqual([false, [[0, 1]], [[0, 1]]]);
  });

  it('nonces below L/256 fail the small-nonce test', () => {
    const series = Array.from({ length: 32 }, (_, i) =>
      signWithNonce((nonceStream('ed', i) % (L >> 8n)) + 1n, msg(i)),
    );
    const small = analyseEd25519Nonces(a, series).bias.find((b) => b.name === 'small-nonce')!;
    expect(small.ok).toBe(false);
  });

  it('S + L (unreduced) gives no nonce: the signature is not canonical', () => {
    const good = signWithNonce(424242n, msg(1));
    const unreduced = numberToBytesLE(bytesToNumberLE(good.signature.s) + L, 32);
    expect(
      recoverEd25519Nonce(a, { ...good, signature: { ...good.signature, s: unreduced } }),
    ).toBeUndefined();
  });

  it('a signature by another scalar is unexplained', () => {
    const other = { message: msg(1), signature: signEd25519WithScalar(a + 1n, msg(1)) };
    expect(analyseEd25519Nonces(a, [other]).unexplained).toEqual([0]);
  });
});

describe('findRepeatedR (no key needed)', () => {
  it('groups equal r values over different messages and ignores an identical repeat', () => {
    const r = new Uint8Array(32).fill(1);
    const samples = [
      { message: utf8ToBytes('a'), r },
      { message: utf8ToBytes('a'), r },
      { message: utf8ToBytes('b'), r: new Uint8Array(32).fill(2) },
      { message: utf8ToBytes('c'), r: new Uint8Array(32).fill(2) },
    ];
    expect(findRepeatedR(samples)).toEqual([[2, 3]]);
  });
});

describe('findRepeatedR compares all of r', () => {
  it('does not group two r values that share their first 31 bytes', () => {
    const r = (last: number) => new Uint8Array([...new Uint8Array(31).fill(0xab), last]);
    expect(
      findRepeatedR([
        { message: hashOf(1), r: r(1) },
        { message: hashOf(2), r: r(2) },
      ]),
    ).toEqual([]);
  });
});

describe('binomialCriticalCount', () => {
  /** P(X ≥ c) ≤ alpha, decided exactly in rationals for p = 1/q (independent of the log-space code). */
  function tailAtMost(trials: number, q: bigint, c: number, alpha: [bigint, bigint]): boolean {
    let num = 0n;
    let binom = 1n;
    for (let k = 0; k <= trials; k++) {
      if (k > 0) binom = (binom * BigInt(trials - k + 1)) / BigInt(k);
      if (k >= c) num += binom * (q - 1n) ** BigInt(trials - k);
    }
    return num * alpha[1] <= alpha[0] * q ** BigInt(trials);
  }
  const ALPHA: [bigint, bigint] = [5n, 10_000_000n];

  it('the stated false-alarm rate is 5e-7 per test', () => {
    expect(FALSE_ALARM_RATE_PER_TEST).toBe(5e-7);
  });

  it.each([
    [10, 256n],
    [64, 256n],
    [1000, 256n],
    [64, 2n],
    [500, 2n],
  ])('N=%i, p=1/%i: the smallest count whose tail is ≤ 5e-7, checked exactly', (trials, q) => {
    const c = binomialCriticalCount(trials, 1 / Number(q), 5e-7)!;
    expect([tailAtMost(trials, q, c, ALPHA), tailAtMost(trials, q, c - 1, ALPHA)]).toEqual([true, false]);
  });

  it('is null when even all trials hitting is more likely than alpha', () => {
    expect(binomialCriticalCount(20, 0.5, 5e-7)).toBeNull();
  });

  it.each([
    [-1, 0.5, /trials must be a non-negative integer, got -1/],
    [10, 1, /p must be in \(0, 1\), got 1/],
  ])('rejects trials=%i p=%d', (trials, p, message) => {
    expect(() => binomialCriticalCount(trials, p, 1e-6)).toThrow(message);
  });
});
