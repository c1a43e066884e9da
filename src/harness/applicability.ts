import type { TestContext } from 'vitest';
import { formatFor, type Capability, type Curve, type KeyFormat, type Scheme } from '../run/profile.ts';
import type { Harness } from './harness.ts';

/**
 * Skips the running test as "not applicable" when the target profile does not offer what it tests; the
 * run reports such tests apart from passes, so a disabled capability never looks conformant.
 */
export function requireCapability(h: Harness, context: TestContext, capability: Capability): void {
  if (!h.profile.capabilities[capability]) {
    context.skip(`not applicable: profile ${h.profile.name} disables ${capability}`);
  }
}

export function requireFormat(h: Harness, context: TestContext, scheme: Scheme, curve: Curve): KeyFormat {
  const format = formatFor(h.profile, scheme, curve);
  if (format === undefined)
    return context.skip(`not applicable: profile ${h.profile.name} has no ${scheme}/${curve} keys`);
  return format;
}

/** Every scheme/curve pair the contract knows, so test lists are the same whatever the profile. */
export const KEY_FORMATS: readonly { readonly scheme: Scheme; readonly curve: Curve }[] = [
  { scheme: 'ECDSA', curve: 'secp256k1' },
  { scheme: 'ECDSA', curve: 'stark' },
  { scheme: 'EdDSA', curve: 'ed25519' },
  { scheme: 'Schnorr', curve: 'secp256k1' },
  { scheme: 'DH', curve: 'secp256k1' },
];

/** Formats that sign (DH keys derive, they do not sign). */
export const SIGNING_FORMATS = KEY_FORMATS.filter((f) => f.scheme !== 'DH');

/**
 * Rows for `test.for(...)('… %s …')`: the label first, so titles read `ECDSA/secp256k1` (vitest quotes
 * strings interpolated by `$name`, not by `%s`).
 */
export function formatCases(
  formats: readonly { readonly scheme: Scheme; readonly curve: Curve }[],
): [label: string, scheme: Scheme, curve: Curve][] {
  return formats.map((f) => [`${f.scheme}/${f.curve}`, f.scheme, f.curve]);
}

/** A Hash signature request valid for a key of this scheme (Schnorr keys need taprootMerkleRoot). */
export function hashRequest(scheme: Scheme, hash: string): Record<string, unknown> {
  return { kind: 'Hash', hash, ...(scheme === 'Schnorr' ? { taprootMerkleRoot: '' } : {}) };
}
