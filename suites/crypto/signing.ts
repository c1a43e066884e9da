import fc from 'fast-check';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { hexHashArbitrary, hexMessageArbitrary, starkHashArbitrary } from '../../generators/domain.ts';
import { positiveDataAccepted } from '../../src/checks/data.ts';
import type { SignedPayload } from '../../src/checks/crypto/index.ts';
import type { Exchange } from '../../src/client/exchange.ts';
import type { Harness } from '../../src/harness/harness.ts';
import type { KeyUnderTest } from './keys-under-test.ts';

/**
 * Signing for the crypto suite: what to sign comes from fast-check arbitraries (generators/domain.ts) sampled
 * with a seed derived from the run's fuzz seed and the purpose, so a run is reproducible from its seed and
 * two purposes never sign the same values. Each signature comes back with the SignedPayload the checks take.
 */
export type Variant =
  /** Hash kind; Schnorr keys with taprootMerkleRoot "". */
  | 'hash'
  /** Schnorr keys: Hash kind with a 32-byte taprootMerkleRoot. */
  | 'root'
  /** EdDSA keys: Message kind, arbitrary bytes. */
  | 'message';

export interface SignedSample {
  readonly payload: SignedPayload;
  readonly exchange: Exchange;
}

/** Signatures per key and variant for the property checks (the nonce tests ask for more). */
export const SAMPLES_PER_KEY = 8;

/** A 31-bit fast-check seed from the run's seed and a purpose. */
export function seedFor(h: Harness, purpose: string): number {
  const digest = sha256(utf8ToBytes(`${h.fuzz.seed}:${purpose}`));
  return ((digest[0]! << 23) | (digest[1]! << 15) | (digest[2]! << 7) | (digest[3]! >> 1)) >>> 0;
}

const normalised = (hex: string) => hex.replace(/^0x/i, '').toLowerCase();

/** `count` distinct bodies of one variant for this key, sampled reproducibly. */
export function signatureBodies(
  h: Harness,
  key: KeyUnderTest,
  variant: Variant,
  count: number,
  purpose: string,
): Record<string, unknown>[] {
  // hashWithout0x is a hypothesis: send bare hex only to a target said to take it.
  const prefix = h.profile.hypotheses.hashWithout0x ? 'either' : 'with';
  const seed = seedFor(h, `${purpose}:${key.origin}:${key.scheme}:${key.curve}:${variant}`);
  if (variant === 'message') {
    const messages = fc.uniqueArray(hexMessageArbitrary({ maxBytes: 256 }), {
      minLength: count,
      maxLength: count,
      selector: normalised,
    });
    return sample(messages, seed).map((message) => ({ kind: 'Message', message }));
  }
  // Stark hashes stay below 2^251, where every Stark hash rule agrees (src/crypto/stark-message.ts).
  const hash = key.curve === 'stark' ? starkHashArbitrary({ prefix }) : hexHashArbitrary({ prefix });
  const hashes = fc.uniqueArray(hash, { minLength: count, maxLength: count, selector: normalised });
  if (variant === 'root') {
    const roots = fc.array(hexHashArbitrary({ prefix: 'with' }), { minLength: count, maxLength: count });
    const [hs, rs] = sample(fc.tuple(hashes, roots), seed);
    return hs.map((h32, i) => ({ kind: 'Hash', hash: h32, taprootMerkleRoot: rs[i]! }));
  }
  return sample(hashes, seed).map((h32) => ({
    kind: 'Hash',
    hash: h32,
    ...(key.scheme === 'Schnorr' ? { taprootMerkleRoot: '' } : {}),
  }));
}

function sample<T>(arbitrary: fc.Arbitrary<T>, seed: number): T {
  const [value] = fc.sample(arbitrary, { seed, numRuns: 1 });
  if (value === undefined) throw new Error('fast-check produced no sample');
  return value;
}

/** The expectation of the signature checks for one body sent to this key. */
export function payloadOf(h: Harness, key: KeyUnderTest, body: Record<string, unknown>): SignedPayload {
  const kind = body.kind === 'Message' ? 'Message' : 'Hash';
  return {
    keyId: key.id,
    scheme: key.scheme,
    curve: key.curve,
    publicKey: key.publicKey,
    kind,
    data: String(kind === 'Message' ? body.message : body.hash),
    ...(typeof body.taprootMerkleRoot === 'string' ? { taprootMerkleRoot: body.taprootMerkleRoot } : {}),
    starkSignaturesLowS: h.profile.hypotheses.starkSignaturesLowS,
  };
}

/**
 * Sends the bodies (a few at a time, as the run's fuzz concurrency allows) and records that each valid
 * request was accepted. Order of the result follows `bodies`.
 */
export async function sign(
  h: Harness,
  key: KeyUnderTest,
  bodies: readonly Record<string, unknown>[],
): Promise<SignedSample[]> {
  const width = Math.max(1, Math.min(h.fuzz.concurrency, 8));
  const out: SignedSample[] = [];
  for (let i = 0; i < bodies.length; i += width) {
    const batch = bodies.slice(i, i + width);
    const exchanges = await Promise.all(
      batch.map((body) => h.call('GenerateSignature', { pathParams: { keyId: key.id }, body })),
    );
    exchanges.forEach((exchange, j) => {
      const body = batch[j]!;
      h.check(positiveDataAccepted, exchange, {
        description: `${String(body.kind)} on ${key.origin} ${key.scheme}/${key.curve} key ${key.id}`,
      });
      out.push({ payload: payloadOf(h, key, body), exchange });
    });
  }
  return out;
}

const samplesCache = new Map<string, Promise<SignedSample[]>>();

/** SAMPLES_PER_KEY signatures of one variant by a shared key, made once and judged by every property test. */
export function sharedSamples(h: Harness, key: KeyUnderTest, variant: Variant): Promise<SignedSample[]> {
  const label = `${key.id}:${variant}`;
  let samples = samplesCache.get(label);
  if (samples === undefined) {
    samples = sign(h, key, signatureBodies(h, key, variant, SAMPLES_PER_KEY, 'properties'));
    samplesCache.set(label, samples);
  }
  return samples;
}
