import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, bytesToNumberLE, concatBytes, numberToBytesLE } from '@noble/curves/utils.js';
import * as stark from '@scure/starknet';
import { compactSignature, type RawSignature } from './signature-encoding.ts';
import { starkMessageFromHash, type StarkHashRule } from './stark-message.ts';
import { taprootTweak } from './taproot.ts';
import { CryptoInputError, fail } from './errors.ts';
import { PASS, failed, type Verdict } from './verdict.ts';

/**
 * Independent verification of what a target returns, one verdict per property, so a finding can say which
 * property failed. Inputs are the parsed API values (signature-encoding.ts) and raw public key bytes.
 */

export interface EcdsaVerdicts {
  /** The ECDSA equation holds (high-S accepted, so this is separate from canonicity). */
  readonly verifies: Verdict;
  /** s ≤ n/2 (the cluster normalises s; Bitcoin and EVM consumers depend on it). */
  readonly lowS: Verdict;
  /** recid is present and recovers the public key from (r, s, hash). */
  readonly recovery: Verdict;
}

/**
 * ECDSA over secp256k1 for the Hash kind: the 32-byte hash is the digest, e = int(hash) mod n, with no
 * further hashing (noble v2 hashes by default, hence `prehash: false`).
 */
export function verifyEcdsaSecp256k1(
  signature: RawSignature,
  hash: Uint8Array,
  publicKey: Uint8Array,
): EcdsaVerdicts {
  assertHash32(hash);
  const n = secp256k1.Point.Fn.ORDER;
  const range = rangeVerdict(signature, n);
  if (!range.ok) return { verifies: range, lowS: range, recovery: range };
  const key = weierstrassKey(publicKey, secp256k1.Point);
  if (!key.ok) return { verifies: key.verdict, lowS: lowSVerdict(signature, n), recovery: key.verdict };
  const holds = secp256k1.verify(compactSignature(signature), hash, publicKey, {
    prehash: false,
    lowS: false,
  });
  return {
    verifies: holds
      ? PASS
      : failed('equation-failed', 'the ECDSA equation does not hold for this hash and public key'),
    lowS: lowSVerdict(signature, n),
    recovery: recoveryVerdict(signature, (recid) => {
      const recovered = secp256k1.recoverPublicKey(
        concatBytes(new Uint8Array([recid]), compactSignature(signature)),
        hash,
        {
          prehash: false,
        },
      );
      return secp256k1.Point.fromBytes(recovered).equals(key.point);
    }),
  };
}

/**
 * ECDSA over the Stark curve. The hash is mapped to a Stark message by `rule` (stark-message.ts): both rules
 * agree for hashes below 2^251, which is what a suite should send when it does not probe the rule itself.
 */
export function verifyEcdsaStark(
  signature: RawSignature,
  hash: Uint8Array,
  publicKey: Uint8Array,
  rule: StarkHashRule = 'reduce-mod-n',
): EcdsaVerdicts {
  assertHash32(hash);
  const n = stark.Point.Fn.ORDER;
  let message: Uint8Array;
  try {
    message = starkMessageFromHash(hash, rule);
  } catch (error) {
    const v = failed(
      'hash-out-of-range',
      error instanceof Error ? error.message : 'hash cannot be a Stark message',
    );
    return { verifies: v, lowS: lowSVerdict(signature, n), recovery: v };
  }
  const range = rangeVerdict(signature, n);
  if (!range.ok) return { verifies: range, lowS: range, recovery: range };
  const key = weierstrassKey(publicKey, stark.Point);
  if (!key.ok) return { verifies: key.verdict, lowS: lowSVerdict(signature, n), recovery: key.verdict };
  const sig = new stark.Signature(bytesToNumberBE(signature.r), bytesToNumberBE(signature.s));
  let holds: boolean;
  try {
    holds = stark.verify(sig, message, publicKey);
  } catch {
    // StarkWare ECDSA also requires r < 2^251 and s⁻¹ mod n < 2^251; scure throws when they are not.
    const rTooLarge = bytesToNumberBE(signature.r) >= stark.MAX_VALUE;
    return {
      verifies: rTooLarge
        ? failed('r-out-of-range', 'StarkWare ECDSA requires r < 2^251')
        : failed('s-out-of-range', 'StarkWare ECDSA requires s⁻¹ mod n < 2^251'),
      lowS: lowSVerdict(signature, n),
      recovery: recoveryVerdict(signature, () => false),
    };
  }
  return {
    verifies: holds
      ? PASS
      : failed('equation-failed', 'the Stark ECDSA equation does not hold for this hash and public key'),
    lowS: lowSVerdict(signature, n),
    recovery: recoveryVerdict(signature, (recid) =>
      sig.addRecoveryBit(recid).recoverPublicKey(message).equals(key.point),
    ),
  };
}

