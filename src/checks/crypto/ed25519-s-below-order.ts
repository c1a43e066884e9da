import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE } from '@noble/curves/utils.js';
import { PASS, type Check } from '../check.ts';
import {
  describeData,
  signatureEvidence,
  signatureToJudge,
  subjectOf,
  type SignedPayload,
} from './signed-payload.ts';

/**
 * ed25519_s_below_order: S, read little-endian, is below the group order L (RFC 8032 §5.1.7 makes a
 * verifier reject S ≥ L). An S + L verifies under lax verifiers, so a signature with S ≥ L is malleable
 * and strict ones (Solana, libsodium) refuse it.
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
    return [
      {
        message: `${subjectOf(payload)} key ${payload.keyId}: the signature of ${describeData(payload)} has S ≥ L (S read little-endian is 0x${S.toString(16)}); S must be reduced mod L`,
        pointer: '#/components/schemas/Signature/properties/s',
        subject: subjectOf(payload),
        evidence: signatureEvidence(payload, signature, {
          equation: 'S < L (S little-endian)',
          S: `0x${S.toString(16)}`,
          L: `0x${L.toString(16)}`,
          ...(S - L < L ? { reducedS: `0x${(S - L).toString(16)}` } : {}),
        }),
      },
    ];
  },
};
