import { equalBytes } from '@noble/curves/utils.js';
import { curveByName } from '../../crypto/curves.ts';
import { decryptShare } from '../../crypto/ecies.ts';
import { parseBase64 } from '../../crypto/encoding.ts';
import { CryptoInputError } from '../../crypto/errors.ts';
import type { ExportFailureCode } from '../../crypto/export-recovery.ts';
import { encodeExportPlaintext, parseExportPlaintext } from '../../crypto/share-codec.ts';
import { responseObject } from '../body.ts';
import { PASS, type Check, type CheckFailure } from '../check.ts';
import {
  describeKey,
  EXPORT_RESPONSE,
  exportRecoveryOf,
  publicKeyOfScalar,
  type ExportExpectation,
} from './exported-key.ts';

/**
 * export_shares_consistent: the ExportKey answer is a coherent sharing of one key (key-crypto.md §5.4).
 * Every share decrypts with the caller's key and parses; indexes are distinct; every minSigners-subset of
 * the shares, interpolated at 0 over each share's own index, gives the same secret; and that secret times G
 * is the publicKey the answer states. With `exactPlaintexts`, each plaintext must also be byte-identical to
 * the serde_json form the Dfns client library writes (a departure there is low severity: serde reads both).
 */
const POINTERS: Readonly<Partial<Record<ExportFailureCode, string>>> = {
  'curve-mismatch': `${EXPORT_RESPONSE}/properties/curve`,
  'curve-unknown': `${EXPORT_RESPONSE}/properties/curve`,
  'public-key-invalid': `${EXPORT_RESPONSE}/properties/publicKey`,
  'public-key-mismatch': `${EXPORT_RESPONSE}/properties/publicKey`,
  'min-signers-invalid': `${EXPORT_RESPONSE}/properties/minSigners`,
};

const EQUATIONS: Readonly<Partial<Record<ExportFailureCode, string>>> = {
  'subset-disagrees': 'Σ_{j∈S} λ_j(0)·y_j is the same for every subset S of minSigners shares',
  'public-key-mismatch': '(Σ_j λ_j(0)·y_j)·G = publicKey',
};

export const exportSharesConsistent: Check<ExportExpectation> = {
  id: 'export_shares_consistent',
  severity: 'critical',
  rationale:
    'Exported shares that do not decrypt, repeat an index, or disagree between subsets rebuild no key or the wrong one: the owner loses the key at the moment they take custody of it.',
  run(exchange, _context, expectation) {
    const recovery = exportRecoveryOf(exchange, expectation);
    if (recovery === undefined) return 'not-applicable';
    const body = responseObject(exchange) ?? {};
    const reconstructed =
      recovery.secret === undefined
        ? undefined
        : publicKeyOfScalar(expectation.curve, recovery.secret.reveal().scalar);
    const failures: CheckFailure[] = recovery.failures.map((failure) => ({
      message: `ExportKey of ${describeKey(expectation)}: ${failure.message}${failure.signerId === undefined ? '' : ` (signer ${failure.signerId})`}`,
      pointer: POINTERS[failure.code] ?? `${EXPORT_RESPONSE}/properties/encryptedKeyShares`,
      subject: `${expectation.scheme}/${expectation.curve}`,
      evidence: {
        keyId: expectation.keyId,
        problem: failure.code,
        ...(failure.signerId === undefined ? {} : { signerId: failure.signerId }),
        ...(EQUATIONS[failure.code] === undefined ? {} : { equation: EQUATIONS[failure.code] }),
        minSigners: body.minSigners ?? null,
        shareIndexes: recovery.shares.map((s) =>
          s.index === undefined ? null : `0x${s.index.toString(16)}`,
        ),
        indexBySigner: Object.fromEntries(
          recovery.shares.map((s) => [
            s.signerId,
            s.index === undefined ? null : `0x${s.index.toString(16)}`,
          ]),
        ),
        subsetsChecked: recovery.subsets.length,
        subsetsDisagreeing: recovery.subsets.filter((s) => !s.agrees).length,
        subsetsMatchingPublicKey: recovery.subsets
          .filter((s) => s.matchesPublicKey === true)
          .map((s) => s.indexes.map((i) => `0x${i.toString(16)}`).join(',')),
        responsePublicKey: body.publicKey ?? null,
        ...(reconstructed === undefined ? {} : { reconstructedPublicKey: reconstructed }),
      },
    }));
    if (expectation.exactPlaintexts === true) failures.push(...plaintextDepartures(body, expectation));
    return failures.length === 0 ? PASS : failures;
  },
};

/**
 * Shares whose plaintext is not byte for byte {"version":1,"index":…,"secret_share":…} as serde_json writes
 * it. Only lengths and the first differing offset are reported: the bytes themselves hold the secret share.
 */
function plaintextDepartures(
  body: Readonly<Record<string, unknown>>,
  expectation: ExportExpectation,
): CheckFailure[] {
  const curve = curveByName(expectation.curve);
  const entries = Array.isArray(body.encryptedKeyShares) ? (body.encryptedKeyShares as unknown[]) : [];
  const failures: CheckFailure[] = [];
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { signerId, encryptedKeyShare } = entry as Record<string, unknown>;
    let plaintext: Uint8Array;
    let canonical: Uint8Array;
    try {
      plaintext = decryptShare(
        expectation.decryptionKey.reveal(),
        parseBase64(encryptedKeyShare, 'encryptedKeyShare'),
      );
      const parsed = parseExportPlaintext(plaintext, curve.name);
      canonical = encodeExportPlaintext(curve, parsed.index, parsed.secretShare);
    } catch (error) {
      // Undecryptable or unparsable shares are already failures of the reconstruction above.
      if (error instanceof CryptoInputError) continue;
      throw error;
    }
    if (equalBytes(plaintext, canonical)) continue;
    const at = firstDifference(plaintext, canonical);
    failures.push({
      message: `ExportKey of ${describeKey(expectation)}: the share plaintext of signer ${String(signerId)} is ${plaintext.length} bytes and departs from the serde form (${canonical.length} bytes) at byte ${at}`,
      pointer: `${EXPORT_RESPONSE}/properties/encryptedKeyShares`,
      subject: `${expectation.scheme}/${expectation.curve}`,
      severity: 'low',
      evidence: {
        keyId: expectation.keyId,
        signerId: signerId ?? null,
        plaintextLength: plaintext.length,
        expectedLength: canonical.length,
        firstDifferenceAt: at,
        expectedForm: `{"version":1,"index":{"curve":"${curve.name}","scalar":"<64 hex>"},"secret_share":{"curve":"${curve.name}","scalar":"<64 hex>"}}`,
      },
    });
  }
  return failures;
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}
