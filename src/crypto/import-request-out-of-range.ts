import { randomBytes } from '@noble/hashes/utils.js';
import { curveByName, randomScalar, type CurveName } from './curves.ts';
import { encryptShare } from './ecies.ts';
import { toBase64 } from './encoding.ts';
import { fail } from './errors.ts';
import { sortSignersById, type ImportKeyBody, type SignerInfo } from './import-request.ts';
import { evaluatePolynomial, sharesFromPolynomial } from './shamir.ts';
import { encodeImportPlaintext } from './share-codec.ts';

/**
 * ImportKey bodies that break a scalar range rule, which buildImportRequest (import-request.ts) cannot make
 * because it validates the secret first, as the SDK does (key-crypto.md §4.2):
 * - `zero-secret`: a well-formed sharing of f(0) = 0, whose public key is the identity;
 * - `share-not-below-order`: a sharing of a random secret in which signer 1's `secret_share` is written as
 *   y₁ + order, a 32-byte value ≥ the group order (generic-ec's `from_be_bytes` refuses it). The polynomial
 *   is chosen so that y₁ is small, so y₁ + order still fits 32 bytes on every curve; public_shares carry y₁·G,
 *   so the encoding is the only defect.
 * Everything else (signer order, encryption, plaintext layout) is as a conformant client sends it. For
 * negative tests only; nothing secret is returned.
 */
export type ScalarRangeDefect = 'zero-secret' | 'share-not-below-order';

export interface OutOfRangeImportInput {
  readonly curve: CurveName;
  readonly protocol: string;
  readonly minSigners: number;
  readonly signers: readonly SignerInfo[];
  readonly defect: ScalarRangeDefect;
  readonly name?: string;
}

/** Largest y₁ drawn for `share-not-below-order`: y₁ + order < 2^256 on all three curves. */
const SMALL_SHARE_BOUND = 1n << 16n;

export function buildOutOfRangeImport(input: OutOfRangeImportInput): ImportKeyBody {
  const curve = curveByName(input.curve);
  const signers = sortSignersById(input.signers);
  const n = signers.length;
  const t = input.minSigners;
  if (!Number.isSafeInteger(t) || t < 2 || t > n) {
    fail('threshold-invalid', `minSigners must be in [2, ${n}] (the signers listed), got ${t}`);
  }
  const draw = () => randomScalar(curve, randomBytes);
  const polynomial = [input.defect === 'zero-secret' ? 0n : draw()];
  for (let j = 1; j < t; j++) polynomial.push(draw());
  if (input.defect === 'share-not-below-order') {
    // f(1) = Σ a_j, so fixing a₁ = y₁ − Σ_{j≠1} a_j makes signer 1's share the small y₁.
    const small = (draw() % (SMALL_SHARE_BOUND - 1n)) + 1n;
    polynomial[1] = curve.Fn.sub(
      small,
      curve.Fn.sub(evaluatePolynomial(curve, polynomial, 1n), polynomial[1]!),
    );
  }
  const indexes = signers.map((_, i) => BigInt(i + 1));
  const shares = sharesFromPolynomial(curve, polynomial, indexes);
  if (shares.some((s) => s.value === 0n)) {
    fail('scalar-zero', 'a share came out zero (probability ~n/order); build the request again');
  }
  const publicShares = shares.map((s) => curve.multiplyBase(s.value));
  return {
    ...(input.name === undefined ? {} : { name: input.name }),
    curve: curve.name,
    protocol: input.protocol,
    minSigners: t,
    encryptedKeyShares: signers.map((signer, i) => {
      const written =
        input.defect === 'share-not-below-order' && i === 0
          ? shares[i]!.value + curve.order
          : shares[i]!.value;
      const plaintext = encodeImportPlaintext(curve, written, publicShares);
      return {
        signerId: signer.signerId,
        encryptedKeyShare: toBase64(encryptShare(signer.encryptionKey, plaintext)),
      };
    }),
  };
}
