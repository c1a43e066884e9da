import { numberToBytesBE } from '@noble/curves/utils.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { CurveName } from '../../crypto/curves.ts';
import {
  analyseEcdsaNonces,
  analyseEd25519Nonces,
  binomialCriticalCount,
  FALSE_ALARM_RATE_PER_TEST,
  findRepeatedR,
  type BiasTest,
  type NonceForensics,
} from '../../crypto/nonce-forensics.ts';
import type { Redacted } from '../../crypto/redacted.ts';
import type { RawSignature } from '../../crypto/signature-encoding.ts';
import type { StarkHashRule } from '../../crypto/stark-message.ts';
import { PASS, type Check, type CheckFailure } from '../check.ts';
import { hex0x, SIGNATURE_POINTER, type SigningScheme } from './signed-payload.ts';

/**
 * nonce_unique: no two signatures of one key over different messages share a nonce, and the nonces of a key
 * whose secret the suite knows show no gross bias (src/crypto/nonce-forensics.ts). Any key: a repeated r
 * (ECDSA r = x(kG), EdDSA R, BIP-340 x(R)) over different messages means a repeated nonce, and two such
 * signatures give the key away. A key the suite imported: every nonce is recovered (ECDSA k = s⁻¹(z + r·d),
 * folded to min(k, n − k) because low-S hides the sign; EdDSA r = S − H(R‖A‖M)·a mod L) and tested for
 * reuse, and for bias by two one-sided binomial tests — "small nonce" (below 1/256 of the range: ≈2^247,
 * nine zero top bits, for folded secp256k1 nonces) and "top bit zero" (below half the range) — each failing
 * only at a count with probability ≤ 5·10⁻⁷ under uniform nonces, so a clean series raises a false alarm
 * with probability ≤ 10⁻⁶. Each test is its own finding (its own subject). For 64 nonces the thresholds
 * are 6 small nonces (expected 0.25) and 52 top-bit-zero nonces (expected 32) — see {@link biasThresholds}.
 *
 * It judges a series, not one exchange: apply it to the series' last GenerateSignature exchange. Nonces are
 * secret-equivalent; findings carry positions, r values, hashes, signature ids and counts, never a nonce,
 * and never the s values of signatures that share a nonce (two of them give the key).
 */
export interface NonceSample {
  /** The hash or message signed. */
  readonly data: Uint8Array;
  readonly signature: RawSignature;
  /** The signature request id, for evidence. */
  readonly signatureId?: string;
}

export interface NonceSeries {
  readonly keyId: string;
  /** The key's public key as API hex, for evidence: which key a finding is about, without a run's ids. */
  readonly publicKey: string;
  /** An imported key's id in fixtures/known-keys.json: its secret is published, so it exposes nothing. */
  readonly fixture?: string;
  readonly scheme: SigningScheme;
  readonly curve: CurveName;
  readonly samples: readonly NonceSample[];
  /** The scalar of a key the suite imported: turns on nonce recovery and the bias tests (ECDSA, EdDSA). */
  readonly secret?: Redacted<bigint>;
  readonly starkHashRule?: StarkHashRule;
}

export const nonceUnique: Check<NonceSeries> = {
  id: 'nonce_unique',
  severity: 'critical',
  rationale:
    'Two signatures with one nonce over different messages give away the private key; biased nonces give it away too, through lattice attacks over a few hundred signatures.',
  run(_exchange, _context, series) {
    if (series.samples.length < 2) return 'not-applicable';
    const forensics = forensicsOf(series);
    const repeated =
      forensics?.repeatedR ??
      findRepeatedR(series.samples.map((s) => ({ message: s.data, r: s.signature.r })));
    const failures: CheckFailure[] = repeated.map((group) => repeatedFailure(series, group));
    if (forensics !== undefined) {
      // A reused nonce always repeats r; report nonce reuse only where r alone did not already show it.
      const shown = new Set(repeated.flat());
      for (const group of forensics.reusedNonces.filter((g) => !g.every((i) => shown.has(i)))) {
        failures.push(repeatedFailure(series, group, 'nonce'));
      }
      for (const test of forensics.bias.filter((b) => !b.ok))
        failures.push(biasFailure(series, test, forensics));
    }
    return failures.length === 0 ? PASS : failures;
  },
};

function forensicsOf(series: NonceSeries): NonceForensics | undefined {
  const secret = series.secret?.reveal();
  if (secret === undefined) return undefined;
  const samples = series.samples.map((s) => ({ hash: s.data, message: s.data, signature: s.signature }));
  if (series.scheme === 'ECDSA' && (series.curve === 'secp256k1' || series.curve === 'stark')) {
    return analyseEcdsaNonces(series.curve, secret, samples, series.starkHashRule);
  }
  if (series.scheme === 'EdDSA') return analyseEd25519Nonces(secret, samples);
  return undefined;
}

