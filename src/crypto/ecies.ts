import { gcm } from '@noble/ciphers/aes.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { fail } from './errors.ts';
import { parseBase64, toBase64 } from './encoding.ts';

/**
 * The Dfns share encryption (key-crypto.md §2; trusted-dealer `common/src/encryption.rs`), used for import
 * (client -> signer) and export (signer -> client): ECIES on secp256k1 with
 *   ikm  = compressed(e·D)                      (33 bytes, prefix byte included)
 *   key  = HKDF-SHA256(salt "DFNS_KEY_IMPORT", ikm, info "ENCRYPTION_KEY", 32)
 *   blob = AES-256-GCM(key, nonce 0^12, aad empty, plaintext) ‖ tag ‖ compressed(e·G)
 * The zero nonce is safe only because every blob has a fresh ephemeral e, hence a fresh key.
 */
export const ENCRYPTION_KEY_VERSION = 0x01;
const SALT = utf8ToBytes('DFNS_KEY_IMPORT');
const INFO = utf8ToBytes('ENCRYPTION_KEY');
const NONCE = new Uint8Array(12);
const TAG_LENGTH = 16;
const POINT_LENGTH = 33;
/** Bytes a blob adds to its plaintext: tag + ephemeral key. */
export const BLOB_OVERHEAD = TAG_LENGTH + POINT_LENGTH;

/** The wire form of an encryption key: base64(0x01 ‖ 33-byte compressed secp256k1 point), 48 characters. */
export function encodeEncryptionKey(publicKey: Uint8Array): string {
  return toBase64(
    concatBytes(new Uint8Array([ENCRYPTION_KEY_VERSION]), compressedPoint(publicKey, 'public key')),
  );
}

/** The wire form of the encryption key that belongs to a 32-byte decryption key (a secp256k1 secret). */
export function encryptionKeyFor(decryptionKey: Uint8Array): string {
  return encodeEncryptionKey(secp256k1.getPublicKey(checkSecret(decryptionKey, 'decryption key'), true));
}

/** Parse the wire form strictly; returns the 33-byte compressed point. */
export function parseEncryptionKey(wire: unknown, what = 'encryptionKey'): Uint8Array {
  const bytes = parseBase64(wire, what);
  if (bytes.length !== 1 + POINT_LENGTH) {
    fail(
      'bad-length',
      `${what} must decode to ${1 + POINT_LENGTH} bytes (0x01 ‖ compressed point), got ${bytes.length}`,
    );
  }
  if (bytes[0] !== ENCRYPTION_KEY_VERSION) {
    fail('version-mismatch', `${what} must start with version byte 0x01, got 0x${hexByte(bytes[0]!)}`);
  }
  return compressedPoint(bytes.subarray(1), `${what} point`);
}

/**
 * Encrypt a share plaintext to a signer's (or client's) encryption key. `ephemeralSecret` (32 bytes) is for
 * known-answer tests only; by default a fresh one is drawn for every call, as the scheme requires.
 */
export function encryptShare(
  encryptionKeyWire: string,
  plaintext: Uint8Array,
  ephemeralSecret?: Uint8Array,
): Uint8Array {
  const recipient = parseEncryptionKey(encryptionKeyWire);
  const e =
    ephemeralSecret === undefined
      ? secp256k1.utils.randomSecretKey()
      : checkSecret(ephemeralSecret, 'ephemeral secret');
  const key = deriveKey(sharedPoint(e, recipient));
  return concatBytes(gcm(key, NONCE).encrypt(plaintext), secp256k1.getPublicKey(e, true));
}

type Point = typeof secp256k1.Point.BASE;

/**
 * e·D for a recipient D, as noble's getSharedSecret computes it (compressed), with D kept between calls:
 * a run encrypts hundreds of import shares to the same few signer keys, and once D has noble's window table
 * a multiplication costs ~0.6 ms instead of ~3. The table costs about seven plain multiplications to build,
 * and an export key serves a handful of shares, a fuzzed key one, so a key gets it only at its
 * TABLE_AT-th use. The cache keeps the MAX_RECIPIENTS most recently used keys.
 */
