import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import * as stark from '@scure/starknet';
import { describe, expect, it } from 'vitest';
import {
  curveByName,
  randomScalar,
  scalarFromBytes,
  scalarToBytes,
  type CurveName,
} from '../../src/crypto/curves.ts';
import { CryptoInputError } from '../../src/crypto/errors.ts';

describe('curveByName', () => {
  it.each([
    ['secp256k1', secp256k1.Point.Fn.ORDER],
    ['stark', stark.Point.Fn.ORDER],
    ['ed25519', ed25519.Point.Fn.ORDER],
  ] as const)('%s has the scalar field order of its noble/scure curve', (name, order) => {
    expect(curveByName(name).order).toBe(order);
  });

  it.each([['P-256'], [''], [42], [null]])('rejects %j naming the accepted curves', (name) => {
    expect(() => curveByName(name)).toThrow(/curve must be one of secp256k1, stark, ed25519, got/);
  });
});

describe('point encodings', () => {
  it.each([
    ['secp256k1', 'compressed', 33],
    ['secp256k1', 'uncompressed', 65],
    ['stark', 'compressed', 33],
    ['stark', 'uncompressed', 65],
    ['ed25519', 'compressed', 32],
    ['ed25519', 'uncompressed', 32],
  ] as const)('%s %s is %i bytes and decodes back to the same point', (name, form, length) => {
    const curve = curveByName(name);
    const p = curve.multiplyBase(987654321n);
    const bytes = curve.encodePoint(p, form);
    expect(bytes.length).toBe(length);
    expect(curve.pointFromBytes(bytes).equals(p)).toBe(true);
  });

  it('secp256k1 compressed encoding matches noble getPublicKey', () => {
    const curve = curveByName('secp256k1');
    const secret = hexToBytes('ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
    expect(
      bytesToHex(curve.encodePoint(curve.multiplyBase(BigInt(`0x${bytesToHex(secret)}`)), 'compressed')),
    ).toBe(bytesToHex(secp256k1.getPublicKey(secret, true)));
  });

  it('encodePoint refuses a point of another curve', () => {
    expect(() => curveByName('secp256k1').encodePoint(curveByName('stark').base, 'compressed')).toThrow(
      /not a secp256k1 point/,
    );
  });

  it('multiplyBase(0) is the identity rather than an error', () => {
    expect(curveByName('secp256k1').multiplyBase(0n).is0()).toBe(true);
  });
});

describe('pointFromBytes rejects bad encodings with the reason', () => {
  const cases: readonly (readonly [CurveName, string, string, RegExp])[] = [
    [
      'secp256k1',
      'a 34-byte value',
      '02'.padEnd(68, '1'),
      /must be 33 \(compressed\) or 65 \(uncompressed\) bytes, got 34/,
    ],
    ['secp256k1', 'an x not on the curve', `02${'ff'.repeat(32)}`, /is not a point on secp256k1/],
    ['secp256k1', 'a bad prefix byte', `05${'11'.repeat(32)}`, /is not a point on secp256k1/],
    ['stark', 'an x not on the curve', `02${'ff'.repeat(32)}`, /is not a point on stark/],
    ['ed25519', 'a 33-byte value', '00'.repeat(33), /must be 32 bytes, got 33/],
    ['ed25519', 'the identity', `01${'00'.repeat(31)}`, /is the identity point/],
    // (0, -1): order 2, on the curve but outside the prime-order subgroup.
    ['ed25519', 'a small-order point', `ec${'ff'.repeat(30)}7f`, /not in the prime-order subgroup/],
    ['ed25519', 'a non-canonical y >= p', `ee${'ff'.repeat(30)}7f`, /is not a canonical ed25519 point/],
  ];
  it.each(cases)('%s: %s', (name, _, hex, message) => {
    expect(() => curveByName(name).pointFromBytes(hexToBytes(hex))).toThrow(message);
  });

  it('errors are CryptoInputError with a stable code', () => {
    try {
      curveByName('secp256k1').pointFromBytes(new Uint8Array(3));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CryptoInputError);
      expect((error as CryptoInputError).code).toBe('bad-length');
    }
  });
});

describe('scalars', () => {
  const secp = curveByName('secp256k1');

  it('scalarToBytes is 32-byte big-endian with leading zeros', () => {
    expect(bytesToHex(scalarToBytes(0x0102n))).toBe(`${'00'.repeat(30)}0102`);
  });

  it('scalarFromBytes reads big-endian', () => {
    expect(scalarFromBytes(secp, scalarToBytes(12345n))).toBe(12345n);
  });

  it.each([
    ['the order', scalarToBytes(secp256k1.Point.Fn.ORDER), /must be less than the secp256k1 group order/],
    ['zero', new Uint8Array(32), /must not be zero/],
    ['31 bytes', new Uint8Array(31), /must be 32 bytes, got 31/],
  ])('scalarFromBytes rejects %s', (_, bytes, message) => {
    expect(() => scalarFromBytes(secp, bytes)).toThrow(message);
  });

  it('randomScalar maps all-zero and all-ones randomness into [1, order)', () => {
    for (const fill of [0x00, 0xff]) {
      const k = randomScalar(secp, (n) => new Uint8Array(n).fill(fill));
      expect(k >= 1n && k < secp.order).toBe(true);
    }
  });
});
