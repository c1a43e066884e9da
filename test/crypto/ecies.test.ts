import { secp256k1 } from '@noble/curves/secp256k1.js';
import { gcm } from '@noble/ciphers/aes.js';
import { equalBytes } from '@noble/curves/utils.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { base64 } from '@scure/base';
import { describe, expect, it } from 'vitest';
import {
  BLOB_OVERHEAD,
  decryptShare,
  encodeEncryptionKey,
  encryptShare,
  encryptionKeyFor,
  generateEncryptionKeyPair,
  parseEncryptionKey,
} from '../../src/crypto/ecies.ts';

const DECRYPTION_KEY = hexToBytes('9f86d00c5a5a8ca17452e2dc38d627d7fceca4836094a9ad14c859a24bc8cb5d');
const WIRE = encryptionKeyFor(DECRYPTION_KEY);
const PLAINTEXT = utf8ToBytes('{"version":1}');

describe('encryption key wire form', () => {
  it('is base64 of 0x01 ‖ compressed point: 48 characters ending in ==', () => {
    expect(WIRE).toMatch(/^[A-Za-z0-9+/]{46}==$/);
    expect(base64.decode(WIRE)[0]).toBe(0x01);
  });

  it('parses the Dfns docs example key (export-wallet.md)', () => {
    expect(parseEncryptionKey('AQNiFCgqtXFvRdNVciLzZ0hjZxumwtP0hfCrUDsymzWU5A==')[0]).toBe(0x03);
  });

  it('round-trips through encode and parse', () => {
    const point = secp256k1.getPublicKey(DECRYPTION_KEY, true);
    expect(parseEncryptionKey(encodeEncryptionKey(point))).toEqual(point);
  });

  const key = base64.decode(WIRE);
  it.each([
    ['not base64', 'not base64!', /encryptionKey must be standard base64 with padding/],
    ['missing padding', WIRE.replace(/=+$/, ''), /encryptionKey must be standard base64 with padding/],
    [
      '33 bytes (no version byte)',
      base64.encode(key.subarray(1)),
      /must decode to 34 bytes \(0x01 ‖ compressed point\), got 33/,
    ],
    [
      'version byte 0x02',
      base64.encode(concatBytes(new Uint8Array([2]), key.subarray(1))),
      /must start with version byte 0x01, got 0x02/,
    ],
    [
      'an uncompressed point prefix',
      base64.encode(concatBytes(new Uint8Array([1, 4]), key.subarray(2))),
      /must be SEC1 compressed \(first byte 02 or 03\), got 0x04/,
    ],
    [
      'a point not on the curve',
      base64.encode(concatBytes(new Uint8Array([1, 2]), new Uint8Array(32).fill(0xff))),
      /is not a point on secp256k1/,
    ],
    ['a number', 42, /encryptionKey must be a base64 string, got number/],
  ])('rejects %s', (_, wire, message) => {
    expect(() => parseEncryptionKey(wire)).toThrow(message);
  });
});

describe('share encryption', () => {
  it('appends tag and ephemeral key: ciphertext = plaintext + 49 bytes, ephemeral key last', () => {
    const blob = encryptShare(WIRE, PLAINTEXT);
    expect(blob.length).toBe(PLAINTEXT.length + BLOB_OVERHEAD);
    expect([0x02, 0x03]).toContain(blob[blob.length - 33]);
  });

  it('round-trips with the matching decryption key', () => {
    expect(decryptShare(DECRYPTION_KEY, encryptShare(WIRE, PLAINTEXT))).toEqual(PLAINTEXT);
  });

  it('uses a fresh ephemeral key per call (no two blobs alike)', () => {
    expect(encryptShare(WIRE, PLAINTEXT)).not.toEqual(encryptShare(WIRE, PLAINTEXT));
  });

  it('a fresh key pair decrypts what is encrypted to it', () => {
    const { decryptionKey, encryptionKeyWire } = generateEncryptionKeyPair();
    expect(decryptShare(decryptionKey, encryptShare(encryptionKeyWire, PLAINTEXT))).toEqual(PLAINTEXT);
  });

  it("a recipient key used often (noble's window table from its 16th use) encrypts as getSharedSecret does", () => {
    const { encryptionKeyWire } = generateEncryptionKeyPair();
    const recipient = parseEncryptionKey(encryptionKeyWire);
    const ephemeral = hexToBytes('33'.repeat(32));
    const key = hkdf(
      sha256,
      secp256k1.getSharedSecret(ephemeral, recipient, true),
      utf8ToBytes('DFNS_KEY_IMPORT'),
      utf8ToBytes('ENCRYPTION_KEY'),
      32,
    );
    const expected = concatBytes(
      gcm(key, new Uint8Array(12)).encrypt(PLAINTEXT),
      secp256k1.getPublicKey(ephemeral, true),
    );
    const blobs = Array.from({ length: 20 }, () => encryptShare(encryptionKeyWire, PLAINTEXT, ephemeral));
    expect(blobs.filter((b) => !equalBytes(b, expected)).length).toBe(0);
  });

  const blob = encryptShare(WIRE, PLAINTEXT, hexToBytes('11'.repeat(32)));
  const tampered = blob.slice();
  tampered[0]! ^= 1;
  const badEphemeral = blob.slice();
  badEphemeral.set(new Uint8Array(32).fill(0xff), blob.length - 32);
  it.each([
    [
      'a blob shorter than tag + ephemeral key',
      blob.subarray(0, 48),
      /must be at least 49 bytes \(tag \+ ephemeral key\), got 48/,
    ],
    [
      'an ephemeral key off the curve',
      badEphemeral,
      /last 33 bytes of the encrypted share are not a valid ephemeral key/,
    ],
    ['a flipped ciphertext bit', tampered, /authentication tag mismatch/],
  ])('decryptShare rejects %s', (_, bad, message) => {
    expect(() => decryptShare(DECRYPTION_KEY, bad)).toThrow(message);
  });

  it('decryptShare with another key fails on the tag', () => {
    expect(() => decryptShare(hexToBytes('22'.repeat(32)), blob)).toThrow(/authentication tag mismatch/);
  });

  it('rejects a decryption key that is not a secp256k1 scalar without echoing it', () => {
    let message = '';
    try {
      decryptShare(new Uint8Array(32).fill(0xff), blob);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/decryption key must be 32 bytes encoding a secp256k1 scalar/);
    expect(message).not.toContain('ff'.repeat(32));
  });
});