const TABLE_AT = 16;
const MAX_RECIPIENTS = 64;
const recipients = new Map<string, { readonly point: Point; uses: number }>();

function sharedPoint(e: Uint8Array, recipient: Uint8Array): Uint8Array {
  const id = bytesToHex(recipient);
  let entry = recipients.get(id);
  if (entry === undefined) {
    const oldest = recipients.keys().next();
    if (recipients.size >= MAX_RECIPIENTS && oldest.done !== true) recipients.delete(oldest.value);
    entry = { point: secp256k1.Point.fromBytes(recipient), uses: 0 };
  } else {
    recipients.delete(id);
  }
  recipients.set(id, entry);
  entry.uses += 1;
  if (entry.uses === TABLE_AT) entry.point.precompute(6);
  return entry.point.multiply(secp256k1.Point.Fn.fromBytes(e)).toBytes(true);
}

/** Decrypt a blob with a 32-byte decryption key. Errors say which part failed, never what the key is. */
export function decryptShare(decryptionKey: Uint8Array, blob: Uint8Array): Uint8Array {
  const d = checkSecret(decryptionKey, 'decryption key');
  if (blob.length < BLOB_OVERHEAD) {
    fail(
      'ciphertext-too-short',
      `encrypted share must be at least ${BLOB_OVERHEAD} bytes (tag + ephemeral key), got ${blob.length}`,
    );
  }
  const ephemeral = blob.subarray(blob.length - POINT_LENGTH);
  try {
    compressedPoint(ephemeral, 'ephemeral key');
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'invalid';
    fail(
      'ephemeral-key-invalid',
      `the last 33 bytes of the encrypted share are not a valid ephemeral key: ${reason}`,
    );
  }
  const key = deriveKey(secp256k1.getSharedSecret(d, ephemeral, true));
  try {
    return gcm(key, NONCE).decrypt(blob.subarray(0, blob.length - POINT_LENGTH));
  } catch {
    fail(
      'decryption-failed',
      'AES-GCM authentication tag mismatch: the share was encrypted to another key, or the ciphertext was altered',
    );
  }
}

/** A fresh key pair for the client side of an export (or a simulated signer). */
export function generateEncryptionKeyPair(): { decryptionKey: Uint8Array; encryptionKeyWire: string } {
  const decryptionKey = secp256k1.utils.randomSecretKey();
  return { decryptionKey, encryptionKeyWire: encryptionKeyFor(decryptionKey) };
}

function deriveKey(sharedPoint: Uint8Array): Uint8Array {
  return hkdf(sha256, sharedPoint, SALT, INFO, 32);
}

function compressedPoint(bytes: Uint8Array, what: string): Uint8Array {
  if (bytes.length !== POINT_LENGTH)
    fail('bad-length', `${what} must be 33 bytes (compressed), got ${bytes.length}`);
  if (bytes[0] !== 0x02 && bytes[0] !== 0x03) {
    fail(
      'point-wrong-encoding',
      `${what} must be SEC1 compressed (first byte 02 or 03), got 0x${hexByte(bytes[0]!)}`,
    );
  }
  try {
    secp256k1.Point.fromBytes(bytes).assertValidity();
  } catch {
    fail('point-invalid', `${what} is not a point on secp256k1`);
  }
  return bytes;
}

function checkSecret(secret: Uint8Array, what: string): Uint8Array {
  if (!secp256k1.utils.isValidSecretKey(secret)) {
    fail('scalar-out-of-range', `${what} must be 32 bytes encoding a secp256k1 scalar in [1, n)`);
  }
  return secret;
}

function hexByte(b: number): string {
  return b.toString(16).padStart(2, '0');
}
