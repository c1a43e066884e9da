import { curveByName, type CurveName, type ECPoint } from './curves.ts';
import { decryptShare, encryptShare } from './ecies.ts';
import { parseBase64, toBase64 } from './encoding.ts';
import { fail } from './errors.ts';
import { redact, type Redacted } from './redacted.ts';
import { interpolatePoint, publicSharesConsistent } from './shamir.ts';
import { encodeExportPlaintext, parseImportPlaintext } from './share-codec.ts';

/**
 * The signer side of import and export, for the reference target's simulated signers (key-crypto.md §9):
 * open an import share and check everything a signer can check alone, and seal a share for an export.
 * Failures throw CryptoInputError with a code the reference maps to a 400.
 */
export interface OpenedImportShare {
  readonly index: bigint;
  readonly secretShare: Redacted<bigint>;
  readonly publicShares: readonly ECPoint[];
  /** f(0)·G, interpolated from the public shares: the imported key's public key. */
  readonly publicKey: ECPoint;
  readonly extraFields: readonly string[];
}

export interface OpenImportShareInput {
  readonly decryptionKey: Uint8Array;
  /** The request's encryptedKeyShare (base64). */
  readonly encryptedKeyShare: string;
  readonly curve: CurveName;
  /** This signer's 1-based position in the signer list sorted by signerId: its share index. */
  readonly index: number;
  readonly signerCount: number;
  readonly minSigners: number;
}

export function openImportShare(input: OpenImportShareInput): OpenedImportShare {
  const curve = curveByName(input.curve);
  const plaintext = parseImportPlaintext(
    decryptShare(input.decryptionKey, parseBase64(input.encryptedKeyShare, 'encryptedKeyShare')),
    curve.name,
  );
  const { publicShares } = plaintext;
  if (publicShares.length !== input.signerCount) {
    fail(
      'share-count-mismatch',
      `public_shares has ${publicShares.length} entries, expected one per signer (${input.signerCount})`,
    );
  }
  const own = publicShares[input.index - 1];
  if (own === undefined) fail('option-invalid', `index ${input.index} is outside 1..${publicShares.length}`);
  if (!curve.multiplyBase(plaintext.secretShare).equals(own)) {
    fail(
      'share-inconsistent',
      `secret_share does not match public_shares[${input.index - 1}] (secret_share·G differs)`,
    );
  }
  if (!publicSharesConsistent(curve, publicShares, input.minSigners)) {
    fail(
      'public-shares-inconsistent',
      `public_shares do not lie on one polynomial of degree ${input.minSigners - 1} (minSigners ${input.minSigners})`,
    );
  }
  return {
    index: BigInt(input.index),
    secretShare: redact(plaintext.secretShare),
    publicShares,
    publicKey: interpolatePoint(
      curve,
      publicShares.map((point, i) => ({ index: BigInt(i + 1), point })),
    ),
    extraFields: plaintext.extraFields,
  };
}

/** A signer's export entry: {"version":1,"index","secret_share"} encrypted to the client, as base64. */
export function sealExportShare(
  curveName: CurveName,
  index: bigint,
  secretShare: bigint,
  clientEncryptionKeyWire: string,
): string {
  return toBase64(
    encryptShare(clientEncryptionKeyWire, encodeExportPlaintext(curveByName(curveName), index, secretShare)),
  );
}
