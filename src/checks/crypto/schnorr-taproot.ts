import { CryptoInputError } from '../../crypto/errors.ts';
import { parseMerkleRoot } from '../../crypto/taproot.ts';
import { verifySchnorrTaproot } from '../../crypto/verify.ts';
import { PASS, type Check } from '../check.ts';
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
 * schnorr_bip340_under_taproot_key: a FROST_BITCOIN signature is a BIP-340 signature (r = x(R), s
 * big-endian) under the BIP-341 output key Q = P + int(TaggedHash("TapTweak", x(P) ‖ root))·G, where P is
 * the key's publicKey with even y and root the request's taprootMerkleRoot (`""` = no script tree, BIP-86
 * [I]). A taproot output commits to Q, so a signature under P or under the wrong tweak cannot spend it.
 * When the signature verifies under a known wrong key (P itself, or Q without the root), the finding names it.
 */
export const TAPROOT_EQUATION =
  's·G = R + e·Q, e = TaggedHash("BIP0340/challenge", x(R) ‖ x(Q) ‖ m), Q = P + TaggedHash("TapTweak", x(P) ‖ root)·G';

export const schnorrBip340UnderTaprootKey: Check<SignedPayload> = {
  id: 'schnorr_bip340_under_taproot_key',
  severity: 'critical',
  rationale:
    'A taproot output commits to the tweaked key Q: a Schnorr signature that verifies only under the internal key, or under another tweak, cannot spend it.',
  run(exchange, _context, payload) {
    if (payload.scheme !== 'Schnorr') return 'not-applicable';
    const signature = signatureToJudge(exchange);
    const publicKey = publicKeyBytes(payload);
    if (signature === undefined || publicKey === undefined) return 'not-applicable';
    let root: Uint8Array | undefined;
    try {
      root = parseMerkleRoot(payload.taprootMerkleRoot ?? '');
    } catch (error) {
      // A malformed root is a negative test's input, not a signature to judge.
      if (error instanceof CryptoInputError) return 'not-applicable';
      throw error;
    }
    const { verifies, outputKeyX } = verifySchnorrTaproot(signature, payloadBytes(payload), publicKey, root);
    if (verifies.ok) return PASS;
    return [
      {
        message: `${subjectOf(payload)} key ${payload.keyId}: the signature of ${describeData(payload)} with taprootMerkleRoot ${JSON.stringify(payload.taprootMerkleRoot ?? '')} is not a BIP-340 signature under the taproot output key x(Q) = ${hex0x(outputKeyX)} (${verifies.detail})`,
        pointer: SIGNATURE_POINTER,
        subject: subjectOf(payload),
        evidence: signatureEvidence(payload, signature, {
          equation: TAPROOT_EQUATION,
          reason: verifies.reason,
          outputKeyX: hex0x(outputKeyX),
        }),
      },
    ];
  },
};
