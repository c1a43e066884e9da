import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contractFromDocument, loadContract, schemaViolations } from '../../src/contract/index.ts';
import { loadKnownKeys } from '../../fixtures/known-keys.ts';
import {
  DOCUMENTED_KEY_FORMATS,
  hexBytesArbitrary,
  hexHashArbitrary,
  hexMessageArbitrary,
  invalidSchemeCurvePairArbitrary,
  keyNameArbitrary,
  knownKeyArbitrary,
  schemeCurvePairArbitrary,
  schemeCurvePairs,
  starkHashArbitrary,
  taprootMerkleRootArbitrary,
} from '../../generators/domain.ts';
import { GeneratorError } from '../../generators/generator-error.ts';
import { codePointLength, UNICODE_EDGES } from '../../generators/unicode.ts';

const contract = loadContract();
const S = '#/components/schemas';
const sample = <T>(arbitrary: fc.Arbitrary<T>, runs = 1_000): T[] =>
  fc.sample(arbitrary, { numRuns: runs, seed: 21 });
const valid = (pointer: string) => (value: unknown) =>
  schemaViolations(contract, pointer, value, 'schema').length === 0;

describe('hex values', () => {
  it('hashes are 32 bytes, valid Hash32, with and without 0x, in mixed case', () => {
    const hashes = sample(hexHashArbitrary());
    expect(hashes.every(valid(`${S}/Hash32`))).toBe(true);
    expect(hashes.every((h) => h.replace(/^0x/, '').length === 64)).toBe(true);
    expect(hashes.some((h) => h.startsWith('0x'))).toBe(true);
    expect(hashes.some((h) => !h.startsWith('0x'))).toBe(true);
    expect(hashes.some((h) => /[a-f]/.test(h) && /[A-F]/.test(h))).toBe(true);
  });

  it.each([
    ['with', (h: string) => h.startsWith('0x')],
    ['without', (h: string) => !h.startsWith('0x')],
  ] as const)('honours prefix "%s"', (prefix, holds) => {
    expect(sample(hexHashArbitrary({ prefix }), 200).every(holds)).toBe(true);
  });

  it('Stark hashes stay below 2^251', () => {
    const hashes = sample(starkHashArbitrary());
    expect(hashes.every((h) => BigInt(`0x${h.replace(/^0x/, '')}`) < 2n ** 251n)).toBe(true);
    expect(hashes.every(valid(`${S}/Hash32`))).toBe(true);
  });

  it('messages cover every length from 0 to the maximum, as valid HexString', () => {
    const messages = sample(hexMessageArbitrary({ maxBytes: 40 }), 3_000);
    expect(messages.every(valid(`${S}/HexString`))).toBe(true);
    const lengths = new Set(messages.map((m) => m.replace(/^0x/, '').length / 2));
    expect([...lengths].sort((a, b) => a - b)).toEqual(Array.from({ length: 41 }, (_, i) => i));
  });

  it('refuses impossible byte lengths', () => {
    expect(() => hexBytesArbitrary(3, 2)).toThrow(GeneratorError);
  });
});

describe('taprootMerkleRootArbitrary', () => {
  it('gives "" (the BIP-341 default) or 32 bytes, all valid for GenerateSignatureHash', () => {
    const roots = sample(taprootMerkleRootArbitrary());
    expect(roots.every(valid(`${S}/GenerateSignatureHash/properties/taprootMerkleRoot`))).toBe(true);
    expect(roots).toContain('');
    expect(roots.some((r) => r.replace(/^0x/, '').length === 64)).toBe(true);
  });
});

