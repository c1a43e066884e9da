import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, bytesToNumberLE, numberToBytesBE, numberToBytesLE } from '@noble/curves/utils.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import * as stark from '@scure/starknet';
import { describe, expect, it } from 'vitest';
import {
  biasThresholds,
  nonceUnique,
  type NonceSample,
  type NonceSeries,
} from '../../../src/checks/crypto/index.ts';
import { redact } from '../../../src/crypto/redacted.ts';
import type { RawSignature } from '../../../src/crypto/signature-encoding.ts';
import { signEcdsaSecp256k1, signEd25519WithScalar } from '../../../src/crypto/sign.ts';
import { starkMessageFromHash } from '../../../src/crypto/stark-message.ts';
import { signed, verdictOf } from '../exchanges.ts';
import { ANVIL, RFC8032, STARK } from './keys.ts';

/**
 * nonce_unique on crafted series: hedged signatures pass; a repeated nonce fails with or without the key; a
 * biased nonce distribution fails only when the key is known (nonces are then recovered). The nonces are
 * chosen here by test-only signers that take k as input.
 */
const n = secp256k1.Point.Fn.ORDER;
const L = ed25519.Point.Fn.ORDER;
const hashOf = (i: number) => sha256(utf8ToBytes(`message ${i}`));
const last = signed({ r: `0x${'11'.repeat(32)}`, s: `0x${'22'.repeat(32)}` });

/** ECDSA with a chosen nonce, normalised to low-S as the cluster does. */
function ecdsaWithNonce(d: bigint, hash: Uint8Array, k: bigint): RawSignature {
  const { Fn } = secp256k1.Point;
  const r = Fn.create(secp256k1.Point.BASE.multiply(k).toAffine().x);
  let s = Fn.mul(Fn.inv(k), Fn.add(Fn.create(bytesToNumberBE(hash)), Fn.mul(r, d)));
  if (s > n >> 1n) s = n - s;
  return { r: numberToBytesBE(r, 32), s: numberToBytesBE(s, 32) };
}

/** Ed25519 from a scalar with a chosen nonce r. */
function ed25519WithNonce(a: bigint, message: Uint8Array, r: bigint): RawSignature {
  const { Point } = ed25519;
  const R = Point.BASE.multiply(r).toBytes();
  const A = Point.BASE.multiply(a).toBytes();
  const k = bytesToNumberLE(sha512(concatBytes(R, A, message))) % L;
  return { r: R, s: numberToBytesLE(Point.Fn.add(r, Point.Fn.mul(k, a)), 32) };
}

/** Stark ECDSA with a chosen nonce, low-S as well (the message is the hash reduced mod n). */
function starkWithNonce(d: bigint, hash: Uint8Array, k: bigint): RawSignature {
  const { Fn } = stark.Point;
  const r = Fn.create(stark.Point.BASE.multiply(k).toAffine().x);
  const z = bytesToNumberBE(starkMessageFromHash(hash));
  let s = Fn.mul(Fn.inv(k), Fn.add(z, Fn.mul(r, d)));
  if (s > Fn.ORDER >> 1n) s = Fn.ORDER - s;
  return { r: numberToBytesBE(r, 32), s: numberToBytesBE(s, 32) };
}

/** A nonce below 2^248 (zero top byte), as the reference's ecdsa-biased-nonce fault draws them. */
const smallNonce = (i: number) => (bytesToNumberBE(sha256(utf8ToBytes(`nonce ${i}`))) >> 8n) + 1n;

function series(samples: readonly NonceSample[], fields: Partial<NonceSeries> = {}): NonceSeries {
  return {
    keyId: 'key-test',
    publicKey: ANVIL.fixture.publicKey,
    scheme: 'ECDSA',
    curve: 'secp256k1',
    samples,
    ...fields,
  };
}

const ecdsaSamples = (count: number, sign: (hash: Uint8Array, i: number) => RawSignature): NonceSample[] =>
  Array.from({ length: count }, (_, i) => {
    const data = hashOf(i);
    return { data, signature: sign(data, i), signatureId: `sig-${i}` };
  });

