import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, concatBytes } from '@noble/curves/utils.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import * as stark from '@scure/starknet';
import { compactSignature, type RawSignature } from '../../crypto/signature-encoding.ts';
import { starkMessageFromHash, type StarkHashRule } from '../../crypto/stark-message.ts';
import { verifyEcdsaSecp256k1, verifyEcdsaStark } from '../../crypto/verify.ts';
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
 * ecdsa_recid_recovers_key: `recid` is the parity of R that, with (r, s, hash), recovers the key's public
 * key. EVM consumers build v = 27 + recid from it (key-crypto.md §6.1 [C]); a wrong recid makes every
 * ecrecover land on another address. secp256k1 signatures must carry one; for stark the field is optional
 * ([I]: no Dfns stark response was seen), so only a recid that is present is judged. Judged only for
 * signatures that verify (otherwise no recid can be right, and signature_verifies says why).
 */
export const ecdsaRecidRecoversKey: Check<SignedPayload> = {
  id: 'ecdsa_recid_recovers_key',
  severity: 'critical',
  rationale:
    'EVM and other recoverable-signature chains derive the signer from (r, s, recid): a wrong recid sends funds to, or authorises, a different address.',
  run(exchange, _context, payload) {
    if (payload.scheme !== 'ECDSA' || payload.kind !== 'Hash') return 'not-applicable';
    const signature = signatureToJudge(exchange);
    const publicKey = publicKeyBytes(payload);
    if (signature === undefined || publicKey === undefined) return 'not-applicable';
    const hash = payloadBytes(payload);
    if (hash.length !== 32) return 'not-applicable';
    if (payload.curve === 'stark' && signature.recid === undefined) return 'not-applicable';
    const rule = payload.starkHashRule ?? 'reduce-mod-n';
    const verdicts =
      payload.curve === 'stark'
        ? verifyEcdsaStark(signature, hash, publicKey, rule)
        : verifyEcdsaSecp256k1(signature, hash, publicKey);
    if (!verdicts.verifies.ok) return 'not-applicable';
    const recovery = verdicts.recovery;
    if (recovery.ok) return PASS;
    const recovered =
      signature.recid === undefined ? undefined : recoveredKey(payload.curve, signature, hash, rule);
    return [
      {
        message:
          signature.recid === undefined
            ? `${subjectOf(payload)} key ${payload.keyId}: the signature of ${describeData(payload)} has no recid; secp256k1 signatures carry the recovery id 0 or 1`
            : `${subjectOf(payload)} key ${payload.keyId}: recid ${signature.recid} of the signature of ${describeData(payload)} recovers ${recovered ?? 'no key'}, not publicKey ${payload.publicKey}`,
        pointer: '#/components/schemas/Signature/properties/recid',
        subject: subjectOf(payload),
        evidence: signatureEvidence(payload, signature, {
          equation: 'recover(recid, r, s, z) = publicKey',
          reason: recovery.reason,
          ...(recovered === undefined ? {} : { recoveredPublicKey: recovered }),
        }),
      },
    ];
  },
};

/** The compressed public key (hex) that (recid, r, s, hash) recovers; public, for evidence. */
export function recoveredKey(
  curve: 'secp256k1' | 'stark' | 'ed25519',
  signature: RawSignature,
  hash: Uint8Array,
  rule: StarkHashRule = 'reduce-mod-n',
): string | undefined {
  if (signature.recid === undefined) return undefined;
  try {
    if (curve === 'secp256k1') {
      const bytes = secp256k1.recoverPublicKey(
        concatBytes(new Uint8Array([signature.recid]), compactSignature(signature)),
        hash,
        { prehash: false },
      );
      return bytesToHex(bytes);
    }
    if (curve === 'stark') {
      const sig = new stark.Signature(bytesToNumberBE(signature.r), bytesToNumberBE(signature.s));
      return sig
        .addRecoveryBit(signature.recid)
        .recoverPublicKey(starkMessageFromHash(hash, rule))
        .toHex(true);
    }
  } catch {
    return undefined;
  }
  return undefined;
}
