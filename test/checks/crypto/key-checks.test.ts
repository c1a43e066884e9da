import { secp256k1 } from '@noble/curves/secp256k1.js';
import * as stark from '@scure/starknet';
import { describe, expect, it } from 'vitest';
import {
  importPublicKeyMatches,
  publicKeyEncoding,
  type ImportExpectation,
  type PublicKeyExpectation,
} from '../../../src/checks/crypto/index.ts';
import { answer, verdictOf } from '../exchanges.ts';
import { ANVIL, RFC8032, STARK } from './keys.ts';

/** public_key_encoding and import_public_key_matches on crafted Key bodies. */
const key = (fields: Record<string, unknown>) =>
  answer('ImportKey', 200, {
    id: 'key-test',
    scheme: 'ECDSA',
    curve: 'secp256k1',
    publicKey: ANVIL.fixture.publicKey,
    status: 'Active',
    custodial: true,
    imported: true,
    dateCreated: '2026-01-01T00:00:00.000Z',
    ...fields,
  });

const uncompressed = secp256k1.Point.fromHex(ANVIL.fixture.publicKey).toHex(false);
const starkUncompressed = stark.Point.fromHex(STARK.fixture.publicKey).toHex(false);
const secpExpectation: PublicKeyExpectation = { keyId: 'key-test', curve: 'secp256k1' };
const starkExpectation: PublicKeyExpectation = { keyId: 'key-test', curve: 'stark' };
const starkUncompressedProfile: PublicKeyExpectation = {
  ...starkExpectation,
  starkPublicKeyCompressed: false,
};

describe('public_key_encoding', () => {
  it.each([
    ['secp256k1 compressed', secpExpectation, ANVIL.fixture.publicKey],
    ['ed25519 32 bytes', { keyId: 'key-test', curve: 'ed25519' } as const, RFC8032.fixture.publicKey],
    ['stark compressed', starkExpectation, STARK.fixture.publicKey],
    ['stark uncompressed when the profile says so', starkUncompressedProfile, starkUncompressed],
  ])('passes %s', (_what, expectation, publicKey) => {
    expect(verdictOf(publicKeyEncoding, key({ publicKey }), expectation)).toEqual([]);
  });

  it.each([
    ['secp256k1 uncompressed (65 bytes)', secpExpectation, uncompressed, 'uncompressed'],
    ['secp256k1 x-only (32 bytes)', secpExpectation, ANVIL.fixture.publicKey.slice(2), 'x-only'],
    ['a 0x prefix', secpExpectation, `0x${ANVIL.fixture.publicKey}`, 'hex-prefix'],
    ['upper-case hex', secpExpectation, ANVIL.fixture.publicKey.toUpperCase(), 'uppercase'],
    ['a point off the curve', secpExpectation, `02${'00'.repeat(31)}07`, 'not-on-curve'],
    [
      'ed25519 with 33 bytes',
      { keyId: 'key-test', curve: 'ed25519' } as const,
      `00${RFC8032.fixture.publicKey}`,
      'wrong-length',
    ],
    [
      'secp256k1 uncompressed (the stark hypothesis does not apply)',
      { ...secpExpectation, starkPublicKeyCompressed: false },
      uncompressed,
      'uncompressed',
    ],
    ['stark uncompressed under the default hypothesis', starkExpectation, starkUncompressed, 'uncompressed'],
    [
      'stark compressed when the profile says uncompressed',
      starkUncompressedProfile,
      STARK.fixture.publicKey,
      'wrong-length',
    ],
    ['a number', secpExpectation, 42, 'not-a-string'],
  ])('fails %s', (_what, expectation, publicKey, problem) => {
    const result = verdictOf(publicKeyEncoding, key({ publicKey }), expectation);
    if (result === 'not-applicable') throw new Error('expected a verdict');
    expect(result.map((f) => f.evidence?.problem)).toContain(problem);
    expect(result.every((f) => f.pointer === '#/components/schemas/Key/properties/publicKey')).toBe(true);
  });

  it('names the profile hypothesis when a stark key is uncompressed', () => {
    const result = verdictOf(publicKeyEncoding, key({ publicKey: starkUncompressed }), starkExpectation);
    expect(JSON.stringify(result)).toContain('starkPublicKeyCompressed');
  });

  it('cites ExportKeyResponse for an export answer', () => {
    const exported = answer('ExportKey', 200, { publicKey: uncompressed });
    const result = verdictOf(publicKeyEncoding, exported, secpExpectation);
    if (result === 'not-applicable') throw new Error('expected a verdict');
    expect(result[0]?.pointer).toBe('#/components/schemas/ExportKeyResponse/properties/publicKey');
  });

  it('is not applicable to an answer without publicKey (the contract checks judge a missing field)', () => {
    const pending = answer('ImportKey', 200, { id: 'key-test', status: 'Creating' });
    expect(verdictOf(publicKeyEncoding, pending, secpExpectation)).toBe('not-applicable');
  });

  it('is not applicable to a refusal', () => {
    expect(
      verdictOf(publicKeyEncoding, answer('ImportKey', 400, { error: { message: 'no' } }), secpExpectation),
    ).toBe('not-applicable');
  });
});

describe('import_public_key_matches', () => {
  const expected: ImportExpectation = {
    scheme: 'ECDSA',
    curve: 'secp256k1',
    publicKey: ANVIL.fixture.publicKey,
    knownKeyId: ANVIL.fixture.id,
  };

  it('passes the imported key as sent', () => {
    expect(verdictOf(importPublicKeyMatches, key({}), expected)).toEqual([]);
  });

  it('passes the right point in another encoding (public_key_encoding judges the form)', () => {
    expect(verdictOf(importPublicKeyMatches, key({ publicKey: uncompressed }), expected)).toEqual([]);
  });

  it.each([
    [
      'another public key',
      { publicKey: secp256k1.Point.BASE.multiply(ANVIL.secret + 1n).toHex(true) },
      'publicKey',
      'is not the imported key',
    ],
    ['imported false', { imported: false }, 'imported', 'imported is false'],
    ['imported absent', { imported: undefined }, 'imported', 'imported is absent'],
    ['another scheme', { scheme: 'Schnorr' }, 'scheme', 'scheme is "Schnorr"'],
    ['another curve', { curve: 'stark' }, 'curve', 'curve is "stark"'],
  ])('fails %s', (_what, fields, field, says) => {
    const result = verdictOf(importPublicKeyMatches, key(fields), expected);
    if (result === 'not-applicable') throw new Error('expected a verdict');
    expect(result).toHaveLength(1);
    expect(result[0]?.pointer).toBe(`#/components/schemas/Key/properties/${field}`);
    expect(result[0]?.message).toContain(says);
    expect(result[0]?.message).toContain('key-test');
    expect(result[0]?.evidence?.expectedPublicKey).toBe(ANVIL.fixture.publicKey);
  });

  it('is not applicable to a 2xx whose body is not an object (the contract checks judge it)', () => {
    expect(verdictOf(importPublicKeyMatches, answer('ImportKey', 200, []), expected)).toBe('not-applicable');
  });

  it('is not applicable to a refused import (negative_data_rejected and the contract judge it)', () => {
    expect(
      verdictOf(importPublicKeyMatches, answer('ImportKey', 400, { error: { message: 'no' } }), expected),
    ).toBe('not-applicable');
  });

  it('refuses an expectation that is not a point (a bug of the suite, not of the target)', () => {
    expect(() => verdictOf(importPublicKeyMatches, key({}), { ...expected, publicKey: 'zz' })).toThrow(
      /not a point/,
    );
  });
});