function repeatedFailure(
  series: NonceSeries,
  group: readonly number[],
  what: 'r' | 'nonce' = 'r',
): CheckFailure {
  const first = series.samples[group[0]!]!;
  const subject = `${series.scheme}/${series.curve}`;
  return {
    message: `${subject} key ${series.keyId}: ${positions(group)} of ${series.samples.length} signatures ${what === 'r' ? `share r = ${hex0x(first.signature.r)}` : 'share one nonce (recovered with the imported key)'} over different messages: the nonce was reused, and two such signatures reveal the private key`,
    pointer: SIGNATURE_POINTER,
    subject,
    // Two s values over one nonce solve for the key in one line (d = (s₂z₁ − s₁z₂)/(r(s₁ − s₂)) for
    // ECDSA), and reports travel further than the target's own records: the evidence proves the reuse (one
    // r over different hashes) and says where to fetch the signatures, but carries no s.
    evidence: {
      keyId: series.keyId,
      publicKey: series.publicKey,
      ...keyOrigin(series),
      scheme: series.scheme,
      curve: series.curve,
      equation: what === 'r' ? 'r_i ≠ r_j for m_i ≠ m_j' : 'k_i ≠ k_j for m_i ≠ m_j',
      r: hex0x(first.signature.r),
      signatures: group.map((i) => {
        const s = series.samples[i]!;
        return {
          position: i,
          ...(s.signatureId === undefined ? {} : { signatureId: s.signatureId }),
          signed: `0x${bytesToHex(s.data)}`,
        };
      }),
      note: `s is left out of this report on purpose: any two of these signatures (fetch them with GetSignature, GET /keys/${series.keyId}/signatures/{signatureId}) give the private key`,
    },
  };
}

/** For an imported key, its fixture: a reader sees at once that the key was a public test key. */
function keyOrigin(series: NonceSeries): Record<string, string> {
  return series.fixture === undefined
    ? {}
    : { fixture: `${series.fixture} (fixtures/known-keys.json: a public test key, its secret is published)` };
}

/** `signatures #0, #3` or `64 signatures (#0, #1, #2, …)`: a readable list of positions. */
function positions(group: readonly number[]): string {
  if (group.length <= 6) return `signatures #${group.join(', #')}`;
  return `${group.length} signatures (#${group.slice(0, 3).join(', #')}, …)`;
}

function biasFailure(series: NonceSeries, test: BiasTest, forensics: NonceForensics): CheckFailure {
  const scheme = `${series.scheme}/${series.curve}`;
  const range =
    series.scheme === 'ECDSA'
      ? 'the folded range [1, (n − 1)/2] of min(k, n − k)'
      : `the range [0, ${series.curve === 'ed25519' ? 'L' : 'n'})`;
  const fraction = test.name === 'small-nonce' ? '1/256' : 'half';
  // x < bound means x < 2^b, b the bit length of bound − 1: the zero top bits every counted nonce has.
  const zeroTopBits = 256 - (test.bound - 1n).toString(2).length;
  const region = `below ${approxPowerOfTwo(test.bound)} (${fraction} of ${range}; at least ${zeroTopBits} zero top bits of 256)`;
  return {
    message: `${scheme} key ${series.keyId}: ${test.count} of ${test.trials} recovered nonces fall ${region}; uniform nonces do so with probability ${test.probability} (expected ${(test.trials * test.probability).toFixed(2)}), and ${test.threshold ?? '?'} or more happen with probability ≤ ${test.falseAlarmRate}: the nonces are biased, which lattice attacks turn into the key`,
    pointer: SIGNATURE_POINTER,
    // Each bias test is its own finding: under one subject the two would fold into one and hide the other.
    subject: `${scheme} ${test.name}`,
    evidence: {
      keyId: series.keyId,
      publicKey: series.publicKey,
      ...keyOrigin(series),
      scheme: series.scheme,
      curve: series.curve,
      test: test.name,
      region: `x < ${hex0x(numberToBytesBE(test.bound, 32))}`,
      zeroTopBits,
      count: test.count,
      trials: test.trials,
      probability: test.probability,
      threshold: test.threshold,
      falseAlarmRate: test.falseAlarmRate,
      signatures: forensics.signatures,
      unexplained: forensics.unexplained.length,
    },
  };
}

/** `≈2^247.00`: a bound of ~256 bits as a power of two, to two decimals (exact enough to name it). */
function approxPowerOfTwo(x: bigint): string {
  const bits = x.toString(2).length;
  const shift = Math.max(0, bits - 53);
  return `≈2^${(shift + Math.log2(Number(x >> BigInt(shift)))).toFixed(2)}`;
}

/** The counts at which the two bias tests fail for a series of `trials` distinct nonces (null: too few). */
export function biasThresholds(trials: number): {
  readonly smallNonce: number | null;
  readonly topBit: number | null;
} {
  return {
    smallNonce: binomialCriticalCount(trials, 1 / 256, FALSE_ALARM_RATE_PER_TEST),
    topBit: binomialCriticalCount(trials, 1 / 2, FALSE_ALARM_RATE_PER_TEST),
  };
}
