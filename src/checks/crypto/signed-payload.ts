import { bytesToHex } from '@noble/hashes/utils.js';
import type { Exchange } from '../../client/exchange.ts';
import { curveByName, type CurveName } from '../../crypto/curves.ts';
import { parseHex } from '../../crypto/encoding.ts';
import { CryptoInputError } from '../../crypto/errors.ts';
import { checkPublicKey } from '../../crypto/public-key.ts';
import type { RawSignature } from '../../crypto/signature-encoding.ts';
import type { StarkHashRule } from '../../crypto/stark-message.ts';
import { responseObject } from '../body.ts';
import { isSuccess } from '../check.ts';

/**
 * What a GenerateSignature exchange was asked to sign and under which key, the expectation every signature
 * check takes. The signature checks each judge one property of the returned signature; this module holds
 * what they share: where the signature is in the response, a lenient read of r and s (so that a formatting
 * fault, judged by signature_encoding alone, does not hide the cryptography), and public-only evidence.
 */
export type SigningScheme = 'ECDSA' | 'EdDSA' | 'Schnorr';

export interface SignedPayload {
  readonly keyId: string;
  readonly scheme: SigningScheme;
  readonly curve: CurveName;
  /**
   * The public key to verify under, as API hex. For a key the suite imported, the one it computed from the
   * secret (so a wrong publicKey in the Key cannot make a wrong signature look right).
   */
  readonly publicKey: string;
  readonly kind: 'Hash' | 'Message';
  /** The hash or message exactly as sent (hex, 0x optional). */
  readonly data: string;
  /** Schnorr only: `taprootMerkleRoot` as sent (`""` or 64 hex digits). */
  readonly taprootMerkleRoot?: string;
  /** Stark only: how a hash becomes the signed message (default reduce-mod-n; see stark-message.ts). */
  readonly starkHashRule?: StarkHashRule;
  /** Stark only: whether low-S is expected (profile hypothesis starkSignaturesLowS; default true). */
  readonly starkSignaturesLowS?: boolean;
}

export const SIGNATURE_POINTER = '#/components/schemas/SignatureRequest/properties/signature';

/** Statuses of a request whose signature is not made yet (a policy hold): no signature check applies. */
const NOT_YET_SIGNED: readonly unknown[] = ['Pending', 'Executing', 'Failed', 'Rejected'];

export type ReturnedSignature =
  | { readonly state: 'not-applicable' }
  | { readonly state: 'missing' }
  | { readonly state: 'present'; readonly value: unknown };

/** The `signature` of a successful GenerateSignature (or GetSignature) answer, if it should have one. */
export function returnedSignature(exchange: Exchange): ReturnedSignature {
  const status = exchange.response?.status;
  if (status === undefined || !isSuccess(status)) return { state: 'not-applicable' };
  const body = responseObject(exchange);
  if (body === undefined || NOT_YET_SIGNED.includes(body.status)) return { state: 'not-applicable' };
  return body.signature === undefined ? { state: 'missing' } : { state: 'present', value: body.signature };
}

/**
 * r and s as 32 bytes each, 0x optional, any case; recid when it is 0 or 1. Undefined when r or s cannot be
 * read at all. Deliberately more lenient than the contract: signature_encoding reports the form, the other
 * checks judge the values.
 */
export function readableSignature(value: unknown): RawSignature | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { r, s, recid } = value as Record<string, unknown>;
  try {
    return {
      r: parseHex(r, 'signature.r', { allow0x: true, bytes: 32 }),
      s: parseHex(s, 'signature.s', { allow0x: true, bytes: 32 }),
      ...(recid === 0 || recid === 1 ? { recid } : {}),
    };
  } catch (error) {
    if (error instanceof CryptoInputError) return undefined;
    throw error;
  }
}

/** The signature of an exchange, readable, or undefined (then the check is not applicable). */
export function signatureToJudge(exchange: Exchange): RawSignature | undefined {
  const returned = returnedSignature(exchange);
  return returned.state === 'present' ? readableSignature(returned.value) : undefined;
}

/** The signed bytes: the hash or the message as sent. */
export function payloadBytes(payload: SignedPayload): Uint8Array {
  return parseHex(payload.data, payload.kind === 'Hash' ? 'hash' : 'message', { allow0x: true });
}

/** The public key as bytes, or undefined when it is not a point of the curve (public_key_encoding reports that). */
export function publicKeyBytes(payload: SignedPayload): Uint8Array | undefined {
  const checked = checkPublicKey(payload.curve, payload.publicKey);
  if (checked.point === undefined) return undefined;
  return curveByName(payload.curve).encodePoint(checked.point, 'compressed');
}

/** `ECDSA/secp256k1`: the subject of a signature finding (part of its fingerprint, so no run ids). */
export function subjectOf(payload: Pick<SignedPayload, 'scheme' | 'curve'>): string {
  return `${payload.scheme}/${payload.curve}`;
}

export function hex0x(bytes: Uint8Array): string {
  return `0x${bytesToHex(bytes)}`;
}

/** The hash or message for a one-line message: full when short, else its length and head. */
export function describeData(payload: SignedPayload): string {
  const digits = payload.data.replace(/^0x/i, '');
  const shown =
    digits.length <= 80 ? `0x${digits}` : `0x${digits.slice(0, 64)}… (${digits.length / 2} bytes)`;
  return `${payload.kind === 'Hash' ? 'hash' : 'message'} ${shown}`;
}

/**
 * The public values a signature finding carries: which key, what was signed, what came back. Never a
 * secret: the suite's knowledge of a key's secret stays out of every finding.
 */
export function signatureEvidence(
  payload: SignedPayload,
  signature: RawSignature | undefined,
  extra: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  return {
    keyId: payload.keyId,
    scheme: payload.scheme,
    curve: payload.curve,
    publicKey: payload.publicKey,
    kind: payload.kind,
    [payload.kind === 'Hash' ? 'hash' : 'message']: payload.data,
    ...(payload.taprootMerkleRoot === undefined ? {} : { taprootMerkleRoot: payload.taprootMerkleRoot }),
    ...(signature === undefined
      ? {}
      : {
          r: hex0x(signature.r),
          s: hex0x(signature.s),
          ...(signature.recid === undefined ? {} : { recid: signature.recid }),
        }),
    ...extra,
  };
}
