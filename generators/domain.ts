import fc from 'fast-check';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Contract } from '../src/contract/index.ts';
import { BUILTIN_PROFILES, type KeyFormat, type TargetProfile } from '../src/run/profile.ts';
import { loadKnownKeys, type KnownKey } from '../fixtures/known-keys.ts';
import { GeneratorError } from './generator-error.ts';
import { UNICODE_EDGES } from './unicode.ts';

/**
 * Domain values: what the Keys API traffics in, beyond what its schemas say. Hex hashes and messages of
 * every length, scheme/curve pairs (the profile's, and pairs no target may accept), known test keys,
 * taproot merkle roots and key names at their boundaries.
 */

/** Whether hex carries the `0x` prefix: always, never, or either (both are valid where the pattern says `(0x)?`). */
export type HexPrefix = 'with' | 'without' | 'either';

function prefixed(hex: fc.Arbitrary<string>, prefix: HexPrefix): fc.Arbitrary<string> {
  if (prefix === 'without') return hex;
  if (prefix === 'with') return hex.map((h) => `0x${h}`);
  return fc.tuple(fc.boolean(), hex).map(([with0x, h]) => (with0x ? `0x${h}` : h));
}

/** Bytes of a length in [min, max] as hex (lower, upper or mixed case), with lengths at the bounds favoured. */
export function hexBytesArbitrary(
  minBytes: number,
  maxBytes: number,
  options: { readonly prefix?: HexPrefix; readonly mixedCase?: boolean } = {},
): fc.Arbitrary<string> {
  if (
    !Number.isSafeInteger(minBytes) ||
    !Number.isSafeInteger(maxBytes) ||
    minBytes < 0 ||
    maxBytes < minBytes
  ) {
    throw new GeneratorError(`hex byte lengths must satisfy 0 <= min <= max, got ${minBytes}..${maxBytes}`);
  }
  const lengths = fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: minBytes, max: maxBytes }) },
    { weight: 1, arbitrary: fc.constantFrom(minBytes, maxBytes) },
  );
  const bytes = lengths.chain((length) => fc.uint8Array({ minLength: length, maxLength: length }));
  const hex = bytes.map((b) => bytesToHex(b));
  return prefixed(options.mixedCase === false ? hex : fc.mixedCase(hex), options.prefix ?? 'either');
}

/** A 32-byte hash as 64 hex digits, with or without `0x`, in mixed case. */
export function hexHashArbitrary(options: { readonly prefix?: HexPrefix } = {}): fc.Arbitrary<string> {
  return hexBytesArbitrary(32, 32, options);
}

/**
 * A hash below 2^251 (first digit 0-7): the Stark message range, where every Stark signer agrees on what
 * is signed (src/crypto/stark-message.ts). Suites send these unless they probe the range rule itself.
 */
export function starkHashArbitrary(options: { readonly prefix?: HexPrefix } = {}): fc.Arbitrary<string> {
  return fc
    .uint8Array({ minLength: 32, maxLength: 32 })
    .map((bytes) => {
      // 2^251 is 0x08 followed by 31 zero bytes: a first byte of 0..7 keeps the value below it.
      const b = Uint8Array.from(bytes);
      b[0] = b[0]! & 0x07;
      return bytesToHex(b);
    })
    .chain((hex) => prefixed(fc.mixedCase(fc.constant(hex)), options.prefix ?? 'either'));
}

/** A message of 0..maxBytes bytes as hex (default up to 1 KiB), lengths 0, 1, 32 and the maximum favoured. */
export function hexMessageArbitrary(
  options: { readonly maxBytes?: number; readonly minBytes?: number; readonly prefix?: HexPrefix } = {},
): fc.Arbitrary<string> {
  const min = options.minBytes ?? 0;
  const max = options.maxBytes ?? 1024;
  const interesting = [min, min + 1, 31, 32, 33, 64, 255, 256, max].filter((n) => n >= min && n <= max);
  const lengths = fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min, max }) },
    { weight: 2, arbitrary: fc.constantFrom(...interesting) },
  );
  const hex = lengths
    .chain((length) => fc.uint8Array({ minLength: length, maxLength: length }))
    .map((b) => bytesToHex(b));
  return prefixed(fc.mixedCase(hex), options.prefix ?? 'either');
}

/** A taproot merkle root as GenerateSignature takes it: "" (key-path spend, the BIP-341 default) or 32 bytes of hex. */
export function taprootMerkleRootArbitrary(
  options: { readonly prefix?: HexPrefix } = {},
): fc.Arbitrary<string> {
  return fc.oneof(fc.constant(''), hexHashArbitrary(options));
}

/** A key scheme and curve as CreateKey takes them. */
export interface SchemeCurvePair {
  readonly scheme: string;
  readonly curve: string;
}

/** Every documented key format ("Supported Key Formats", keys-api.md §2.1 [C]): the full profile's. */
export const DOCUMENTED_KEY_FORMATS: readonly KeyFormat[] = documentedFormats();

function documentedFormats(): readonly KeyFormat[] {
  const full: TargetProfile | undefined = BUILTIN_PROFILES.full;
  if (full === undefined) throw new GeneratorError('the built-in "full" target profile is missing');
  return full.keyFormats;
}