export interface Ed25519Verdicts {
  /**
   * RFC 8032 verification of R ‖ S (strict: canonical encodings, no ZIP-215 leniency). When it fails only
   * because S ≥ L (the equation holds with S mod L) the reason is `s-not-canonical`, never `equation-failed`.
   */
  readonly verifies: Verdict;
  /** S < L: a malleated S + L would still pass a lax verifier. */
  readonly sCanonical: Verdict;
}

/** Ed25519: r = R (32-byte point), s = S (32 bytes little-endian), signature R ‖ S over the message. */
export function verifyEd25519(
  signature: RawSignature,
  message: Uint8Array,
  publicKey: Uint8Array,
): Ed25519Verdicts {
  const L = ed25519.Point.Fn.ORDER;
  if (signature.r.length !== 32 || signature.s.length !== 32) {
    const v = failed('bad-length', 'R and S must be 32 bytes each');
    return { verifies: v, sCanonical: v };
  }
  const sCanonical =
    bytesToNumberLE(signature.s) < L
      ? PASS
      : failed('s-not-canonical', 'S (little-endian) is not below the group order L');
  if (publicKey.length !== 32 || !ed25519.utils.isValidPublicKey(publicKey, false)) {
    return {
      verifies: failed('public-key-invalid', 'public key is not a canonical ed25519 point'),
      sCanonical,
    };
  }
  const holds = ed25519.verify(compactSignature(signature), message, publicKey, { zip215: false });
  if (holds) return { verifies: PASS, sCanonical };
  if (sCanonical.ok) {
    return {
      verifies: failed('equation-failed', 'the Ed25519 equation [S]B = R + [k]A does not hold'),
      sCanonical,
    };
  }
  // The strict verifier refuses S ≥ L before it looks at the equation; [S]B = [S mod L]B, so the equation
  // holds with S as sent exactly when it holds with S mod L, and "does not hold" would be false if it does.
  const reduced = { r: signature.r, s: numberToBytesLE(bytesToNumberLE(signature.s) % L, 32) };
  return ed25519.verify(compactSignature(reduced), message, publicKey, { zip215: false })
    ? {
        verifies: failed(
          's-not-canonical',
          'S ≥ L: the Ed25519 equation [S]B = R + [k]A holds (as it does with S mod L), but RFC 8032 §5.1.7 verifiers reject S ≥ L',
        ),
        sCanonical,
      }
    : {
        verifies: failed(
          'equation-failed',
          'the Ed25519 equation [S]B = R + [k]A does not hold, with S as sent (≥ L) or reduced mod L',
        ),
        sCanonical,
      };
}

/** Plain BIP-340 verification under a 32-byte x-only key. */
export function verifyBip340(
  signature: Uint8Array,
  message: Uint8Array,
  xOnlyPublicKey: Uint8Array,
): Verdict {
  if (signature.length !== 64)
    return failed('bad-length', `a BIP-340 signature is 64 bytes, got ${signature.length}`);
  if (xOnlyPublicKey.length !== 32)
    return failed('public-key-invalid', 'a BIP-340 public key is 32 bytes (x-only)');
  return schnorr.verify(signature, message, xOnlyPublicKey)
    ? PASS
    : failed('equation-failed', 'the BIP-340 equation does not hold under this key');
}

