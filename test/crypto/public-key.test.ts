import { describe, expect, it } from 'vitest';
import { curveByName, type CurveName } from '../../src/crypto/curves.ts';
import { checkPublicKey, expectedPublicKey } from '../../src/crypto/public-key.ts';

const ANVIL = '038318535b54105d4a7aae60c08fc45f9687181b4fdfc625bd1a753fa7397fed75';
const ANVIL_D = 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80n;
const RFC1 = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const secp = curveByName('secp256k1');
const uncompressed = Buffer.from(secp.encodePoint(secp.multiplyBase(ANVIL_D), 'uncompressed')).toString(
  'hex',
);

const codes = (curve: CurveName, value: unknown) => {
  const result = checkPublicKey(curve, value);
  return result.ok ? [] : result.problems.map((p) => p.code);
};

describe('checkPublicKey', () => {
  it.each([
    ['secp256k1', ANVIL],
    ['ed25519', RFC1],
    ['stark', '0301895a6a77ae14e7987b9cb51329a5adfb17bd8e7c638f92d6892d76e51cebcf'],
  ] as const)('accepts a %s key in the API encoding', (curve, value) => {
    expect(codes(curve, value)).toEqual([]);
  });

  it.each([
    ['a 0x prefix', 'secp256k1', `0x${ANVIL}`, ['hex-prefix']],
    ['uppercase hex', 'secp256k1', ANVIL.toUpperCase(), ['uppercase']],
    ['uppercase F alone', 'secp256k1', ANVIL.replaceAll('f', 'F'), ['uppercase']],
    [
      '65 bytes with the hybrid prefix 06 (not SEC1 uncompressed)',
      'secp256k1',
      `06${uncompressed.slice(2)}`,
      ['wrong-length'],
    ],
    ['uncompressed SEC1', 'secp256k1', uncompressed, ['uncompressed']],
    [
      '0x, uppercase and uncompressed together',
      'secp256k1',
      `0x${uncompressed.toUpperCase()}`,
      ['hex-prefix', 'uppercase', 'uncompressed'],
    ],
    ['an x-only key', 'secp256k1', ANVIL.slice(2), ['x-only']],
    ['20 bytes', 'secp256k1', 'ab'.repeat(20), ['wrong-length']],
    ['an odd digit count', 'secp256k1', ANVIL.slice(1), ['odd-length']],
    ['non-hex', 'secp256k1', `${ANVIL.slice(0, -1)}g`, ['not-hex']],
    ['a point not on the curve', 'secp256k1', `02${'ff'.repeat(32)}`, ['not-on-curve']],
    ['a number', 'secp256k1', 5, ['not-a-string']],
    ['a 33-byte ed25519 key', 'ed25519', `00${RFC1}`, ['wrong-length']],
    ['the ed25519 identity', 'ed25519', `01${'00'.repeat(31)}`, ['not-on-curve']],
  ] as const)('reports %s', (_, curve, value, expected) => {
    expect(codes(curve, value)).toEqual(expected);
  });

  it('still returns the point when only the encoding is wrong', () => {
    const result = checkPublicKey('secp256k1', uncompressed);
    expect(!result.ok && result.point?.equals(secp.multiplyBase(ANVIL_D))).toBe(true);
  });

  it('messages say what was expected', () => {
    const result = checkPublicKey('secp256k1', uncompressed);
    expect(result.ok ? '' : result.problems[0]!.message).toBe(
      'publicKey is SEC1 uncompressed (65 bytes); expected compressed (33 bytes)',
    );
  });
});

describe('expectedPublicKey', () => {
  it('anvil #0 -> 038318…ed75', () => {
    expect(expectedPublicKey('secp256k1', ANVIL_D)).toBe(ANVIL);
  });

  it('RFC 8032 test 1 scalar -> d75a98…511a', () => {
    expect(
      expectedPublicKey('ed25519', 0x0fe94d9006f020a5a3c080d96827fffce8852346655006e96ae99be612ac2c7cn),
    ).toBe(RFC1);
  });

  it('refuses a zero secret', () => {
    expect(() => expectedPublicKey('secp256k1', 0n)).toThrow(/secret must be in \[1, secp256k1 order\)/);
  });
});
