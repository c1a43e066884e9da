import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, concatBytes, equalBytes } from '@noble/curves/utils.js';
import { parseApiSignature, type RawSignature } from '../../crypto/signature-encoding.ts';
import { PASS, type Check, type CheckFailure } from '../check.ts';
import {
  hex0x,
  readableSignature,
  returnedSignature,
  signatureEvidence,
  subjectOf,
  SIGNATURE_POINTER,
  type SignedPayload,
} from './signed-payload.ts';

/**
 * signature_encoding: the signature has the documented form (key-crypto.md §6): r and s are "0x" + 64 hex
 * digits (32 bytes, any case); recid, when present, is 0 or 1 and appears on ECDSA only (EdDSA carries none
 * [C]; Schnorr is not judged on it [I]); `encoded`, when present, is hex and one of the encodings of this
 * very (r, s): r‖s, r‖s‖v (v = recid or 27 + recid), DER for ECDSA; R‖S or 0x00‖R‖S (Polkadot) for EdDSA;
 * r‖s for Schnorr. A signed request without a signature is reported here too.
 */
const SIGNATURE_SCHEMA = '#/components/schemas/Signature';

export const signatureEncoding: Check<SignedPayload> = {
  id: 'signature_encoding',
  severity: 'high',
  rationale:
    'Clients and SDKs slice r and s as 0x-prefixed 32-byte hex and hand `encoded` straight to a chain: any other form breaks them, and an `encoded` that disagrees with r and s signs something else.',
  run(exchange, _context, payload) {
    const returned = returnedSignature(exchange);
    if (returned.state === 'not-applicable') return 'not-applicable';
    const subject = subjectOf(payload);
    if (returned.state === 'missing') {
      return [
        {
          message: `${subject} key ${payload.keyId}: the request is answered as signed but carries no signature`,
          pointer: SIGNATURE_POINTER,
          subject,
          evidence: signatureEvidence(payload, undefined),
        },
      ];
    }
    const parsed = parseApiSignature(returned.value);
    const readable = readableSignature(returned.value);
    if (!parsed.ok) {
      return parsed.problems.map((problem) => ({
        message: `${subject} key ${payload.keyId}: ${problem.message}`,
        pointer:
          problem.field === 'signature'
            ? SIGNATURE_POINTER
            : `${SIGNATURE_SCHEMA}/properties/${problem.field}`,
        subject,
        evidence: signatureEvidence(payload, readable, {
          field: problem.field,
          problem: problem.code,
          returned: fieldValue(returned.value, problem.field),
          expected: EXPECTED_FORM[problem.field],
        }),
      }));
    }
    const failures: CheckFailure[] = [];
    const { signature } = parsed;
    if (payload.scheme === 'EdDSA' && signature.recid !== undefined) {
      failures.push({
        message: `${subject} key ${payload.keyId}: an EdDSA signature carries recid ${signature.recid}; Ed25519 has no recovery id`,
        pointer: `${SIGNATURE_SCHEMA}/properties/recid`,
        subject,
        severity: 'low',
        evidence: signatureEvidence(payload, signature, { field: 'recid' }),
      });
    }
    if (signature.encoded !== undefined && !encodedMatches(payload.scheme, signature, signature.encoded)) {
      failures.push({
        message: `${subject} key ${payload.keyId}: encoded ${hex0x(signature.encoded)} is not an encoding of the returned r and s (${ENCODED_FORMS[payload.scheme]})`,
        pointer: `${SIGNATURE_SCHEMA}/properties/encoded`,
        subject,
        evidence: signatureEvidence(payload, signature, {
          field: 'encoded',
          encoded: hex0x(signature.encoded),
          expected: ENCODED_FORMS[payload.scheme],
        }),
      });
    }
    return failures.length === 0 ? PASS : failures;
  },
};

const EXPECTED_FORM: Readonly<Record<string, string>> = {
  signature: 'an object {r, s, recid?, encoded?}',
  r: '"0x" + 64 hex digits',
  s: '"0x" + 64 hex digits',
  recid: '0 or 1',
  encoded: 'hex with an optional 0x',
};

const ENCODED_FORMS: Readonly<Record<SignedPayload['scheme'], string>> = {
  ECDSA: 'r‖s, r‖s‖v with v = recid or 27 + recid, or DER',
  EdDSA: 'R‖S or 0x00‖R‖S',
  Schnorr: 'r‖s',
};

function fieldValue(value: unknown, field: string): unknown {
  if (field === 'signature' || typeof value !== 'object' || value === null) return value ?? null;
  return (value as Record<string, unknown>)[field] ?? null;
}

/** Whether `encoded` is one of the chain encodings of exactly this (r, s, recid). */
export function encodedMatches(
  scheme: SignedPayload['scheme'],
  signature: RawSignature,
  encoded: Uint8Array,
): boolean {
  const rs = concatBytes(signature.r, signature.s);
  const forms: Uint8Array[] = [rs];
  if (scheme === 'EdDSA') forms.push(concatBytes(new Uint8Array([0]), rs));
  if (scheme === 'ECDSA') {
    if (signature.recid !== undefined) {
      forms.push(concatBytes(rs, new Uint8Array([signature.recid])));
      forms.push(concatBytes(rs, new Uint8Array([27 + signature.recid])));
    }
    const der = derOf(signature);
    if (der !== undefined) forms.push(der);
  }
  return forms.some((form) => equalBytes(form, encoded));
}

function derOf(signature: RawSignature): Uint8Array | undefined {
  try {
    return new secp256k1.Signature(bytesToNumberBE(signature.r), bytesToNumberBE(signature.s)).toBytes('der');
  } catch {
    return undefined;
  }
}