export interface SchnorrTaprootVerdict {
  /** Verifies under the tweaked output key Q. When not, the reason says if a known wrong key explains it. */
  readonly verifies: Verdict;
  /** x(Q), the key it was checked under (public: for evidence). */
  readonly outputKeyX: Uint8Array;
}

/**
 * BIP-340 Schnorr for FROST_BITCOIN keys: r = x(R), s big-endian, under the BIP-341 tweak of the key's
 * publicKey with `merkleRoot` (undefined for the API's ""). A signature that verifies under the untweaked
 * key, or under the key tweaked without the merkle root, is a distinct fault and is named as such.
 */
export function verifySchnorrTaproot(
  signature: RawSignature,
  message: Uint8Array,
  internalPublicKey: Uint8Array,
  merkleRoot?: Uint8Array,
): SchnorrTaprootVerdict {
  let tweak;
  try {
    tweak = taprootTweak(internalPublicKey, merkleRoot);
  } catch (error) {
    if (!(error instanceof CryptoInputError)) throw error;
    return { verifies: failed('public-key-invalid', error.message), outputKeyX: new Uint8Array(0) };
  }
  const sig = compactSignature(signature);
  const underQ = verifyBip340(sig, message, tweak.outputKeyX);
  if (underQ.ok) return { verifies: PASS, outputKeyX: tweak.outputKeyX };
  if (schnorr.verify(sig, message, tweak.internalKeyX)) {
    return {
      verifies: failed(
        'verifies-under-untweaked-key',
        'the signature verifies under the internal key, not the taproot output key',
      ),
      outputKeyX: tweak.outputKeyX,
    };
  }
  if (merkleRoot !== undefined && schnorr.verify(sig, message, taprootTweak(internalPublicKey).outputKeyX)) {
    return {
      verifies: failed(
        'verifies-without-merkle-root',
        'the signature verifies under the key tweaked without the merkle root',
      ),
      outputKeyX: tweak.outputKeyX,
    };
  }
  return { verifies: underQ, outputKeyX: tweak.outputKeyX };
}

function assertHash32(hash: Uint8Array): void {
  if (hash.length !== 32) fail('bad-length', `hash must be 32 bytes, got ${hash.length}`);
}

function rangeVerdict(signature: RawSignature, n: bigint): Verdict {
  if (signature.r.length !== 32 || signature.s.length !== 32)
    return failed('bad-length', 'r and s must be 32 bytes each');
  const r = bytesToNumberBE(signature.r);
  const s = bytesToNumberBE(signature.s);
  if (r === 0n || r >= n) return failed('r-out-of-range', 'r must be in [1, n)');
  if (s === 0n || s >= n) return failed('s-out-of-range', 's must be in [1, n)');
  return PASS;
}

function lowSVerdict(signature: RawSignature, n: bigint): Verdict {
  return bytesToNumberBE(signature.s) <= n >> 1n
    ? PASS
    : failed('high-s', 's is above n/2 (not normalised to low-S)');
}

function recoveryVerdict(signature: RawSignature, recovers: (recid: 0 | 1) => boolean): Verdict {
  if (signature.recid === undefined) return failed('recid-missing', 'the signature has no recid');
  let ok = false;
  try {
    ok = recovers(signature.recid);
  } catch {
    ok = false;
  }
  return ok ? PASS : failed('recid-wrong', `recid ${signature.recid} does not recover the public key`);
}

type KeyResult<P> = { ok: true; point: P } | { ok: false; verdict: Verdict };

function weierstrassKey<P extends { assertValidity(): void }>(
  publicKey: Uint8Array,
  Point: { fromBytes(bytes: Uint8Array): P },
): KeyResult<P> {
  try {
    const point = Point.fromBytes(publicKey);
    point.assertValidity();
    return { ok: true, point };
  } catch {
    return {
      ok: false,
      verdict: failed('public-key-invalid', 'public key is not a valid SEC1 point on the curve'),
    };
  }
}
