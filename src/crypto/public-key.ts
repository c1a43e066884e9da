import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { curveByName, type CurveName, type ECPoint } from './curves.ts';
import { CryptoInputError } from './errors.ts';
import { typeName } from './encoding.ts';

/**
 * The API's `publicKey` (key-crypto.md §7): lowercase hex without 0x; secp256k1 SEC1 compressed (33 B) [C];
 * ed25519 the 32-byte RFC 8032 encoding [C]; stark compressed 33 B [I]. Every departure is reported with
 * its own code, several at once, so a finding can say "uncompressed and uppercase" rather than "invalid".
 * For stark, `uncompressed` is a hypothesis-level problem: the suite reports it as an observation.
 */
export type PublicKeyProblemCode =
  | 'not-a-string'
  | 'hex-prefix'
  | 'uppercase'
  | 'not-hex'
  | 'odd-length'
  | 'uncompressed'
  | 'x-only'
  | 'wrong-length'
  | 'not-on-curve';

export interface PublicKeyProblem {
  readonly code: PublicKeyProblemCode;
  readonly message: string;
}

export type PublicKeyCheck =
  | { readonly ok: true; readonly point: ECPoint }
  | { readonly ok: false; readonly problems: readonly PublicKeyProblem[]; readonly point?: ECPoint };

export function checkPublicKey(curveName: CurveName, value: unknown): PublicKeyCheck {
  const curve = curveByName(curveName);
  if (typeof value !== 'string') {
    return {
      ok: false,
      problems: [{ code: 'not-a-string', message: `publicKey must be a string, got ${typeName(value)}` }],
    };
  }
  const problems: PublicKeyProblem[] = [];
  let digits = value;
  if (/^0x/i.test(digits)) {
    problems.push({ code: 'hex-prefix', message: 'publicKey must be hex without a 0x prefix' });
    digits = digits.slice(2);
  }
  if (!/^[0-9a-fA-F]*$/.test(digits)) {
    problems.push({ code: 'not-hex', message: 'publicKey contains characters that are not hex digits' });
    return { ok: false, problems };
  }
  if (/[A-F]/.test(digits)) problems.push({ code: 'uppercase', message: 'publicKey hex must be lowercase' });
  if (digits.length % 2 !== 0) {
    problems.push({
      code: 'odd-length',
      message: `publicKey has an odd number of hex digits (${digits.length})`,
    });
    return { ok: false, problems };
  }
  const bytes = hexToBytes(digits);
  const expected = curve.pointLength.compressed;
  if (bytes.length !== expected) {
    if (curve.name !== 'ed25519' && bytes.length === 65 && bytes[0] === 0x04) {
      problems.push({
        code: 'uncompressed',
        message: `publicKey is SEC1 uncompressed (65 bytes); expected compressed (33 bytes)`,
      });
    } else if (curve.name !== 'ed25519' && bytes.length === 32) {
      problems.push({
        code: 'x-only',
        message: 'publicKey is 32 bytes (x-only); expected SEC1 compressed (33 bytes)',
      });
      return { ok: false, problems };
    } else {
      problems.push({
        code: 'wrong-length',
        message: `publicKey must be ${expected} bytes for ${curve.name}, got ${bytes.length}`,
      });
      return { ok: false, problems };
    }
  }
  let point: ECPoint;
  try {
    point = curve.pointFromBytes(bytes, 'publicKey');
  } catch (error) {
    if (!(error instanceof CryptoInputError)) throw error;
    problems.push({ code: 'not-on-curve', message: error.message });
    return { ok: false, problems };
  }
  return problems.length === 0 ? { ok: true, point } : { ok: false, problems, point };
}

/** The publicKey the API must return for a key with this secret scalar. */
export function expectedPublicKey(curveName: CurveName, secret: bigint): string {
  const curve = curveByName(curveName);
  if (secret <= 0n || secret >= curve.order) {
    throw new CryptoInputError('scalar-out-of-range', `secret must be in [1, ${curve.name} order)`);
  }
  return bytesToHex(curve.encodePoint(curve.multiplyBase(secret), 'compressed'));
}
