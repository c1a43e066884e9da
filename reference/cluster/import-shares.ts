import { curveByName, type CurveName, type ECPoint } from '../../src/crypto/curves.ts';
import { decryptShare } from '../../src/crypto/ecies.ts';
import { compareBytes, parseBase64 } from '../../src/crypto/encoding.ts';
import { CryptoInputError } from '../../src/crypto/errors.ts';
import { interpolatePoint, publicSharesConsistent, type Share } from '../../src/crypto/shamir.ts';
import { parseImportPlaintext } from '../../src/crypto/share-codec.ts';
import { badRequest } from '../errors.ts';
import type { Cluster, Signer } from './cluster.ts';

/**
 * What each signer does with its entry of an ImportKey body (key-crypto.md §4): find itself, decrypt its
 * share with its own key, take its index from its position in the sorted signer list, and check the share
 * against the public shares and the public shares against one polynomial of degree minSigners-1. Every
 * refusal is a 400 whose message names the entry and the problem.
 */
export interface EncryptedShareEntry {
  readonly signerId: string;
  readonly encryptedKeyShare: string;
}

export interface OpenedImport {
  /** signerId -> (index, secret share). */
  readonly shares: ReadonlyMap<string, Share>;
  /** f(0)·G from the public shares. */
  readonly publicKey: ECPoint;
  /** The public shares f(1)·G … f(n)·G as the entries carried them. */
  readonly publicShares: readonly ECPoint[];
}

export interface ImportChecks {
  /** Check secret shares against public shares and public shares against one polynomial (a fault skips it). */
  readonly consistency: boolean;
}

export function openImportShares(
  cluster: Cluster,
  curveName: CurveName,
  minSigners: number,
  entries: readonly EncryptedShareEntry[],
  checks: ImportChecks,
): OpenedImport {
  const curve = curveByName(curveName);
  const n = cluster.signers.length;
  if (minSigners !== cluster.threshold) {
    throw badRequest(
      `minSigners must equal this cluster's signing threshold (${cluster.threshold} of ${n} signers), got ${minSigners}`,
    );
  }
  const bySigner = matchEntries(cluster, entries);

  const opened = cluster.sortedSigners.map((signer, position) => {
    const { entry, at } = bySigner.get(signer)!;
    const what = `the share for signer ${signer.signerId} (encryptedKeyShares[${at}])`;
    let plaintext: Uint8Array;
    try {
      const blob = parseBase64(entry.encryptedKeyShare, `encryptedKeyShares[${at}].encryptedKeyShare`);
      plaintext = decryptShare(signer.decryptionKey.reveal(), blob);
    } catch (error) {
      throw badRequest(`${what} cannot be decrypted with that signer's key: ${messageOf(error)}`, {
        signerId: signer.signerId,
      });
    }
    try {
      const parsed = parseImportPlaintext(plaintext, curve.name);
      return { signer, at, index: BigInt(position + 1), ...parsed };
    } catch (error) {
      throw badRequest(`${what} is not a valid share plaintext: ${messageOf(error)}`, {
        signerId: signer.signerId,
      });
    }
  });

  const first = opened[0]!;
  const publicShares = first.publicShares;
  if (publicShares.length !== n) {
    throw badRequest(`public_shares must list ${n} points (one per signer), got ${publicShares.length}`);
  }
  for (const other of opened.slice(1)) {
    const same =
      other.publicShares.length === publicShares.length &&
      other.publicShares.every((p, i) => p.equals(publicShares[i]!));
    if (!same) {
      throw badRequest(
        `signers ${first.signer.signerId} and ${other.signer.signerId} received different public_shares; every share must carry the same list`,
      );
    }
  }
  if (checks.consistency) {
    for (const share of opened) {
      if (!curve.multiplyBase(share.secretShare).equals(publicShares[Number(share.index) - 1]!)) {
        throw badRequest(
          `the secret share for signer ${share.signer.signerId} (encryptedKeyShares[${share.at}]) does not match public_shares[${share.index - 1n}]: the shares are inconsistent`,
          { signerId: share.signer.signerId },
        );
      }
    }
    if (!publicSharesConsistent(curve, publicShares, minSigners)) {
      throw badRequest(
        `public_shares do not lie on one polynomial of degree ${minSigners - 1} (minSigners ${minSigners}): the shares are inconsistent`,
      );
    }
  }
  const basis = publicShares.slice(0, minSigners).map((point, i) => ({ index: BigInt(i + 1), point }));
  const publicKey = interpolatePoint(curve, basis);
  if (publicKey.is0()) throw badRequest('the shares encode the zero key, which is not a valid private key');
  return {
    shares: new Map(opened.map((o) => [o.signer.signerId, { index: o.index, value: o.secretShare }])),
    publicKey,
    publicShares,
  };
}

/** One entry per signer, matched by the decoded signerId bytes; unknown, duplicate and missing named. */
function matchEntries(
  cluster: Cluster,
  entries: readonly EncryptedShareEntry[],
): Map<Signer, { entry: EncryptedShareEntry; at: number }> {
  const found = new Map<Signer, { entry: EncryptedShareEntry; at: number }>();
  entries.forEach((entry, at) => {
    let idBytes: Uint8Array;
    try {
      idBytes = parseBase64(entry.signerId, `encryptedKeyShares[${at}].signerId`);
    } catch (error) {
      throw badRequest(messageOf(error));
    }
    const signer = cluster.signers.find((s) => compareBytes(s.idBytes, idBytes) === 0);
    if (signer === undefined) {
      throw badRequest(
        `encryptedKeyShares[${at}].signerId ${entry.signerId} is not a signer of this cluster (see ListSigners)`,
        { signerId: entry.signerId },
      );
    }
    const earlier = found.get(signer);
    if (earlier !== undefined) {
      throw badRequest(
        `signer ${signer.signerId} has more than one share (encryptedKeyShares[${earlier.at}] and [${at}]); expected exactly one per signer`,
        { signerId: signer.signerId },
      );
    }
    found.set(signer, { entry, at });
  });
  const missing = cluster.signers.filter((s) => !found.has(s));
  if (missing.length > 0) {
    throw badRequest(
      `encryptedKeyShares has ${entries.length} entries but no share for signer ${missing.map((s) => s.signerId).join(', ')}; expected one share for each of the ${cluster.signers.length} signers`,
      { missingSignerIds: missing.map((s) => s.signerId) },
    );
  }
  return found;
}

function messageOf(error: unknown): string {
  if (error instanceof CryptoInputError) return error.message;
  throw error;
}