describe('scheme/curve pairs', () => {
  it('the profile pairs are the valid ones, the other enum pairs the invalid ones', () => {
    const { valid: good, invalid } = schemeCurvePairs(contract);
    expect(good.map((p) => `${p.scheme}/${p.curve}`).sort()).toEqual(
      ['DH/secp256k1', 'ECDSA/secp256k1', 'ECDSA/stark', 'EdDSA/ed25519', 'Schnorr/secp256k1'].sort(),
    );
    expect(invalid.map((p) => `${p.scheme}/${p.curve}`)).toContain('EdDSA/secp256k1');
    expect(invalid.some((p) => good.some((g) => g.scheme === p.scheme && g.curve === p.curve))).toBe(false);
    expect(good.length + invalid.length).toBe(4 * 3);
  });

  it('a profile with fewer formats narrows the valid pairs but not the invalid ones', () => {
    const only = DOCUMENTED_KEY_FORMATS.filter((f) => f.scheme === 'EdDSA');
    const pairs = schemeCurvePairs(contract, only);
    expect(pairs.valid).toEqual([{ scheme: 'EdDSA', curve: 'ed25519' }]);
    expect(pairs.invalid.length).toBe(7);
    expect(sample(schemeCurvePairArbitrary(contract, only), 20).every((p) => p.scheme === 'EdDSA')).toBe(
      true,
    );
  });

  it('every invalid pair is still schema-valid for CreateKey (the rule is semantic)', () => {
    const pairs = sample(invalidSchemeCurvePairArbitrary(contract), 200);
    expect(pairs.every(valid(`${S}/CreateKeyBody`))).toBe(true);
  });

  it('names a profile pair the contract does not know', () => {
    expect(() =>
      schemeCurvePairs(contract, [{ scheme: 'ECDSA', curve: 'p256' as never, protocol: 'x' }]),
    ).toThrow(/ECDSA\/p256 is not in the contract/);
  });

  it('names a contract whose enums are missing', () => {
    const bare = contractFromDocument(
      { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} },
      'bare.yaml',
    );
    expect(() => schemeCurvePairs(bare)).toThrow(/KeyScheme: expected a schema with an enum of strings/);
  });
});

describe('knownKeyArbitrary', () => {
  it('draws every known key, and only known keys', () => {
    const ids = new Set(sample(knownKeyArbitrary(), 300).map((k) => k.id));
    expect([...ids].sort()).toEqual(
      loadKnownKeys()
        .map((k) => k.id)
        .sort(),
    );
  });

  it('filters, and says when nothing is left', () => {
    expect(
      sample(
        knownKeyArbitrary((k) => k.curve === 'stark'),
        20,
      ).every((k) => k.curve === 'stark'),
    ).toBe(true);
    expect(() => knownKeyArbitrary(() => false)).toThrow(/no known key passes the filter/);
  });
});

describe('keyNameArbitrary', () => {
  const names = sample(keyNameArbitrary(), 3_000);

  it('gives names valid for CreateKey and UpdateKey, at most 100 code points', () => {
    expect(names.every(valid(`${S}/CreateKeyBody/properties/name`))).toBe(true);
    expect(names.every(valid(`${S}/UpdateKeyBody/properties/name`))).toBe(true);
    expect(Math.max(...names.map(codePointLength))).toBe(100);
  });

  it('reaches the boundaries 0, 1 and 100', () => {
    const lengths = new Set(names.map(codePointLength));
    expect([0, 1, 100].every((n) => lengths.has(n))).toBe(true);
  });

  it.each([
    ['multi-byte', /[^ -~]/u],
    ['astral (two UTF-16 units)', /[\u{10000}-\u{10ffff}]/u],
    ['zero-width', /[\u200b\u200c\u200d]/u],
    ['combining', /[\u0300-\u036f]/u],
  ])('includes %s characters', (_, pattern) => {
    expect(names.some((n) => pattern.test(n))).toBe(true);
  });

  it.each([
    [3, 7, [3, 7]],
    [0, 1, [0, 1]],
    [5, 5, [5, 5]],
  ])('keeps to minLength %i and maxLength %i, reaching both', (minLength, maxLength, reached) => {
    const lengths = sample(keyNameArbitrary({ minLength, maxLength }), 500).map(codePointLength);
    expect([Math.min(...lengths), Math.max(...lengths)]).toEqual(reached);
  });

  it('refuses a maxLength below the minLength', () => {
    expect(() => keyNameArbitrary({ minLength: 4, maxLength: 3 })).toThrow(
      /maxLength 3 is below minLength 4/,
    );
  });

  it('leaves lone surrogates out unless asked', () => {
    expect(names.some((n) => n.includes(UNICODE_EDGES.loneHighSurrogate))).toBe(false);
    const daring = sample(keyNameArbitrary({ loneSurrogates: true }), 2_000);
    expect(daring.some((n) => n.includes(UNICODE_EDGES.loneHighSurrogate))).toBe(true);
  });
});
