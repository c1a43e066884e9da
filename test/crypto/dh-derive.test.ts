import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { curveByName } from '../../src/crypto/curves.ts';
import {
  combinePartialDhPoints,
  deriveDhOutput,
  dhBasePoint,
  encodeDhOutput,
  partialDhPoint,
} from '../../src/crypto/dh-derive.ts';
import { splitSecret } from '../../src/crypto/shamir.ts';
import { CryptoInputError } from '../../src/crypto/errors.ts';

const secp = curveByName('secp256k1');
// The Derive Key doc example (keys-api.md §4.7): domain "dfns:documentation:key_derive", seed "daniel.jin@dfns.co".
const DOMAIN = hexToBytes('64666e733a646f63756d656e746174696f6e3a6b65795f646572697665');
const SEED = hexToBytes('64616e69656c2e6a696e4064666e732e636f');
const D = 0xe4fd52ad095af0291e9e3a228e55c4efd307ec7861cf22e3542f2330d981d534n;

describe('DH derivation', () => {
  it('hash-to-curve is RFC 9380 secp256k1_XMD:SHA-256_SSWU_RO_ (RFC 9380 J.8.1, msg "")', () => {
    const p = dhBasePoint(
      utf8ToBytes('QUUX-V01-CS02-with-secp256k1_XMD:SHA-256_SSWU_RO_'),
      new Uint8Array(0),
    ).toAffine();
    expect([p.x.toString(16), p.y.toString(16)]).toEqual([
      'c1cae290e291aee617ebaef1be6d73861479c48b841eaba9b7b5852ddfeb1346',
      '64fa678e07ae116126f08b022a94af6de15985c996c3a91b64c406a960e51067',
    ]);
  });

  it('the output is "0x" + 64 lowercase hex digits, the form of the documented example', () => {
    expect(deriveDhOutput(D, DOMAIN, SEED)).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('is deterministic for the same key, domain and seed', () => {
    expect(deriveDhOutput(D, DOMAIN, SEED)).toBe(deriveDhOutput(D, DOMAIN, SEED));
  });

  it.each([
    ['another domain', utf8ToBytes('other'), SEED],
    ['another seed', DOMAIN, utf8ToBytes('other')],
  ])('changes with %s', (_, domain, seed) => {
    expect(deriveDhOutput(D, domain, seed)).not.toBe(deriveDhOutput(D, DOMAIN, SEED));
  });

  it('is x(d·H), the x-coordinate of the key times the hashed point', () => {
    const point = dhBasePoint(DOMAIN, SEED).multiply(D);
    expect(deriveDhOutput(D, DOMAIN, SEED)).toBe(`0x${point.toAffine().x.toString(16).padStart(64, '0')}`);
  });

  it.each([[[1, 2, 3]], [[2, 4, 5]], [[5, 3, 1]]])(
    'threshold form from shares %j equals the whole-scalar form',
    (picked) => {
      const coefficients = [11n, 13n];
      const { shares } = splitSecret(secp, D, { n: 5, t: 3, randomScalar: () => coefficients.shift()! });
      const partials = picked.map((k) => partialDhPoint(shares[k - 1]!, DOMAIN, SEED));
      expect(combinePartialDhPoints(partials)).toBe(deriveDhOutput(D, DOMAIN, SEED));
    },
  );

  it('too few partial points give another output', () => {
    const { shares } = splitSecret(secp, D, { n: 5, t: 3 });
    const partials = [1, 2].map((k) => partialDhPoint(shares[k - 1]!, DOMAIN, SEED));
    expect(combinePartialDhPoints(partials)).not.toBe(deriveDhOutput(D, DOMAIN, SEED));
  });

  it('refuses an empty domain with the empty-domain code (the reference answers 400)', () => {
    const error: unknown = (() => {
      try {
        return deriveDhOutput(D, new Uint8Array(0), SEED);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CryptoInputError);
    expect([(error as CryptoInputError).code, (error as CryptoInputError).message]).toEqual([
      'empty-domain',
      'domain must not be empty: RFC 9380 requires a non-empty DST',
    ]);
  });

  it('accepts an empty seed (only the domain must be non-empty)', () => {
    expect(deriveDhOutput(D, DOMAIN, new Uint8Array(0))).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('refuses to encode the identity', () => {
    expect(() => encodeDhOutput(secp.zero)).toThrow(/point at infinity/);
  });
});
