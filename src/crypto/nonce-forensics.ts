import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import {
  bytesToHex,
  bytesToNumberBE,
  bytesToNumberLE,
  concatBytes,
  equalBytes,
} from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import * as stark from '@scure/starknet';
import type { RawSignature } from './signature-encoding.ts';
import { starkMessageFromHash, type StarkHashRule } from './stark-message.ts';
import { fail } from './errors.ts';

/**
 * Nonce forensics for a key whose secret the suite knows (it imported it). With the key, every signature
 * gives away its nonce; a repeated nonce (over different messages) or a biased nonce distribution would let
 * anyone who sees the signatures recover the key, so both are findings.
 *
 * ECDSA: k = s⁻¹(z + r·d) mod n. The cluster normalises s to low-S, which turns k into n − k for about half
 * the signatures and cannot be told apart from the signature, so every ECDSA nonce is analysed *folded*:
 * m = min(k, n − k) ∈ [1, (n−1)/2]. EdDSA: r = S − H(R ‖ A ‖ M)·a mod L, with no ambiguity.
 *
 * Bias tests (each one-sided, binomial upper tail), for nonces uniform on their range [0, W):
 *   small-nonce: x < W/256 ("top byte zero" relative to the range), P = 1/256 under uniformity;
 *   top-bit:     x < W/2   ("top bit zero" relative to the range), P = 1/2.
 * Relative to the range, not to 256 bits: folded secp256k1 nonces have W ≈ 2^255, so small-nonce counts
 * x < ≈2^247 (nine zero top bits of 256) and top-bit x < ≈2^254; Ed25519 has W = L ≈ 2^252.
 * A test fails when the count reaches the smallest c with P(Binomial(N, P) ≥ c) ≤ α, α = 5·10⁻⁷ per test,
 * so a clean series of any length raises a false alarm with probability ≤ 10⁻⁶ for the pair. With too few
 * signatures for any count to be that unlikely, the test reports `threshold: null` (not applicable), never
 * a pass or a fail. Folding hides a bias that is symmetric in ±k (e.g. k < n/2 exactly); such a bias is
 * equally invisible to an attacker who sees only low-S signatures.
 *
 * Nonces are secret-equivalent (nonce + signature = key); results carry positions and counts only.
 */
export const FALSE_ALARM_RATE_PER_TEST = 5e-7;

export interface EcdsaSample {
  readonly hash: Uint8Array;
  readonly signature: RawSignature;
}

export interface EddsaSample {
  readonly message: Uint8Array;
  readonly signature: RawSignature;
}

export interface BiasTest {
  readonly name: 'small-nonce' | 'top-bit';
  /** P(a nonce falls in the tested region) under uniform nonces. */
  readonly probability: number;
  /** The tested region is x < bound: W/256 or W/2 for nonces on [0, W) (ECDSA: W = (n + 1)/2, folded). */
  readonly bound: bigint;
  readonly count: number;
  /** Distinct nonces tested. */
  readonly trials: number;
  /** Counts at or above this fail; null when `trials` is too small for the test to mean anything. */
  readonly threshold: number | null;
  readonly falseAlarmRate: number;
  readonly ok: boolean;
}

export interface NonceForensics {
  /** No reuse, no repeated r over different messages, no bias test failed, every signature explained. */
  readonly ok: boolean;
  readonly signatures: number;
  /** Positions whose signature does not verify under the key: no nonce can be recovered from them. */
  readonly unexplained: readonly number[];
  /** Groups of positions that share one nonce across different messages: the key is exposed. */
  readonly reusedNonces: readonly (readonly number[])[];
  /** Groups of positions with the same r over different messages (needs no key). */
  readonly repeatedR: readonly (readonly number[])[];
  /** Signatures that repeat an earlier (message, nonce) pair: deterministic signing, harmless. */
  readonly deterministicRepeats: number;
  readonly bias: readonly BiasTest[];
}

/**
 * The folded ECDSA nonce min(k, n − k) of one signature, or undefined when (r, s) does not verify under d
 * (then k·G would not have x = r). Sensitive: never log the result.
 */
export function recoverEcdsaNonce(
  curve: 'secp256k1' | 'stark',
  secret: bigint,
  sample: EcdsaSample,
  rule: StarkHashRule = 'reduce-mod-n',
): bigint | undefined {
  const Point = curve === 'secp256k1' ? secp256k1.Point : stark.Point;
  const { Fn } = Point;
  const n = Fn.ORDER;
  const r = bytesToNumberBE(sample.signature.r);
  const s = bytesToNumberBE(sample.signature.s);
  if (r <= 0n || r >= n || s <= 0n || s >= n || secret <= 0n || secret >= n) return undefined;
  const z = curve === 'secp256k1' ? Fn.create(bytesToNumberBE(sample.hash)) : starkZ(sample.hash, rule);
  if (z === undefined) return undefined;
  const k = Fn.mul(Fn.inv(s), Fn.add(z, Fn.mul(r, secret)));
  if (k === 0n || Fn.create(Point.BASE.multiply(k).toAffine().x) !== r) return undefined;
  return k < n - k ? k : n - k;
}

/** The EdDSA nonce r of one signature by scalar a, or undefined when r·B ≠ R. Sensitive: never log it. */
export function recoverEd25519Nonce(scalar: bigint, sample: EddsaSample): bigint | undefined {
  const { Point } = ed25519;
  const { Fn } = Point;
  if (scalar <= 0n || scalar >= Fn.ORDER || sample.signature.r.length !== 32) return undefined;
  const S = bytesToNumberLE(sample.signature.s);
  if (S >= Fn.ORDER) return undefined;
  const A = Point.BASE.multiply(scalar).toBytes();
  const k = Fn.create(bytesToNumberLE(sha512(concatBytes(sample.signature.r, A, sample.message))));
  const r = Fn.sub(S, Fn.mul(k, scalar));
  if (r === 0n || !equalBytes(Point.BASE.multiply(r).toBytes(), sample.signature.r)) return undefined;
  return r;
}

