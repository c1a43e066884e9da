import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  codePointLength,
  firstCodePoints,
  stringUnitArbitrary,
  UNICODE_EDGES,
} from '../../generators/unicode.ts';

describe('codePointLength', () => {
  // The length JSON Schema (and ajv's ucs2length) gives a string.
  it.each([
    ['', 0],
    ['abc', 3],
    ['é', 1],
    ['e\u0301', 2],
    [UNICODE_EDGES.astral, 1],
    ['\ud800', 1],
    ['\udfff\ud800', 2],
    ['\ud800\udfff', 1],
    ['\u{1f469}\u200d\u{1f4bb}', 3],
  ])('%j has %i code points', (text, length) => {
    expect(codePointLength(text)).toBe(length);
  });
});

describe('firstCodePoints', () => {
  it.each([
    ['abc', 2, 'ab'],
    [`${UNICODE_EDGES.astral}x`, 1, UNICODE_EDGES.astral],
    ['ab', 5, 'ab'],
    ['\ud800x', 1, '\ud800'],
  ])('the first code points of %j (%i) are %j', (text, count, head) => {
    expect(firstCodePoints(text, count)).toBe(head);
  });
});

describe('stringUnitArbitrary', () => {
  it('gives one code point per unit, edges included', () => {
    const units = fc.sample(stringUnitArbitrary({ edges: true }), { numRuns: 3_000, seed: 1 });
    expect(units.every((u) => codePointLength(u) === 1)).toBe(true);
    expect(units).toContain(UNICODE_EDGES.zeroWidthSpace);
    expect(units).toContain(UNICODE_EDGES.loneLowSurrogate);
  });

  it('leaves out the lone low surrogate where pairing could shorten a string below minLength', () => {
    const units = fc.sample(stringUnitArbitrary({ edges: true, minLength: 2 }), { numRuns: 3_000, seed: 1 });
    expect(units).not.toContain(UNICODE_EDGES.loneLowSurrogate);
  });

  it('gives printable ASCII only without edges', () => {
    const units = fc.sample(stringUnitArbitrary({ edges: false }), { numRuns: 500, seed: 1 });
    expect(units.every((u) => /^[\x20-\x7e]$/.test(u))).toBe(true);
  });
});