const hedged = ecdsaSamples(64, (hash) => signEcdsaSecp256k1(ANVIL.secret, hash, { extraEntropy: true }));
const reused = ecdsaSamples(8, (hash) => ecdsaWithNonce(ANVIL.secret, hash, 0xc0ffeen));
const biased = ecdsaSamples(64, (hash, i) => ecdsaWithNonce(ANVIL.secret, hash, smallNonce(i)));
const eddsaSamples = Array.from({ length: 64 }, (_, i) => {
  const data = utf8ToBytes(`ed25519 message ${i}`);
  return { data, signature: signEd25519WithScalar(RFC8032.secret, data) };
});
const eddsaReused = Array.from({ length: 4 }, (_, i) => {
  const data = utf8ToBytes(`ed25519 message ${i}`);
  return { data, signature: ed25519WithNonce(RFC8032.secret, data, 777n) };
});
const eddsaBiased = Array.from({ length: 64 }, (_, i) => {
  const data = utf8ToBytes(`ed25519 message ${i}`);
  return { data, signature: ed25519WithNonce(RFC8032.secret, data, BigInt(1000 + i)) };
});
const eddsa = {
  scheme: 'EdDSA',
  curve: 'ed25519',
  publicKey: RFC8032.fixture.publicKey,
  secret: redact(RFC8032.secret),
} as const;
const known = { secret: redact(ANVIL.secret) };
const starkBiased = ecdsaSamples(64, (hash, i) => starkWithNonce(STARK.secret, hash, BigInt(1000 + i)));
const starkKnown = {
  curve: 'stark',
  publicKey: STARK.fixture.publicKey,
  secret: redact(STARK.secret),
} as const;

const testsOf = (result: ReturnType<typeof verdictOf>) =>
  result === 'not-applicable'
    ? 'not-applicable'
    : result.map((f) => f.evidence?.test ?? f.evidence?.equation);

