import { bytesToNumberBE, bytesToNumberLE, numberToBytesBE } from '@noble/curves/utils.js';
import { curveByName, type Curve } from '../../crypto/curves.ts';
import { checkPublicKey } from '../../crypto/public-key.ts';
import { taprootTweakSecret } from '../../crypto/taproot.ts';
import { PASS, type Check } from '../check.ts';
import {
  describeKey,
  EXPORT_RESPONSE,
  exportRecoveryOf,
  publicKeyOfScalar,
  type ExportExpectation,
} from './exported-key.ts';

/**
 * export_reconstructs_imported_key: the secret rebuilt from an export (Lagrange at 0 over all shares, each
 * at its own index) is the key. For a key the suite imported, it is exactly the imported scalar — for ed25519
 * the clamped scalar of the seed, not the seed (key-crypto.md §5.4); for FROST_BITCOIN the untweaked internal
 * scalar as imported ([I] strong). For a created key, whose secret the suite never knew, it is the scalar
 * whose public key is the key's publicKey. When the rebuilt secret is a known wrong relative of the key (the
 * taproot-tweaked or negated scalar, the seed, the scalar byte-reversed), the finding names the relation.
 */
const EQUATION_IMPORTED = 'Σ_j λ_j(0)·y_j = the imported secret (compared as secret·G)';
const EQUATION_CREATED = '(Σ_j λ_j(0)·y_j)·G = the key’s publicKey';

export const exportReconstructsImportedKey: Check<ExportExpectation> = {
  id: 'export_reconstructs_imported_key',
  severity: 'critical',
  rationale:
    'Export exists to hand the owner their key: shares that rebuild any other scalar lose the funds the key controls, even when they are consistent among themselves.',
  run(exchange, _context, expectation) {
    const recovery = exportRecoveryOf(exchange, expectation);
    if (recovery === undefined) return 'not-applicable';
    const curve = curveByName(expectation.curve);
    const evidence = {
      keyId: expectation.keyId,
      ...(expectation.knownKeyId === undefined ? {} : { knownKey: expectation.knownKeyId }),
      scheme: expectation.scheme,
      curve: expectation.curve,
      expectedPublicKey: expectation.publicKey,
      equation: expectation.secret === undefined ? EQUATION_CREATED : EQUATION_IMPORTED,
    };
    const subject = `${expectation.scheme}/${expectation.curve}`;
    const pointer = `${EXPORT_RESPONSE}/properties/encryptedKeyShares`;
    if (recovery.secret === undefined) {
      return [
        {
          message: `ExportKey of ${describeKey(expectation)}: no secret can be rebuilt from the shares (${recovery.failures.map((f) => f.code).join(', ') || 'no usable share'})`,
          pointer,
          subject,
          evidence,
        },
      ];
    }
    const x = recovery.secret.reveal().scalar;
    const secret = expectation.secret?.reveal();
    const matches =
      secret === undefined
        ? matchesPublicKey(curve, x, expectation.publicKey)
        : curve.Fn.create(x) === curve.Fn.create(secret);
    if (matches) return PASS;
    const relation = secret === undefined ? undefined : knownRelation(curve, expectation, x, secret);
    return [
      {
        message: `ExportKey of ${describeKey(expectation)}: the shares rebuild a key with public key ${publicKeyOfScalar(expectation.curve, x)}, not ${expectation.publicKey}${relation === undefined ? '' : `: it is ${relation}`}`,
        pointer,
        subject,
        evidence: {
          ...evidence,
          reconstructedPublicKey: publicKeyOfScalar(expectation.curve, x),
          ...(relation === undefined ? {} : { diagnosis: relation }),
        },
      },
    ];
  },
};

function matchesPublicKey(curve: Curve, x: bigint, publicKey: string): boolean {
  const point = checkPublicKey(curve.name, publicKey).point;
  return point !== undefined && curve.multiplyBase(x).equals(point);
}

/** A known mistake that explains x, named without revealing either scalar. */
function knownRelation(
  curve: Curve,
  expectation: ExportExpectation,
  x: bigint,
  secret: bigint,
): string | undefined {
  const { Fn } = curve;
  if (x === Fn.neg(secret)) return 'the negated secret (n − d)';
  if (expectation.scheme === 'Schnorr') {
    try {
      if (x === taprootTweakSecret(secret)) return 'the taproot-tweaked secret, not the internal scalar';
    } catch {
      // A tweak that cannot be computed explains nothing.
    }
  }
  if (curve.name === 'ed25519') {
    const seed = expectation.seed?.reveal();
    if (seed !== undefined && x === Fn.create(bytesToNumberBE(seed)))
      return 'the seed, not its clamped scalar';
    if (x === Fn.create(bytesToNumberLE(numberToBytesBE(secret, 32))))
      return 'the scalar read in the wrong byte order (little-endian instead of big-endian)';
  }
  return undefined;
}