function enumAt(contract: Contract, pointer: string): string[] {
  const schema = contract.resolve(pointer);
  const values =
    typeof schema === 'object' && schema !== null ? (schema as { enum?: unknown }).enum : undefined;
  if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) {
    throw new GeneratorError(`${pointer}: expected a schema with an enum of strings`);
  }
  return values;
}

/**
 * The scheme/curve pairs of a profile (valid for that target) and the pairs of the contract's enums that
 * no documented format has (every target must refuse them; which status it uses is [I], 400 expected).
 * Throws when a profile names a scheme or curve the contract does not know.
 */
export function schemeCurvePairs(
  contract: Contract,
  keyFormats: readonly KeyFormat[] = DOCUMENTED_KEY_FORMATS,
): { readonly valid: readonly SchemeCurvePair[]; readonly invalid: readonly SchemeCurvePair[] } {
  const schemes = enumAt(contract, '#/components/schemas/KeyScheme');
  const curves = enumAt(contract, '#/components/schemas/KeyCurve');
  for (const format of keyFormats) {
    if (!schemes.includes(format.scheme) || !curves.includes(format.curve)) {
      throw new GeneratorError(
        `key format ${format.scheme}/${format.curve} is not in the contract (schemes: ${schemes.join(', ')}; curves: ${curves.join(', ')})`,
      );
    }
  }
  const documented = (scheme: string, curve: string) =>
    DOCUMENTED_KEY_FORMATS.some((f) => f.scheme === scheme && f.curve === curve);
  return {
    valid: keyFormats.map(({ scheme, curve }) => ({ scheme, curve })),
    invalid: schemes.flatMap((scheme) =>
      curves.filter((curve) => !documented(scheme, curve)).map((curve) => ({ scheme, curve })),
    ),
  };
}

/** A scheme/curve pair the profile's target creates. */
export function schemeCurvePairArbitrary(
  contract: Contract,
  keyFormats: readonly KeyFormat[] = DOCUMENTED_KEY_FORMATS,
): fc.Arbitrary<SchemeCurvePair> {
  const { valid } = schemeCurvePairs(contract, keyFormats);
  if (valid.length === 0) throw new GeneratorError('the profile has no key formats');
  return fc.constantFrom(...valid);
}

/** A scheme/curve pair the contract's enums allow but no documented key format has (EdDSA/secp256k1, …). */
export function invalidSchemeCurvePairArbitrary(contract: Contract): fc.Arbitrary<SchemeCurvePair> {
  return fc.constantFrom(...schemeCurvePairs(contract).invalid);
}

/** A known test key from fixtures/known-keys.json (public values only), optionally filtered. */
export function knownKeyArbitrary(filter: (key: KnownKey) => boolean = () => true): fc.Arbitrary<KnownKey> {
  const keys = loadKnownKeys().filter(filter);
  if (keys.length === 0) throw new GeneratorError('no known key passes the filter');
  return fc.constantFrom(...keys);
}

// Name characters a UTF-16 or byte counter miscounts, and that look like nothing at all.
const NAME_CHARACTERS: readonly string[] = [
  'é', // 2 UTF-8 bytes
  '漢', // 3 UTF-8 bytes
  UNICODE_EDGES.astral, // 4 UTF-8 bytes, 2 UTF-16 units, 1 code point
  '\u{1f469}\u{200d}\u{1f4bb}', // one grapheme, three code points
  UNICODE_EDGES.zeroWidthSpace,
  UNICODE_EDGES.zeroWidthJoiner,
  '\u200c', // zero-width non-joiner
  UNICODE_EDGES.combiningAcute,
  '\u0308', // combining diaeresis
  UNICODE_EDGES.noBreakSpace,
  UNICODE_EDGES.rightToLeftOverride,
];

/**
 * Key names a correct target accepts: minLength..maxLength code points (default 0..100, the bounds of the
 * contract's `name`; pass the contract's own, see `bodyStringBounds`), the shortest, 1 and the longest
 * favoured, mixing ASCII with multi-byte, astral, zero-width and combining characters. JSON Schema counts
 * code points, so a 100-character name of astral characters (200 UTF-16 units, 400 bytes) is valid.
 * Lone surrogates (no UTF-8 form) come only with `loneSurrogates: true`.
 */
export function keyNameArbitrary(
  options: {
    readonly minLength?: number;
    readonly maxLength?: number;
    readonly loneSurrogates?: boolean;
  } = {},
): fc.Arbitrary<string> {
  const min = options.minLength ?? 0;
  const max = options.maxLength ?? 100;
  if (max < min) throw new GeneratorError(`key names: maxLength ${max} is below minLength ${min}`);
  const singles = NAME_CHARACTERS.filter((c) => Array.from(c).length === 1);
  const specials = [
    ...singles,
    ...(options.loneSurrogates === true ? [UNICODE_EDGES.loneHighSurrogate] : []),
  ];
  const unit = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
    { weight: 2, arbitrary: fc.constantFrom(...specials) },
  );
  const name = (least: number, most: number) => fc.string({ unit, minLength: least, maxLength: most });
  // One character, or the nearest length the bounds allow.
  const single = Math.min(Math.max(1, min), max);
  return fc.oneof(
    { weight: 4, arbitrary: name(min, max) },
    { weight: 1, arbitrary: name(min, min) },
    { weight: 1, arbitrary: name(single, single) },
    { weight: 2, arbitrary: name(max, max) },
  );
}
