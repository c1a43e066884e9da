import { bytesToNumberBE } from '@noble/curves/utils.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { TestContext } from 'vitest';
import { loadKnownKeys, type KnownKey } from '../../fixtures/known-keys.ts';
import type { SigningScheme } from '../../src/checks/crypto/index.ts';
import type { Exchange } from '../../src/client/exchange.ts';
import { curveByName, type CurveName } from '../../src/crypto/curves.ts';
import { buildImportRequest, type ImportRequest } from '../../src/crypto/import-request.ts';
import { checkPublicKey } from '../../src/crypto/public-key.ts';
import { redact, type Redacted } from '../../src/crypto/redacted.ts';
import { requireCapability, requireFormat, SIGNING_FORMATS } from '../../src/harness/applicability.ts';
import type { Harness } from '../../src/harness/harness.ts';
import { createKey, ownedKey } from '../../src/harness/keys.ts';
import { PreconditionError } from '../../src/harness/precondition.ts';
import { listSigners } from '../../src/harness/valid-requests.ts';
import type { Curve, Scheme } from '../../src/run/profile.ts';

/**
 * The keys the crypto suite works on: known keys from fixtures/ imported through ImportKey (the suite then
 * knows the secret and can recover nonces and compare exports), and keys the target created (public checks
 * only). Getting a key is a precondition, not the behaviour under test, so the named import checks are
 * applied by the tests that are about import; here only positive_data_accepted runs (via ownedKey).
 */
export type Origin = 'imported' | 'created';
export const ORIGINS: readonly Origin[] = ['imported', 'created'];

export interface KeyUnderTest {
  readonly id: string;
  readonly origin: Origin;
  readonly scheme: SigningScheme;
  readonly curve: CurveName;
  readonly protocol: string;
  /**
   * The public key checks verify under: computed from the secret for an imported key (a wrong publicKey in
   * the Key must not make wrong signatures look right), else the key's own, re-encoded compressed (its
   * encoding is public_key_encoding's business, not a reason to skip the cryptography).
   */
  readonly publicKey: string;
  /** The Key as ImportKey or CreateKey returned it. */
  readonly key: Readonly<Record<string, unknown>>;
  readonly exchange: Exchange;
  readonly known?: KnownKey;
  /** The scalar the cluster should hold (ed25519: the clamped scalar of the seed). Imported keys only. */
  readonly secret?: Redacted<bigint>;
}

/** The known key the scenario imports for each signing format (the others are round-tripped in export.test.ts). */
const PRIMARY: Readonly<Record<string, string>> = {
  'ECDSA/secp256k1': 'anvil-0-ecdsa',
  'ECDSA/stark': 'starknet-readme-key',
  'EdDSA/ed25519': 'rfc8032-test-1',
  'Schnorr/secp256k1': 'bip340-vector-1',
};

export function primaryKnownKey(scheme: SigningScheme, curve: CurveName): KnownKey {
  const id = PRIMARY[`${scheme}/${curve}`];
  const key = loadKnownKeys().find((k) => k.id === id);
  if (key === undefined)
    throw new Error(`fixtures/known-keys.json has no key ${String(id)} for ${scheme}/${curve}`);
  return key;
}

/** Every known key, as a table for `test.for` (public fields only). */
export const KNOWN_KEYS: readonly KnownKey[] = loadKnownKeys();

/** The signing formats, for `test.for` (DH keys derive, they do not sign). */
export const SIGNING: readonly { readonly scheme: SigningScheme; readonly curve: Curve }[] =
  SIGNING_FORMATS.map((f) => ({ scheme: f.scheme as SigningScheme, curve: f.curve }));

/** Every protocol the profile lists for a format ("and each protocol the target profile lists"). */
export function protocolsFor(h: Harness, scheme: Scheme, curve: Curve): string[] {
  return h.profile.keyFormats.filter((f) => f.scheme === scheme && f.curve === curve).map((f) => f.protocol);
}

/** Skips the test unless the profile offers the format (and import, for imported keys); returns the protocol. */
export function requireKeyOrigin(
  h: Harness,
  context: TestContext,
  origin: Origin,
  scheme: Scheme,
  curve: Curve,
): string {
  const format = requireFormat(h, context, scheme, curve);
  if (origin === 'imported') requireCapability(h, context, 'import');
  return format.protocol;
}

