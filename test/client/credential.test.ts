// Tests of src/crypto/credential.ts. They live here because test/crypto/ belongs to another
// engineer's assignment; move to test/crypto/credential.test.ts when convenient.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  CREDENTIAL_KINDS,
  generateCredential,
  loadCredentialKey,
  loadCredentialPublicKey,
  signClientData,
  verifyClientDataSignature,
} from '../../src/crypto/credential.ts';

// Public test keys: RFC 6979 A.2.5 (P-256) and RFC 8032 §7.1 test 1 (Ed25519), wrapped in PKCS#8 by openssl.
const RFC6979_P256_PEM = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgya+p2EW6dRZrXCFX
Z7HWk05Qw9s26JsSe4piKxIPZyGhRANCAARg/tS6JVqdMclh63TGNW1owEm4kjth
+mzmaWIuYPKftnkD/hAIuLyZpBrp6VYovGTy8bIMLX6fUXejwpTURiKZ
-----END PRIVATE KEY-----
`;
const RFC6979_P256_PUBLIC =
  '0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299';
const RFC8032_ED25519_PEM = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
-----END PRIVATE KEY-----
`;
const RFC8032_ED25519_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const RFC8032_ED25519_EMPTY_SIG =
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';

describe('loadCredentialKey', () => {
  it.each([
    [RFC6979_P256_PEM, 'p256', RFC6979_P256_PUBLIC],
    [RFC8032_ED25519_PEM, 'ed25519', RFC8032_ED25519_PUBLIC],
  ])('reads a known key: kind %#', (pem, kind, publicHex) => {
    const key = loadCredentialKey(pem);
    expect([key.kind, bytesToHex(key.publicKey)]).toEqual([kind, publicHex]);
  });

  it('Ed25519 signing of the RFC 8032 key matches the RFC signature of the empty message', () => {
    const key = loadCredentialKey(RFC8032_ED25519_PEM);
    expect(bytesToHex(signClientData(key, new Uint8Array()))).toBe(RFC8032_ED25519_EMPTY_SIG);
  });

  it('P-256 signing of "sample" with the RFC 6979 key gives its r, and s in low-S form', () => {
    const key = loadCredentialKey(RFC6979_P256_PEM);
    const der = signClientData(key, utf8ToBytes('sample'));
    const { r, s } = p256.Signature.fromBytes(der, 'der');
    const rfcS = 0xf7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8n;
    expect([r, s]).toEqual([
      0xefd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716n,
      p256.Point.CURVE().n - rfcS,
    ]);
  });

  it('accepts a SEC1 "EC PRIVATE KEY" PEM as openssl ecparam writes it', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const sec1 = privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    expect(loadCredentialKey(sec1).kind).toBe('p256');
  });

  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
  const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey;
  const p256Key = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  it.each([
    [
      'an RSA key',
      rsa.export({ type: 'pkcs8', format: 'pem' }).toString(),
      'type is RSA; supported: ECDSA P-256',
    ],
    [
      'a secp256k1 key',
      k1.export({ type: 'pkcs8', format: 'pem' }).toString(),
      'is an EC key on secp256k1; supported',
    ],
    [
      'an encrypted PEM',
      p256Key.privateKey
        .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pass' })
        .toString(),
      'is encrypted (ENCRYPTED PRIVATE KEY)',
    ],
    [
      'a public key PEM',
      p256Key.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      'is a "PUBLIC KEY" PEM',
    ],
    ['text that is not a PEM', 'hello', 'is not a PEM'],
    [
      'a PEM with a damaged body',
      '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n',
      'could not be parsed',
    ],
    ['two PEM blocks', RFC8032_ED25519_PEM + RFC6979_P256_PEM, 'holds 2 blocks'],
  ])('rejects %s with a message saying why and what is supported', (_name, pem, message) => {
    expect(() => loadCredentialKey(pem)).toThrow(message);
  });

  it('never puts key material in its error message', () => {
    const damaged = RFC6979_P256_PEM.replace('Z7HWk05Q', 'Z7HWk05R');
    let message = '';
    try {
      loadCredentialKey(damaged);
    } catch (error) {
      message = (error as Error).message;
    }
    expect([message !== '', message.includes('MIGHAgEA'), message.includes('c9afa9d8')]).toEqual([
      true,
      false,
      false,
    ]);
  });
});

describe.each(CREDENTIAL_KINDS)('%s credentials', (kind) => {
  it('a generated PKCS#8 PEM loads back to the same public key', () => {
    const credential = generateCredential(kind);
    expect(bytesToHex(loadCredentialKey(credential.privateKeyPem).publicKey)).toBe(
      bytesToHex(credential.publicKey),
    );
  });

  it('the SPKI PEM holds the same public key', () => {
    const credential = generateCredential(kind);
    expect(bytesToHex(loadCredentialPublicKey(credential.publicKeyPem).publicKey)).toBe(
      bytesToHex(credential.publicKey),
    );
  });

  it('a clientData signature verifies with noble directly', () => {
    const credential = generateCredential(kind);
    const bytes = utf8ToBytes('{"type":"key.get","challenge":"abc"}');
    const signature = signClientData(credential, bytes);
    const valid =
      kind === 'p256'
        ? p256.verify(signature, bytes, credential.publicKey, { format: 'der' })
        : ed25519.verify(signature, bytes, credential.publicKey, { zip215: false });
    expect(valid).toBe(true);
  });

  it('verifyClientDataSignature accepts a genuine signature', async () => {
    const credential = generateCredential(kind);
    const bytes = utf8ToBytes('client data');
    expect(
      await verifyClientDataSignature(kind, credential.publicKey, bytes, signClientData(credential, bytes)),
    ).toBe(true);
  });

  it('verifyClientDataSignature rejects a signature over other bytes', async () => {
    const credential = generateCredential(kind);
    const signature = signClientData(credential, utf8ToBytes('client data'));
    expect(
      await verifyClientDataSignature(kind, credential.publicKey, utf8ToBytes('client datA'), signature),
    ).toBe(false);
  });

  it('verifyClientDataSignature rejects another credential', async () => {
    const bytes = utf8ToBytes('client data');
    const signature = signClientData(generateCredential(kind), bytes);
    expect(await verifyClientDataSignature(kind, generateCredential(kind).publicKey, bytes, signature)).toBe(
      false,
    );
  });

  it('verifyClientDataSignature says false, not throws, for garbage', async () => {
    expect(
      await verifyClientDataSignature(kind, new Uint8Array(3), new Uint8Array(), new Uint8Array(5)),
    ).toBe(false);
  });

  it('the secret key and private PEM do not show when the credential is printed', () => {
    const credential = generateCredential(kind);
    const printed = JSON.stringify(credential) + String(Object.keys(credential));
    expect([
      printed.includes(bytesToHex(credential.secretKey)),
      printed.includes('PRIVATE KEY'),
      printed.includes('secretKey'),
    ]).toEqual([false, false, false]);
  });
});

describe('P-256 verification accepts high-S', () => {
  it('an OpenSSL-style high-S signature (n - s) verifies, as SDK-made signatures may be high-S', async () => {
    const credential = generateCredential('p256');
    const bytes = utf8ToBytes('client data');
    const low = p256.Signature.fromBytes(signClientData(credential, bytes), 'der');
    const high = new p256.Signature(low.r, p256.Point.CURVE().n - low.s).toBytes('der');
    expect(await verifyClientDataSignature('p256', credential.publicKey, bytes, high)).toBe(true);
  });
});
