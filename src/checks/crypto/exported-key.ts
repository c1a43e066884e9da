import { bytesToHex } from '@noble/hashes/utils.js';
import type { Exchange } from '../../client/exchange.ts';
import { curveByName, type CurveName } from '../../crypto/curves.ts';
import { recoverExportedKey, type ExportRecovery } from '../../crypto/export-recovery.ts';
import type { Redacted } from '../../crypto/redacted.ts';
import { isSuccess } from '../check.ts';
import type { SigningScheme } from './signed-payload.ts';

/**
 * What the two export checks share: the expectation of an ExportKey exchange and the reconstruction of its
 * shares (key-crypto.md §5.4), made once per exchange. Secrets (the decryption key, the imported secret, the
 * reconstructed scalar) travel in Redacted holders and never reach a finding: findings compare public keys
 * (secret·G) and name relations ("the tweaked secret"), never values.
 */
export interface ExportExpectation {
  readonly keyId: string;
  readonly scheme: SigningScheme | 'DH';
  readonly curve: CurveName;
  /** The secp256k1 secret behind the request's encryptionKey. */
  readonly decryptionKey: Redacted<Uint8Array>;
  /** The key's publicKey as the suite knows it: computed from the secret for an imported key, else as created. */
  readonly publicKey: string;
  /** The scalar the suite imported (ed25519: the clamped scalar of the seed); absent for created keys. */
  readonly secret?: Redacted<bigint>;
  /** ed25519 imported from a seed: the seed, to name an export of the seed instead of the scalar. */
  readonly seed?: Redacted<Uint8Array>;
  /** Which fixture key was imported (public id), for messages. */
  readonly knownKeyId?: string;
  /** Also compare every decrypted share plaintext byte for byte with the serde form (key-crypto.md §5.3). */
  readonly exactPlaintexts?: boolean;
}

export const EXPORT_RESPONSE = '#/components/schemas/ExportKeyResponse';

const recoveries = new WeakMap<
  Exchange,
  { readonly key: Redacted<Uint8Array>; readonly recovery: ExportRecovery }
>();

/** The reconstruction of a 2xx ExportKey answer, or undefined for any other answer. */
export function exportRecoveryOf(
  exchange: Exchange,
  expectation: ExportExpectation,
): ExportRecovery | undefined {
  const status = exchange.response?.status;
  if (status === undefined || !isSuccess(status) || exchange.response?.parsed === undefined) return undefined;
  const memo = recoveries.get(exchange);
  if (memo?.key === expectation.decryptionKey) return memo.recovery;
  const recovery = recoverExportedKey(exchange.response.parsed.value, expectation.decryptionKey.reveal(), {
    expectedCurve: expectation.curve,
  });
  recoveries.set(exchange, { key: expectation.decryptionKey, recovery });
  return recovery;
}

/** k·G, compressed hex: the public face of a scalar, safe for evidence. */
export function publicKeyOfScalar(curve: CurveName, k: bigint): string {
  const c = curveByName(curve);
  const point = c.multiplyBase(k);
  return point.is0() ? '(identity: the scalar is zero)' : bytesToHex(c.encodePoint(point, 'compressed'));
}

export function describeKey(expectation: ExportExpectation): string {
  return `${expectation.scheme}/${expectation.curve} key ${expectation.keyId}${expectation.knownKeyId === undefined ? '' : ` (${expectation.knownKeyId})`}`;
}
