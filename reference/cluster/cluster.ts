import { randomBytes } from '@noble/hashes/utils.js';
import { compareBytes, toBase64 } from '../../src/crypto/encoding.ts';
import {
  curveByName,
  randomScalar,
  type Curve,
  type CurveName,
  type ECPoint,
} from '../../src/crypto/curves.ts';
import { encryptionKeyFor } from '../../src/crypto/ecies.ts';
import { redact, type Redacted } from '../../src/crypto/redacted.ts';
import {
  evaluatePolynomial,
  interpolateScalar,
  randomPolynomial,
  type Share,
} from '../../src/crypto/shamir.ts';
import { entityId } from '../ids.ts';

/**
 * The simulated signing cluster: n signers, each with a random 32-byte id and its own secp256k1 encryption
 * key (key-crypto.md §2-3), each holding one Shamir share per key. A whole private key is never stored:
 * created keys come from a dealerless joint sharing (the secret never exists at all), imported keys arrive
 * as shares, and signing combines a random t-subset of shares in memory for that one signature only.
 */
export interface Signer {
  readonly signerId: string;
  readonly idBytes: Uint8Array;
  readonly encryptionKey: string;
  readonly decryptionKey: Redacted<Uint8Array>;
  /** keyId -> this signer's share of that key. */
  readonly shares: Map<string, Share>;
}

export interface Cluster {
  readonly clusterId: string;
  /** In creation order, which is random with respect to signerId order. */
  readonly signers: readonly Signer[];
  /** In the order Dfns assigns import indexes: ascending raw bytes of the signerId (key-crypto.md §4.3). */
  readonly sortedSigners: readonly Signer[];
  readonly threshold: number;
}

export function createCluster(n: number, threshold: number): Cluster {
  const signers: Signer[] = [];
  while (signers.length < n) {
    const idBytes = randomBytes(32);
    if (signers.some((s) => compareBytes(s.idBytes, idBytes) === 0)) continue;
    const decryptionKey = randomBytes(32);
    let encryptionKey: string;
    try {
      encryptionKey = encryptionKeyFor(decryptionKey);
    } catch {
      continue; // 32 random bytes not below the order: draw again (probability ~2^-128)
    }
    signers.push({
      signerId: toBase64(idBytes),
      idBytes,
      encryptionKey,
      decryptionKey: redact(decryptionKey),
      shares: new Map(),
    });
  }
  const sortedSigners = [...signers].sort((a, b) => compareBytes(a.idBytes, b.idBytes));
  return { clusterId: entityId('cl'), signers, sortedSigners, threshold };
}

/**
 * A new key by joint random secret sharing: every signer deals a random polynomial of degree t-1 and each
 * share is the sum of the dealt values, so the key is f(0) = Σ f_j(0) and no party ever holds it. Share
 * indexes are distinct random scalars, not 1..n, so that clients assuming 1..n are caught on export.
 */
export function generateKeyShares(cluster: Cluster, keyId: string, curveName: CurveName): ECPoint {
  const curve = curveByName(curveName);
  for (;;) {
    const draw = () => randomScalar(curve, randomBytes);
    const indexes = distinctScalars(curve, cluster.signers.length);
    const polynomials = cluster.signers.map(() => randomPolynomial(curve, draw(), cluster.threshold, draw));
    const shares = indexes.map((index) => ({
      index,
      value: polynomials.reduce((acc, f) => curve.Fn.add(acc, evaluatePolynomial(curve, f, index)), 0n),
    }));
    const publicKey = polynomials.reduce((acc, f) => acc.add(curve.multiplyBase(f[0]!)), curve.zero);
    // A zero share or key has probability ~2^-250; draw again rather than store something unusable.
    if (publicKey.is0() || shares.some((s) => s.value === 0n)) continue;
    cluster.signers.forEach((signer, i) => signer.shares.set(keyId, shares[i]!));
    return publicKey;
  }
}

/** Stores one share per signer (ImportKey), keyed by signerId. */
export function storeShares(cluster: Cluster, keyId: string, shares: ReadonlyMap<string, Share>): void {
  for (const signer of cluster.signers) {
    const share = shares.get(signer.signerId);
    if (share === undefined) throw new Error(`no share for signer ${signer.signerId}`);
    signer.shares.set(keyId, share);
  }
}

/** Each signer's share of a key, in cluster order. */
export function sharesOf(cluster: Cluster, keyId: string): { signer: Signer; share: Share }[] {
  return cluster.signers.map((signer) => {
    const share = signer.shares.get(keyId);
    if (share === undefined) throw new Error(`signer ${signer.signerId} holds no share of ${keyId}`);
    return { signer, share };
  });
}

/** A random t-subset of the key's shares: any t signers can act, as in a real cluster. */
export function quorumShares(cluster: Cluster, keyId: string): Share[] {
  const all = sharesOf(cluster, keyId).map((s) => s.share);
  for (let i = all.length - 1; i > 0; i--) {
    // Which quorum signs is not security-relevant, so the slight modulo bias of one byte does not matter.
    const j = randomBytes(1)[0]! % (i + 1);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, cluster.threshold);
}

/**
 * Runs `use` with the key's secret, combined from a quorum of shares in memory (the stated shortcut of a
 * simulated cluster: a real one signs by an MPC protocol). The secret is not kept after `use` returns.
 */
export function withCombinedSecret<T>(
  cluster: Cluster,
  keyId: string,
  curveName: CurveName,
  use: (secret: bigint) => T,
): T {
  return use(interpolateScalar(curveByName(curveName), quorumShares(cluster, keyId)));
}

function distinctScalars(curve: Curve, count: number): bigint[] {
  const out = new Set<bigint>();
  while (out.size < count) out.add(randomScalar(curve, randomBytes));
  return [...out];
}
