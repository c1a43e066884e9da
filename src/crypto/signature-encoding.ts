import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, equalBytes, numberToBytesBE } from '@noble/curves/utils.js';
import { CryptoInputError, type CryptoInputErrorCode } from './errors.ts';
import { parseHex, typeName } from './encoding.ts';

/**
 * A signature as the API carries it (`Signature` in keys-api.md §4.10): r and s are "0x" + 64 hex digits
 * (any case), recid is 0 or 1 (ECDSA only), encoded is chain-specific hex. The byte order inside r and s
 * is the scheme's own (key-crypto.md §6): ECDSA r, s big-endian; EdDSA r = R (point), s = S little-endian;
 * Schnorr r = x(R), s big-endian. Parsing does not reinterpret them; the verifiers do.
 */
export interface ApiSignature {
  readonly r: string;
  readonly s: string;
  readonly recid?: number;
  readonly encoded?: string;
}

/** r and s as the 32 bytes the API strings carry. */
export interface RawSignature {
  readonly r: Uint8Array;
  readonly s: Uint8Array;
  readonly recid?: 0 | 1;
  readonly encoded?: Uint8Array;
}

export interface SignatureProblem {
  readonly field: 'signature' | 'r' | 's' | 'recid' | 'encoded';
  readonly code: CryptoInputErrorCode | 'recid-invalid';
  readonly message: string;
}

export type SignatureParseResult =
  | { readonly ok: true; readonly signature: RawSignature }
  | { readonly ok: false; readonly problems: readonly SignatureProblem[] };

/**
 * Strict parse that reports every problem at once (a suite turns each into evidence), e.g. r without the
 * 0x prefix and a recid of 2 give two problems.
 */
export function parseApiSignature(value: unknown): SignatureParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fault(
      'signature',
      'field-type',
      `signature must be an object {r, s, recid?, encoded?}, got ${typeName(value)}`,
    );
  }
  const obj = value as Record<string, unknown>;
  const problems: SignatureProblem[] = [];
  const r = component(obj, 'r', problems);
  const s = component(obj, 's', problems);
  let recid: 0 | 1 | undefined;
  if (obj.recid !== undefined) {
    if (obj.recid === 0 || obj.recid === 1) recid = obj.recid;
    else
      problems.push({
        field: 'recid',
        code: 'recid-invalid',
        message: `recid must be 0 or 1, got ${JSON.stringify(obj.recid)}`,
      });
  }
  let encoded: Uint8Array | undefined;
  if (obj.encoded !== undefined) {
    try {
      encoded = parseHex(obj.encoded, 'encoded', { allow0x: true });
    } catch (error) {
      problems.push(asProblem('encoded', error));
    }
  }
  if (problems.length > 0 || r === undefined || s === undefined) return { ok: false, problems };
  return {
    ok: true,
    signature: {
      r,
      s,
      ...(recid === undefined ? {} : { recid }),
      ...(encoded === undefined ? {} : { encoded }),
    },
  };
}

/** The API form of a signature: lowercase hex with 0x, recid and encoded only when present. */
export function encodeApiSignature(signature: RawSignature): ApiSignature {
  if (signature.r.length !== 32 || signature.s.length !== 32) {
    throw new CryptoInputError('bad-length', 'signature r and s must be 32 bytes each');
  }
  return {
    r: `0x${bytesToHex(signature.r)}`,
    s: `0x${bytesToHex(signature.s)}`,
    ...(signature.recid === undefined ? {} : { recid: signature.recid }),
    ...(signature.encoded === undefined ? {} : { encoded: `0x${bytesToHex(signature.encoded)}` }),
  };
}

/** r ‖ s, the 64-byte compact form (ECDSA compact; Ed25519 R ‖ S; BIP-340 signature). */
export function compactSignature(signature: RawSignature): Uint8Array {
  const out = new Uint8Array(64);
  out.set(signature.r, 0);
  out.set(signature.s, 32);
  return out;
}

/**
 * A strict DER ECDSA signature (as Bitcoin PSBT `encoded`, or Wycheproof vectors) as r, s big-endian.
 * Throws when it is not the unique DER encoding of an (r, s) in [1, n): BER forms, padding, trailing bytes.
 */
export function parseDerSignature(der: Uint8Array): RawSignature {
  let sig;
  try {
    sig = secp256k1.Signature.fromBytes(der, 'der');
  } catch (error) {
    throw new CryptoInputError(
      'field-type',
      `not a DER ECDSA signature: ${error instanceof Error ? error.message : 'invalid'}`,
    );
  }
  // noble's DER reader is lenient in places; the round trip makes it exact.
  if (!equalBytes(sig.toBytes('der'), der))
    throw new CryptoInputError('field-type', 'not a canonical DER encoding');
  return { r: numberToBytesBE(sig.r, 32), s: numberToBytesBE(sig.s, 32) };
}

function component(
  obj: Record<string, unknown>,
  field: 'r' | 's',
  problems: SignatureProblem[],
): Uint8Array | undefined {
  const value = obj[field];
  if (value === undefined) {
    problems.push({ field, code: 'field-missing', message: `signature.${field} is missing` });
    return undefined;
  }
  if (typeof value === 'string' && !/^0x/i.test(value)) {
    problems.push({ field, code: 'hex-prefix', message: `signature.${field} must start with 0x` });
    return undefined;
  }
  try {
    return parseHex(value, `signature.${field}`, { allow0x: true, bytes: 32 });
  } catch (error) {
    problems.push(asProblem(field, error));
    return undefined;
  }
}

function asProblem(field: SignatureProblem['field'], error: unknown): SignatureProblem {
  if (error instanceof CryptoInputError) return { field, code: error.code, message: error.message };
  throw error;
}

function fault(
  field: SignatureProblem['field'],
  code: SignatureProblem['code'],
  message: string,
): SignatureParseResult {
  return { ok: false, problems: [{ field, code, message }] };
}
