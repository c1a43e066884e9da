import fc from 'fast-check';

/**
 * Characters that break naive string handling yet are valid JSON string content: where no pattern, enum or
 * format forbids them they are valid values (edge cases of the valid generators); where one does, inserting
 * them is an invalid mutation citing that rule.
 */
export const UNICODE_EDGES = {
  zeroWidthSpace: '\u200b',
  zeroWidthJoiner: '\u200d',
  byteOrderMark: '\ufeff',
  combiningAcute: '\u0301',
  nul: '\u0000',
  rightToLeftOverride: '\u202e',
  noBreakSpace: '\u00a0',
  /** Outside the BMP: one code point, two UTF-16 units, four UTF-8 bytes. */
  astral: '\u{1f511}',
  loneHighSurrogate: '\ud800',
  loneLowSurrogate: '\udfff',
} as const;

/** The name of one of the edge characters. */
export type UnicodeEdge = keyof typeof UNICODE_EDGES;

/**
 * The length JSON Schema (and ajv) gives a string: code points, a surrogate pair counting once and a lone
 * surrogate counting once. A loop, not `[...s]`, so that 1 MiB strings cost no array.
 */
export function codePointLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    length++;
  }
  return length;
}

/** The first `count` code points of a string. */
export function firstCodePoints(text: string, count: number): string {
  let units = 0;
  for (let taken = 0; taken < count && units < text.length; taken++) {
    const unit = text.charCodeAt(units);
    const next = text.charCodeAt(units + 1);
    units += unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
  }
  return text.slice(0, units);
}

/**
 * One code point per unit: mostly printable ASCII, some of any plane, and now and then an edge character.
 * A lone low surrogate right after a lone high one would pair up and count once, shortening the string by a
 * code point; it is left out when `minLength` is 2 or more, where that could matter.
 */
export function stringUnitArbitrary(options: {
  readonly edges: boolean;
  /** Lone surrogate halves among the edges (default true); off for text that must be UTF-8 (URLs). */
  readonly loneSurrogates?: boolean;
  readonly minLength?: number;
}): fc.Arbitrary<string> {
  const printableAscii = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
  if (!options.edges) return printableAscii;
  const anyPlane = fc
    .integer({ min: 0, max: 0x10ffff - 0x800 })
    // Skip the surrogate block: halves come only from the edge list, where they are counted for.
    .map((code) => String.fromCodePoint(code < 0xd800 ? code : code + 0x800));
  const edges = Object.entries(UNICODE_EDGES)
    .filter(([name]) => options.loneSurrogates !== false || !name.startsWith('lone'))
    .filter(([name]) => name !== 'loneLowSurrogate' || (options.minLength ?? 0) < 2)
    .map(([, character]) => character);
  return fc.oneof(
    { weight: 12, arbitrary: printableAscii },
    { weight: 3, arbitrary: anyPlane },
    { weight: 1, arbitrary: fc.constantFrom(...edges) },
  );
}
