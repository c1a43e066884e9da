import { bytesToNumberBE } from '@noble/curves/utils.js';
import { curveByName } from '../../crypto/curves.ts';
import { PASS, type Check } from '../check.ts';
import {
  describeData,
  signatureEvidence,
  signatureToJudge,
  subjectOf,
  type SignedPayload,
} from './signed-payload.ts';

/**
 * ecdsa_low_s: s ≤ n/2. (r, n − s) verifies as well as (r, s), so a target that returns either lets anyone
 * change a signature's bytes (and a transaction id) without the key; Bitcoin and EVM consumers refuse high
 * s, and cggmp21 normalises it (key-crypto.md §6.1 [C] for secp256k1). For stark the profile says whether
 * low-S is expected (hypothesis starkSignaturesLowS, [I]).
 */
export const ecdsaLowS: Check<SignedPayload> = {
  id: 'ecdsa_low_s',
  severity: 'high',
  rationale:
    'A high-S ECDSA signature is malleable: anyone can flip it to n − s without the key; Bitcoin and EVM nodes refuse it, and the Dfns cluster normalises s.',
  run(exchange, _context, payload) {
    if (payload.scheme !== 'ECDSA') return 'not-applicable';
    if (payload.curve === 'stark' && payload.starkSignaturesLowS === false) return 'not-applicable';
    const signature = signatureToJudge(exchange);
    if (signature === undefined) return 'not-applicable';
    const n = curveByName(payload.curve).order;
    const s = bytesToNumberBE(signature.s);
    // An s outside [1, n) has no canonical form at all; signature_verifies reports it.
    if (s === 0n || s >= n) return 'not-applicable';
    const half = n >> 1n;
    if (s <= half) return PASS;
    return [
      {
        message: `${subjectOf(payload)} key ${payload.keyId}: the signature of ${describeData(payload)} has high s (s > n/2); the canonical form is n − s = 0x${(n - s).toString(16).padStart(64, '0')}`,
        pointer: '#/components/schemas/Signature/properties/s',
        subject: subjectOf(payload),
        evidence: signatureEvidence(payload, signature, {
          equation: 's ≤ n/2',
          halfOrder: `0x${half.toString(16)}`,
          canonicalS: `0x${(n - s).toString(16).padStart(64, '0')}`,
        }),
      },
    ];
  },
};
