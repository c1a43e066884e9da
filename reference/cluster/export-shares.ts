import { curveByName, type CurveName } from '../../src/crypto/curves.ts';
import { encryptShare } from '../../src/crypto/ecies.ts';
import { toBase64 } from '../../src/crypto/encoding.ts';
import type { Share } from '../../src/crypto/shamir.ts';
import { encodeExportPlaintext } from '../../src/crypto/share-codec.ts';
import { sharesOf, type Cluster } from './cluster.ts';

/**
 * ExportKey on the signers' side (key-crypto.md §5): each signer encrypts `{version:1, index, secret_share}`
 * to the caller's encryption key. Entries come in cluster order, which is not signerId order, as the real
 * API's do not (the docs' example is unsorted). `transform` is where export faults act on the shares.
 */
export type ExportShareTransform = (shares: readonly Share[]) => Share[];

export function exportEncryptedShares(
  cluster: Cluster,
  keyId: string,
  curveName: CurveName,
  encryptionKeyWire: string,
  transform: ExportShareTransform = (shares) => [...shares],
): { signerId: string; encryptedKeyShare: string }[] {
  const curve = curveByName(curveName);
  const held = sharesOf(cluster, keyId);
  const shares = transform(held.map((h) => h.share));
  return held.map(({ signer }, i) => ({
    signerId: signer.signerId,
    encryptedKeyShare: toBase64(
      encryptShare(encryptionKeyWire, encodeExportPlaintext(curve, shares[i]!.index, shares[i]!.value)),
    ),
  }));
}
