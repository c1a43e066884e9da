import { base64 } from '@scure/base';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { fail } from './errors.ts';

const HEX_DIGITS = /^[0-9a-fA-F]*$/;

export interface HexOptions {
  /** Exact decoded length in bytes; omitted means any even length. */
  readonly bytes?: number;
  /** Accept and strip a leading `0x`/`0X` (formats such as signature r/s and hashes allow it). */
  readonly allow0x?: boolean;
}

/**
 * Strict hex to bytes, upper or lower case. `what` names the value in the error (e.g. `secret_share.scalar`),
 * so a caller can show the message to a user unchanged.
 */
export function parseHex(value: unknown, what: string, options: HexOptions = {}): Uint8Array {
  if (typeof value !== 'string') fail('not-a-string', `${what} must be a hex string, got ${typeName(value)}`);
  let digits = value;
  if (digits.startsWith('0x') || digits.startsWith('0X')) {
    if (options.allow0x !== true) fail('hex-prefix', `${what} must be hex without a 0x prefix`);
    digits = digits.slice(2);
  }
  if (!HEX_DIGITS.test(digits)) {
    const at = digits.search(/[^0-9a-fA-F]/);
    fail(
      'not-hex',
      `${what} must contain only hex digits; found ${JSON.stringify(digits.charAt(at))} at position ${at}`,
    );
  }
  if (options.bytes !== undefined && digits.length !== options.bytes * 2) {
    fail(
      'hex-length',
      `${what} must be exactly ${options.bytes * 2} hex digits (${options.bytes} bytes), got ${digits.length}`,
    );
  }
  if (digits.length % 2 !== 0) {
    fail('hex-length', `${what} must have an even number of hex digits, got ${digits.length}`);
  }
  return hexToBytes(digits);
}

/** Standard base64 with padding (RFC 4648 §4), as Dfns uses for signerId, encryptionKey and share blobs. */
export function parseBase64(value: unknown, what: string): Uint8Array {
  if (typeof value !== 'string')
    fail('not-a-string', `${what} must be a base64 string, got ${typeName(value)}`);
  try {
    return base64.decode(value);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'undecodable';
    fail('not-base64', `${what} must be standard base64 with padding (${reason})`);
  }
}

export function toBase64(bytes: Uint8Array): string {
  return base64.encode(bytes);
}

export function toHex(bytes: Uint8Array): string {
  return bytesToHex(bytes);
}

/** Lexicographic byte order, the order Dfns sorts signer ids in. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