/** The secret ImportKey is built from: the seed for ed25519 (converted as the SDK does), else the scalar. */
function importSecret(known: KnownKey): Uint8Array {
  return hexToBytes(known.curve === 'ed25519' ? (known.seed ?? '') : known.secret);
}

export interface ImportedKnownKey {
  readonly request: ImportRequest;
  readonly exchange: Exchange;
}

/**
 * ListSigners, then an ImportKey body for a known key, split for the sorted signers and encrypted to each
 * (key-crypto.md §4). Self-checks that the locally computed publicKey is the fixture's: a mismatch is the
 * suite's bug, not the target's, so it throws a plain Error.
 */
export async function sendKnownKeyImport(
  h: Harness,
  known: KnownKey,
  protocol: string,
  label: string,
): Promise<ImportedKnownKey> {
  const request = buildImportRequest({
    secret: importSecret(known),
    curve: known.curve,
    protocol,
    minSigners: h.profile.importThreshold,
    signers: await listSigners(h),
    name: h.keyName(label),
  });
  if (request.publicKey !== known.publicKey) {
    throw new Error(
      `suite self-check: ${known.id} splits to publicKey ${request.publicKey}, the fixture says ${known.publicKey}`,
    );
  }
  const exchange = await h.call('ImportKey', { body: request.body as unknown as Record<string, unknown> });
  return { request, exchange };
}

/** A known key imported and owned by the run (PreconditionError when the target did not import it). */
export async function importKnownKey(
  h: Harness,
  known: KnownKey,
  protocol: string,
  label: string,
): Promise<KeyUnderTest> {
  const { exchange } = await sendKnownKeyImport(h, known, protocol, label);
  return importedKey(h, known, protocol, exchange);
}

/** The key an ImportKey exchange of a known key made (PreconditionError when it made none). */
export function importedKey(h: Harness, known: KnownKey, protocol: string, exchange: Exchange): KeyUnderTest {
  const { key, id } = ownedKey(h, exchange, `ImportKey of known key ${known.id} (${protocol})`);
  return {
    id,
    origin: 'imported',
    scheme: known.scheme,
    curve: known.curve,
    protocol,
    publicKey: known.publicKey,
    key,
    exchange,
    known,
    secret: redact(bytesToNumberBE(hexToBytes(known.secret))),
  };
}

/** A key the target creates; its publicKey must at least be a point of the curve to verify under. */
export async function createSigningKey(
  h: Harness,
  scheme: SigningScheme,
  curve: CurveName,
  protocol: string,
  label: string,
): Promise<KeyUnderTest> {
  const { key, id, exchange } = await createKey(h, { scheme, curve }, label);
  const point = checkPublicKey(curve, key.publicKey).point;
  if (point === undefined) {
    throw new PreconditionError(
      `CreateKey ${scheme}/${curve}: publicKey ${String(key.publicKey)} is not a point (see public_key_encoding)`,
    );
  }
  const publicKey = bytesToHex(curveByName(curve).encodePoint(point, 'compressed'));
  return { id, origin: 'created', scheme, curve, protocol, publicKey, key, exchange };
}

const cache = new Map<string, Promise<KeyUnderTest>>();

/**
 * One key per origin and format for the tests that only sign with it (never for tests that export or
 * delete: those change the key). Made by the first test that asks, so that test carries any finding of
 * its making; the others reuse it.
 */
export function sharedKey(
  h: Harness,
  origin: Origin,
  scheme: SigningScheme,
  curve: CurveName,
  protocol: string,
): Promise<KeyUnderTest> {
  const label = `${origin}-${scheme}-${curve}-${protocol}`;
  let key = cache.get(label);
  if (key === undefined) {
    key =
      origin === 'imported'
        ? importKnownKey(h, primaryKnownKey(scheme, curve), protocol, `crypto-${label}`)
        : createSigningKey(h, scheme, curve, protocol, `crypto-${label}`);
    cache.set(label, key);
  }
  return key;
}