export function analyseEcdsaNonces(
  curve: 'secp256k1' | 'stark',
  secret: bigint,
  samples: readonly EcdsaSample[],
  rule: StarkHashRule = 'reduce-mod-n',
): NonceForensics {
  const range = ((curve === 'secp256k1' ? secp256k1.Point.Fn.ORDER : stark.Point.Fn.ORDER) - 1n) / 2n + 1n;
  const nonces = samples.map((sample) => recoverEcdsaNonce(curve, secret, sample, rule));
  return analyse(
    nonces,
    samples.map((s) => ({ message: s.hash, r: s.signature.r })),
    range,
  );
}

export function analyseEd25519Nonces(scalar: bigint, samples: readonly EddsaSample[]): NonceForensics {
  const nonces = samples.map((sample) => recoverEd25519Nonce(scalar, sample));
  return analyse(
    nonces,
    samples.map((s) => ({ message: s.message, r: s.signature.r })),
    ed25519.Point.Fn.ORDER,
  );
}

/** Positions sharing an r value over different messages. Works for any key: r alone betrays a reused nonce. */
export function findRepeatedR(
  samples: readonly { readonly message: Uint8Array; readonly r: Uint8Array }[],
): number[][] {
  return groupsOverDifferentMessages(
    samples.map((s) => bytesToHex(s.r)),
    samples,
  );
}

/**
 * The smallest count c with P(X ≥ c) ≤ alpha for X ~ Binomial(trials, p), or null if even X = trials is
 * more likely than alpha. Computed in log space, so it holds for large trial counts.
 */
export function binomialCriticalCount(trials: number, p: number, alpha: number): number | null {
  if (!Number.isSafeInteger(trials) || trials < 0)
    fail('option-invalid', `trials must be a non-negative integer, got ${trials}`);
  if (!(p > 0 && p < 1)) fail('option-invalid', `p must be in (0, 1), got ${p}`);
  const logPmf: number[] = [trials * Math.log1p(-p)];
  const logRatio = Math.log(p) - Math.log1p(-p);
  for (let k = 0; k < trials; k++)
    logPmf.push(logPmf[k]! + Math.log(trials - k) - Math.log(k + 1) + logRatio);
  const logAlpha = Math.log(alpha);
  let logTail = -Infinity;
  let critical: number | null = null;
  for (let c = trials; c >= 0; c--) {
    logTail = logAdd(logTail, logPmf[c]!);
    if (logTail > logAlpha) break;
    critical = c;
  }
  return critical;
}

function analyse(
  nonces: readonly (bigint | undefined)[],
  samples: readonly { readonly message: Uint8Array; readonly r: Uint8Array }[],
  range: bigint,
): NonceForensics {
  const unexplained = nonces.flatMap((k, i) => (k === undefined ? [i] : []));
  const explained = nonces.flatMap((k, i) => (k === undefined ? [] : [{ k, i }]));
  const reusedNonces = groupsOverDifferentMessages(
    explained.map((e) => e.k.toString(16)),
    explained.map((e) => samples[e.i]!),
  ).map((group) => group.map((j) => explained[j]!.i));
  const repeatedR = findRepeatedR(samples);
  const pairs = new Set(explained.map(({ k, i }) => `${k.toString(16)}:${bytesToHex(samples[i]!.message)}`));
  const deterministicRepeats = explained.length - pairs.size;
  // Each nonce counts once: a deterministic signer repeating a message must not inflate the bias counts.
  const values = [...new Set(explained.map((e) => e.k))];
  const bias = [
    biasTest('small-nonce', values, range / 256n, 1 / 256),
    biasTest('top-bit', values, range / 2n, 1 / 2),
  ];
  return {
    ok:
      unexplained.length === 0 &&
      reusedNonces.length === 0 &&
      repeatedR.length === 0 &&
      bias.every((b) => b.ok),
    signatures: samples.length,
    unexplained,
    reusedNonces,
    repeatedR,
    deterministicRepeats,
    bias,
  };
}

function biasTest(
  name: BiasTest['name'],
  values: readonly bigint[],
  bound: bigint,
  probability: number,
): BiasTest {
  const count = values.filter((x) => x < bound).length;
  const threshold =
    values.length === 0 ? null : binomialCriticalCount(values.length, probability, FALSE_ALARM_RATE_PER_TEST);
  return {
    name,
    probability,
    bound,
    count,
    trials: values.length,
    threshold,
    falseAlarmRate: FALSE_ALARM_RATE_PER_TEST,
    ok: threshold === null || count < threshold,
  };
}

/** Groups (of positions into `samples`) with equal keys whose messages are not all the same. */
function groupsOverDifferentMessages(
  keys: readonly string[],
  samples: readonly { readonly message: Uint8Array }[],
): number[][] {
  const byKey = new Map<string, number[]>();
  keys.forEach((key, i) => {
    byKey.set(key, [...(byKey.get(key) ?? []), i]);
  });
  return [...byKey.values()].filter((group) => {
    const messages = new Set(group.map((i) => bytesToHex(samples[i]!.message)));
    return messages.size > 1;
  });
}

function starkZ(hash: Uint8Array, rule: StarkHashRule): bigint | undefined {
  try {
    return bytesToNumberBE(starkMessageFromHash(hash, rule));
  } catch {
    return undefined;
  }
}

function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}
