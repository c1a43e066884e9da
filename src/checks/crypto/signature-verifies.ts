import { sha256 } from '@noble/hashes/sha2.js';
import type { RawSignature } from '../../crypto/signature-encoding.ts';
import { starkMessageFromHash } from '../../crypto/stark-message.ts';
import type { Verdict } from '../../crypto/verdict.ts';
import { verifyEcdsaSecp256k1, verifyEcdsaStark, verifyEd25519 } from '../../crypto/verify.ts';
import { PASS, type Check, type CheckFailure } from '../check.ts';
import {
  describeData,
  hex0x,
  payloadBytes,
  publicKeyBytes,
  signatureEvidence,
  signatureToJudge,
  SIGNATURE_POINTER,
  subjectOf,
  type SignedPayload,
} from './signed-payload.ts';

/**
 * signature_verifies: the signature's equation holds under the key's public key, checked with an
 * independent verifier (noble, @scure/starknet). ECDSA (secp256k1: e = int(hash) mod n, no prehash; stark:
 * the hash mapped by the rule of stark-message.ts) and Ed25519 (RFC 8032, strict). Schnorr signatures have
 * one correct key, the BIP-341 output key, and are judged by schnorr_bip340_under_taproot_key alone, so one
 * defect is not reported twice; for the same reason an Ed25519 S ≥ L whose equation holds (it does exactly
 * when it holds with S mod L) is left to ed25519_s_below_order, as a high-S ECDSA signature is to
 * ecdsa_low_s. Where a known misreading explains the failure (the hash hashed again, S written big-endian),
 * the finding says so.
 */
export const ECDSA_EQUATION = 'r = x(s⁻¹·z·G + s⁻¹·r·Q) mod n, z = int(hash) mod n';
export const STARK_EQUATION =
  'r = x(s⁻¹·z·G + s⁻¹·r·Q) mod n, z = the Stark message of the hash; r, z < 2^251';
export const ED25519_EQUATION = '[S]B = R + [SHA-512(R ‖ A ‖ M) mod L]A';

export const signatureVerifies: Check<SignedPayload> = {
  id: 'signature_verifies',
  severity: 'critical',
  rationale:
    'A signature that does not verify under the key is worthless on chain at best, and at worst a sign that the target signed something other than what it was asked to sign.',
  run(exchange, _context, payload) {
    if (payload.scheme === 'Schnorr') return 'not-applicable';
    const signature = signatureToJudge(exchange);
    const publicKey = publicKeyBytes(payload);
    if (signature === undefined || publicKey === undefined) return 'not-applicable';
    const data = payloadBytes(payload);
    if (payload.scheme === 'ECDSA') {
      if (payload.kind !== 'Hash' || data.length !== 32) return 'not-applicable';
      if (payload.curve === 'secp256k1') {
        const { verifies } = verifyEcdsaSecp256k1(signature, data, publicKey);
        const sha =
          !verifies.ok && verifyEcdsaSecp256k1(signature, sha256(data), publicKey).verifies.ok
            ? 'it verifies over SHA-256(hash) instead: the target hashed the 32-byte hash again rather than signing it as given'
            : undefined;
        return failureOf(verifies, payload, signature, ECDSA_EQUATION, sha);
      }
      if (payload.curve === 'stark') {
        const rule = payload.starkHashRule ?? 'reduce-mod-n';
        const { verifies } = verifyEcdsaStark(signature, data, publicKey, rule);
        let z: string | undefined;
        try {
          z = hex0x(starkMessageFromHash(data, rule));
        } catch {
          z = undefined;
        }
        return failureOf(verifies, payload, signature, STARK_EQUATION, undefined, {
          starkHashRule: rule,
          ...(z === undefined ? {} : { z }),
        });
      }
      return 'not-applicable';
    }
    const { verifies } = verifyEd25519(signature, data, publicKey);
    // The equation holds and only S ≥ L failed: that is ed25519_s_below_order's finding (as high-S is
    // ecdsa_low_s'), and reporting it here too would call one fault critical under a false name.
    if (!verifies.ok && verifies.reason === 's-not-canonical') return PASS;
    const reversed = { r: signature.r, s: signature.s.slice().reverse() };
    const bigEndian =
      !verifies.ok && verifyEd25519(reversed, data, publicKey).verifies.ok
        ? 'it verifies with S read big-endian: S must be little-endian (RFC 8032 §5.1.2)'
        : undefined;
    return failureOf(verifies, payload, signature, ED25519_EQUATION, bigEndian);
  },
};

function failureOf(
  verdict: Verdict,
  payload: SignedPayload,
  signature: RawSignature,
  equation: string,
  diagnosis: string | undefined,
  extra: Readonly<Record<string, unknown>> = {},
): readonly CheckFailure[] {
  if (verdict.ok) return PASS;
  return [
    {
      message: `${subjectOf(payload)} key ${payload.keyId}: the signature of ${describeData(payload)} does not verify under publicKey ${payload.publicKey} (${verdict.detail})${diagnosis === undefined ? '' : `; ${diagnosis}`}`,
      pointer: SIGNATURE_POINTER,
      subject: subjectOf(payload),
      evidence: signatureEvidence(payload, signature, {
        equation,
        reason: verdict.reason,
        ...(diagnosis === undefined ? {} : { diagnosis }),
        ...extra,
      }),
    },
  ];
}
