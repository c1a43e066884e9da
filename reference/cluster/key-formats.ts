import type { CurveName } from '../../src/crypto/curves.ts';

/**
 * Which keys this target makes, imports and exports. Scheme/curve pairs are the five the contract lists
 * (openapi.yaml KeyCurve); protocol/curve -> scheme for import follows keys-api.md §2.2.
 */
export type Scheme = 'ECDSA' | 'EdDSA' | 'Schnorr' | 'DH';
export type Protocol = 'CGGMP21' | 'CGGMP24' | 'KU23' | 'FROST' | 'FROST_BITCOIN' | 'GLOW20_DH';

export interface KeyFormat {
  readonly scheme: Scheme;
  readonly curve: CurveName;
  /** The protocol a created key is held under (what ExportKey reports). */
  readonly protocol: Protocol;
}

export const KEY_FORMATS: readonly KeyFormat[] = [
  // The current SDK imports ECDSA keys as CGGMP24 (key-crypto.md §4.1), so created keys say the same.
  { scheme: 'ECDSA', curve: 'secp256k1', protocol: 'CGGMP24' },
  { scheme: 'ECDSA', curve: 'stark', protocol: 'CGGMP24' },
  { scheme: 'EdDSA', curve: 'ed25519', protocol: 'FROST' },
  { scheme: 'Schnorr', curve: 'secp256k1', protocol: 'FROST_BITCOIN' },
  { scheme: 'DH', curve: 'secp256k1', protocol: 'GLOW20_DH' },
];

export function formatOf(scheme: string, curve: string): KeyFormat | undefined {
  return KEY_FORMATS.find((f) => f.scheme === scheme && f.curve === curve);
}

/** (protocol, curve) pairs ImportKey accepts and the scheme of the resulting key. */
const IMPORT_FORMATS: readonly { protocol: Protocol; curve: CurveName; scheme: Scheme }[] = [
  { protocol: 'CGGMP21', curve: 'secp256k1', scheme: 'ECDSA' },
  { protocol: 'CGGMP24', curve: 'secp256k1', scheme: 'ECDSA' },
  { protocol: 'KU23', curve: 'secp256k1', scheme: 'ECDSA' },
  { protocol: 'CGGMP21', curve: 'stark', scheme: 'ECDSA' },
  { protocol: 'CGGMP24', curve: 'stark', scheme: 'ECDSA' },
  { protocol: 'FROST', curve: 'ed25519', scheme: 'EdDSA' },
  { protocol: 'FROST_BITCOIN', curve: 'secp256k1', scheme: 'Schnorr' },
  { protocol: 'GLOW20_DH', curve: 'secp256k1', scheme: 'DH' },
];

export function importScheme(protocol: string, curve: string): Scheme | undefined {
  return IMPORT_FORMATS.find((f) => f.protocol === protocol && f.curve === curve)?.scheme;
}

/** The curves a protocol can import, for the message that refuses a mismatched pair. */
export function importCurvesOf(protocol: string): CurveName[] {
  return IMPORT_FORMATS.filter((f) => f.protocol === protocol).map((f) => f.curve);
}

/**
 * The protocol an export is made under, given the caller's supportedSchemes: the key's own protocol when
 * listed; for ECDSA keys also another ECDSA protocol on the same curve [I], since CGGMP21, CGGMP24 and KU23
 * keys export the same Shamir shares (key-crypto.md §5.3) and clients of the older SDK list only CGGMP21.
 */
export function exportProtocol(
  key: { readonly scheme: Scheme; readonly curve: CurveName; readonly protocol: Protocol },
  supported: readonly { readonly protocol: string; readonly curve: string }[],
): Protocol | undefined {
  const sameCurve = supported.filter((s) => s.curve === key.curve);
  if (sameCurve.some((s) => s.protocol === key.protocol)) return key.protocol;
  if (key.scheme !== 'ECDSA') return undefined;
  const alternative = sameCurve.find((s) => importScheme(s.protocol, key.curve) === 'ECDSA');
  return alternative?.protocol as Protocol | undefined;
}
