import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE } from '@noble/curves/utils.js';
import { verifyEd25519 } from '../../crypto/verify.ts';
import { PASS, type Check } from '../check.ts';
import {
  describeData,
  payloadBytes,
  publicKeyBytes,
  signatureEvidence,
  signatureToJudge,
  subjectOf,
  type SignedPayload,
} from './signed-payload.ts';

/**
 * ed25519_s_below_order: S, read little-endian, is below the group order L (RFC 8032 §5.1.7 makes a
 * verifier reject S ≥ L). An S + L verifies under lax verifiers, so a signature with S ≥ L is malleable
 * and strict ones (Solana, libsodium) refuse it. The finding says whether the signature verifies once S is
 * reduced mod L (the fix is the reduction) or not (the S value is wrong, and signature_verifies says how).
 * A signature that verifies with S's bytes reversed has S written big-endian: its S ≥ L comes from the byte
 * order, which signature_verifies reports, so this check does not judge it (a reduction would not fix it).
 */
const L = ed25519.Point.Fn.ORDER;

export const ed25519SBelowOrder: Check<SignedPayload> = {
  id: 'ed25519_s_below_order',
  severity: 'high',
  rationale:
    'RFC 8032 requires S < L: S + L is a second valid-looking signature for lax verifiers (malleability) and is refused outright by strict ones.',
  run(exchange, _context, payload) {
    if (payload.scheme !== 'EdDSA') return 'not-applicable';
    const signature = signatureToJudge(exchange);
    if (signature === undefined) return 'not-applicable';
    const S = bytesToNumberLE(signature.s);
    if (S < L) return PASS;
    const cause = causeOf(payload, signature.r, signature.s);
    if (cause === 'byte-order') return 'not-applicable';
    const reducedS = `0x${(S % L).toString(16)}`;
    const consequence =
      cause === 'unreduced'
        ? `the signature verifies once S is reduced mod L (S mod L = ${reducedS}): S must be reduced mod L`
        : cause === 'wrong-s'
          ? 'the signature does not verify with S reduced mod L either: S is wrong, not merely unreduced (signature_verifies reports the failed equation)'
          : 'S must be below L';
    return [
      {
        message: `${subjectOf(payload)} key ${payload.keyId}: the signature of ${describeData(payload)} has S ≥ L (S read little-endian is 0x${S.toString(16)}); ${consequence}`,
        pointer: '#/components/schemas/Signature/properties/s',
        subject: subjectOf(payload),
        evidence: signatureEvidence(payload, signature, {
          equation: 'S < L (S little-endian)',
          S: `0x${S.toString(16)}`,
          L: `0x${L.toString(16)}`,
          reducedS,
          ...(cause === 'unknown' ? {} : { verifiesWithReducedS: cause === 'unreduced' }),
        }),
      },
    ];
  },
};

/**
 * Why S ≥ L: `unreduced` (the equation holds with S mod L), `byte-order` (it verifies with S's bytes
 * reversed), `wrong-s` (neither), `unknown` (no valid public key to verify under).
 */
function causeOf(
  payload: SignedPayload,
  r: Uint8Array,
  s: Uint8Array,
): 'unreduced' | 'byte-order' | 'wrong-s' | 'unknown' {
  const publicKey = publicKeyBytes(payload);
  if (publicKey === undefined) return 'unknown';
  const data = payloadBytes(payload);
  const { verifies } = verifyEd25519({ r, s }, data, publicKey);
  if (!verifies.ok && verifies.reason === 's-not-canonical') return 'unreduced';
  if (!verifies.ok && verifies.reason === 'public-key-invalid') return 'unknown';
  if (verifyEd25519({ r, s: s.slice().reverse() }, data, publicKey).verifies.ok) return 'byte-order';
  return 'wrong-s';
}
