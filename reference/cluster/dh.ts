import { combinePartialDhPoints, partialDhPoint } from '../../src/crypto/dh-derive.ts';
import { quorumShares, type Cluster } from './cluster.ts';

/**
 * DeriveKey on a DH key: a quorum of signers each contributes d_i·H(seed) and the points are combined by
 * Lagrange interpolation in the exponent, so the key d is never assembled, not even in memory.
 */
export function deriveDh(cluster: Cluster, keyId: string, domain: Uint8Array, seed: Uint8Array): string {
  return combinePartialDhPoints(
    quorumShares(cluster, keyId).map((share) => partialDhPoint(share, domain, seed)),
  );
}
