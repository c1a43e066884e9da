import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import * as stark from '@scure/starknet';
import { describe, expect, it } from 'vitest';
import { loadKnownKeys, knownKey, parseKnownKeys, type KnownKey } from '../../fixtures/known-keys.ts';

// Every fixture value recomputed with noble / @scure/starknet directly, not with src/crypto, so a wrong
// fixture and a wrong library cannot agree by construction.
const keys = loadKnownKeys();
const rows = (field: keyof KnownKey) =>
  keys.filter((k) => k[field] !== undefined).map((k) => [k.id, k] as const);

function nobleTaprootX(secretHex: string): string {
  const P = schnorr.utils.lift_x(bytesToNumberBE(schnorr.getPublicKey(hexToBytes(secretHex))));
  const t = bytesToNumberBE(schnorr.utils.taggedHash('TapTweak', schnorr.utils.pointToBytes(P)));
  return bytesToHex(schnorr.utils.pointToBytes(P.add(secp256k1.Point.BASE.multiply(t))));
}

describe(`fixtures/known-keys.json: ${keys.length} test keys`, () => {
  it.each(rows('publicKey'))('%s: publicKey is the secret’s public key', (_, k) => {
    const secret = hexToBytes(k.secret);
    const expected =
      k.curve === 'secp256k1'
        ? secp256k1.getPublicKey(secret, true)
        : k.curve === 'stark'
          ? stark.getPublicKey(secret, true)
          : ed25519.Point.BASE.multiply(bytesToNumberBE(secret)).toBytes();
    expect(k.publicKey).toBe(bytesToHex(expected));
  });

  it.each(rows('seed'))(
    '%s: secret is the clamped scalar of the seed, and the seed gives publicKey',
    (_, k) => {
      const extended = ed25519.utils.getExtendedPublicKey(hexToBytes(k.seed!));
      expect([k.secret, k.publicKey]).toEqual([
        extended.scalar.toString(16).padStart(64, '0'),
        bytesToHex(extended.pointBytes),
      ]);
    },
  );

  it.each(rows('xOnlyPublicKey'))('%s: xOnlyPublicKey is the BIP-340 key', (_, k) => {
    expect(k.xOnlyPublicKey).toBe(bytesToHex(schnorr.getPublicKey(hexToBytes(k.secret))));
  });

  it.each(rows('taprootOutputKeyX'))(
    '%s: taprootOutputKeyX is the BIP-341 output key with no script tree',
    (_, k) => {
      expect(k.taprootOutputKeyX).toBe(nobleTaprootX(k.secret));
    },
  );

  it.each(rows('starkKey'))('%s: starkKey is @scure/starknet getStarkKey', (_, k) => {
    expect(`0x${k.starkKey!.replace(/^0+/, '')}`).toBe(stark.getStarkKey(k.secret));
  });

  it('anvil-0-ecdsa is the anvil #0 key with public key 038318…ed75', () => {
    expect([knownKey('anvil-0-ecdsa').secret.slice(0, 6), knownKey('anvil-0-ecdsa').publicKey]).toEqual([
      'ac0974',
      '038318535b54105d4a7aae60c08fc45f9687181b4fdfc625bd1a753fa7397fed75',
    ]);
  });

  it('knownKey names the missing id', () => {
    expect(() => knownKey('nope')).toThrow(/no known key with id "nope"/);
  });
});

describe('parseKnownKeys rejects malformed entries, naming the entry and field', () => {
  const good = { ...keys[0]! };
  it.each([
    ['no keys array', {}, /must be an object with a "keys" array/],
    [
      'a missing publicKey',
      { keys: [{ ...good, publicKey: undefined }] },
      /keys\[0\] \(anvil-0-ecdsa\): "publicKey" must be a non-empty string/,
    ],
    [
      'an unknown scheme',
      { keys: [{ ...good, scheme: 'RSA' }] },
      /"scheme" must be one of ECDSA, EdDSA, Schnorr/,
    ],
    [
      'an unknown curve',
      { keys: [{ ...good, curve: 'p256' }] },
      /"curve" must be one of secp256k1, stark, ed25519/,
    ],
    [
      'uppercase hex',
      { keys: [{ ...good, secret: good.secret.toUpperCase() }] },
      /"secret" must be lowercase hex without 0x/,
    ],
    [
      'an ed25519 key without seed',
      { keys: [{ ...good, curve: 'ed25519' }] },
      /an ed25519 key needs its "seed"/,
    ],
    ['a duplicate id', { keys: [good, good] }, /keys\[1\] \(anvil-0-ecdsa\): duplicate id/],
  ])('%s', (_, json, message) => {
    expect(() => parseKnownKeys(json)).toThrow(message);
  });
});