describe('nonce_unique', () => {
  it.each([
    ['64 hedged ECDSA signatures of a known key', series(hedged, known)],
    ['64 hedged ECDSA signatures of a created key', series(hedged)],
    ['64 deterministic Ed25519 signatures of a known key', series(eddsaSamples, eddsa)],
    [
      'the same message signed twice with one nonce (deterministic signing)',
      series([hedged[0]!, hedged[0]!], known),
    ],
  ])('passes %s', (_what, s) => {
    expect(verdictOf(nonceUnique, last, s)).toEqual([]);
  });

  it.each([
    ['one ECDSA nonce for every hash, key known', series(reused, known), ['r_i ≠ r_j for m_i ≠ m_j']],
    ['one ECDSA nonce for every hash, key unknown (repeated r)', series(reused), ['r_i ≠ r_j for m_i ≠ m_j']],
    ['one Ed25519 nonce for every message', series(eddsaReused, eddsa), ['r_i ≠ r_j for m_i ≠ m_j']],
    ['ECDSA nonces with a zero top byte, key known', series(biased, known), ['small-nonce', 'top-bit']],
    ['Stark nonces far below n/256, key known', series(starkBiased, starkKnown), ['small-nonce', 'top-bit']],
    ['Ed25519 nonces far below L/256, key known', series(eddsaBiased, eddsa), ['small-nonce', 'top-bit']],
  ])('fails %s', (_what, s, tests) => {
    expect(testsOf(verdictOf(nonceUnique, last, s))).toEqual(tests);
  });

  it('does not see bias without the key: the nonces cannot be recovered', () => {
    expect(verdictOf(nonceUnique, last, series(biased))).toEqual([]);
  });

  it('names the repeated r and the signatures that share it', () => {
    const result = verdictOf(nonceUnique, last, series(reused));
    if (result === 'not-applicable') throw new Error('expected a verdict');
    expect(result[0]?.message).toContain(`0x${bytesToHex(reused[0]!.signature.r)}`);
    expect(result[0]?.message).toContain('#0, #1, #2');
    expect(result[0]?.evidence?.signatures).toHaveLength(8);
  });

  it.each([
    [6, 'signatures #0, #1, #2, #3, #4, #5 of 6'],
    [7, '7 signatures (#0, #1, #2, …) of 7'],
  ])('lists a group of %i signatures as "%s"', (count, shown) => {
    const result = verdictOf(nonceUnique, last, series(reused.slice(0, count)));
    if (result === 'not-applicable') throw new Error('expected a verdict');
    expect(result[0]?.message).toContain(shown);
  });

  it('GenerateSignature: a repeated-r finding names the key, its public key, the signature ids, r and the hashes', () => {
    const result = verdictOf(nonceUnique, last, series(reused, { fixture: 'anvil-0-ecdsa' }));
    if (result === 'not-applicable') throw new Error('expected a verdict');
    expect(result[0]?.evidence).toMatchObject({
      keyId: 'key-test',
      publicKey: ANVIL.fixture.publicKey,
      fixture: expect.stringContaining('anvil-0-ecdsa') as unknown,
      r: `0x${bytesToHex(reused[0]!.signature.r)}`,
      signatures: reused.map((s, i) => ({
        position: i,
        signatureId: `sig-${i}`,
        signed: `0x${bytesToHex(s.data)}`,
      })),
      note: expect.stringContaining('any two of these signatures') as unknown,
    });
  });

  it('GenerateSignature: a repeated-nonce finding carries no s, from which two signatures would give the key', () => {
    for (const s of [series(reused), series(reused, known), series(eddsaReused, eddsa)]) {
      const samples = s.samples;
      const text = JSON.stringify(verdictOf(nonceUnique, last, s));
      for (const sample of samples) expect(text).not.toContain(bytesToHex(sample.signature.s));
    }
  });

  it('states the count, the threshold and the false-alarm rate of a bias', () => {
    const result = verdictOf(nonceUnique, last, series(biased, known));
    if (result === 'not-applicable') throw new Error('expected a verdict');
    expect(result[0]?.evidence).toMatchObject({ trials: 64, threshold: 6, falseAlarmRate: 5e-7 });
    expect(result[0]?.evidence?.count).toBeGreaterThanOrEqual(6);
  });

  it('GenerateSignature: a small-nonce finding states the bound it counts below, ≈2^247 for folded secp256k1 nonces', () => {
    const result = verdictOf(nonceUnique, last, series(biased, known));
    if (result === 'not-applicable') throw new Error('expected a verdict');
    const small = result.find((f) => f.evidence?.test === 'small-nonce');
    expect(small?.message).toContain('below ≈2^247.00 (1/256 of the folded range [1, (n − 1)/2]');
    expect(small?.message).toContain('at least 9 zero top bits of 256');
    // (n + 1)/2 / 256: just below 2^247.
    expect(small?.evidence?.region).toBe(
      'x < 0x007fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20',
    );
  });

  it('GenerateSignature: a bias finding names the key by id and public key, and an imported key by its fixture', () => {
    const result = verdictOf(nonceUnique, last, series(biased, { ...known, fixture: 'anvil-0-ecdsa' }));
    if (result === 'not-applicable') throw new Error('expected a verdict');
    for (const failure of result) {
      expect(failure.evidence).toMatchObject({
        keyId: 'key-test',
        publicKey: ANVIL.fixture.publicKey,
        fixture: expect.stringContaining('anvil-0-ecdsa') as unknown,
      });
    }
  });

  it('GenerateSignature: the small-nonce and top-bit findings of one key have their own subjects (both are shown)', () => {
    const result = verdictOf(nonceUnique, last, series(biased, known));
    if (result === 'not-applicable') throw new Error('expected a verdict');
    expect(result.map((f) => f.subject)).toEqual(['ECDSA/secp256k1 small-nonce', 'ECDSA/secp256k1 top-bit']);
  });

  it('never carries a nonce or the key', () => {
    const text = JSON.stringify([
      verdictOf(nonceUnique, last, series(reused, known)),
      verdictOf(nonceUnique, last, series(biased, known)),
    ]);
    for (const secret of [ANVIL.secret, 0xc0ffeen, smallNonce(0), smallNonce(1)]) {
      expect(text).not.toContain(secret.toString(16));
      expect(text).not.toContain(secret.toString(10));
    }
  });

  it('is not applicable to fewer than two signatures', () => {
    expect(verdictOf(nonceUnique, last, series(hedged.slice(0, 1), known))).toBe('not-applicable');
  });
});

describe('biasThresholds', () => {
  it.each([
    [64, { smallNonce: 6, topBit: 52 }],
    [256, { smallNonce: 10, topBit: 168 }],
    [8, { smallNonce: 4, topBit: null }],
  ])('%i nonces', (trials, expected) => {
    expect(biasThresholds(trials)).toEqual(expected);
  });
});
