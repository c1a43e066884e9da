import { bytesToNumberBE } from '@noble/curves/utils.js';
import { curveByName, type Curve, type CurveName, type ECPoint } from './curves.ts';
import { encryptShare } from './ecies.ts';
import { expandEd25519Seed } from './ed25519-scalar.ts';
import { compareBytes, parseBase64, toBase64 } from './encoding.ts';
import { fail } from './errors.ts';
import { expectedPublicKey } from './public-key.ts';
import { redact, type Redacted } from './redacted.ts';
import { randomPolynomial, sharesFromPolynomial, type Share } from './shamir.ts';
import { encodeImportPlaintext } from './share-codec.ts';

/**
 * Build an ImportKey body (keys-api.md §4.13) the way the Dfns SDK / trusted-dealer WASM does
 * (key-crypto.md §4.3): sort the signers of ListSigners by the raw bytes of their base64-decoded signerId,
 * give the k-th (from 1) the share f(k), and encrypt to each signer its plaintext
 * {"version":1,"secret_share":f(k),"public_shares":[f(1)G … f(n)G]}.
 * Negative tests build deliberately broken requests through the explicit `faults` list.
 */
export interface SignerInfo {
  readonly signerId: string;
  readonly encryptionKey: string;
}

export interface EncryptedKeyShare {
  readonly signerId: string;
  readonly encryptedKeyShare: string;
}

export interface ImportKeyBody {
  readonly name?: string;
  readonly curve: CurveName;
  readonly protocol: string;
  readonly minSigners: number;
  readonly encryptedKeyShares: readonly EncryptedKeyShare[];
}

/** A deliberate defect; `index` is the 1-based share index (position in the sorted signer list). */
export type ImportFault =
  /** secret_share of that signer is f(k)+1, so it disagrees with public_shares[k-1]. */
  | { readonly kind: 'inconsistent-share'; readonly index: number }
  /** that share is encrypted to the next signer's key (wrapping around), so its signer cannot decrypt it. */
  | { readonly kind: 'encrypted-to-wrong-signer'; readonly index: number }
  /** one ciphertext byte flipped, so AES-GCM authentication fails. */
  | { readonly kind: 'corrupt-ciphertext'; readonly index: number }
  /** that signer's entry is left out (n-1 entries). */
  | { readonly kind: 'omit-share'; readonly index: number }
  /** that signer's entry is sent twice (n+1 entries). */
  | { readonly kind: 'duplicate-share'; readonly index: number }
  /** entries in descending signerId order: probes whether the target re-sorts [I] (key-crypto.md §10.2). */
  | { readonly kind: 'reverse-order' };

export interface ImportRequestInput {
  /**
   * secp256k1/stark: the private key, as ≤ 32 bytes big-endian or a bigint. ed25519: bytes are the 32-byte
   * RFC 8032 seed (converted as the SDK does) unless `ed25519SecretForm` is 'scalar'; a bigint is the scalar.
   */
  readonly secret: Uint8Array | bigint;
  readonly curve: CurveName;
  readonly protocol: string;
  /** Sent as is (negative tests may send an invalid value); also the split threshold unless `polynomial` is given. */
  readonly minSigners: number;
  readonly signers: readonly SignerInfo[];
  readonly name?: string;
  /** 'scalar' mirrors the SDK's `secretScalar: true`: the 32 bytes are the big-endian scalar itself. */
  readonly ed25519SecretForm?: 'seed' | 'scalar';
  /** A chosen polynomial f(0)…f(d) with f(0) = the secret (any degree, e.g. one higher than minSigners-1). */
  readonly polynomial?: readonly bigint[];
  /** Source of random polynomial coefficients (known-answer tests); defaults to a CSPRNG. */
  readonly randomScalar?: () => bigint;
  /** One 32-byte ephemeral secret per sorted signer (known-answer tests); default fresh ones. */
  readonly ephemeralSecrets?: readonly Uint8Array[];
  readonly faults?: readonly ImportFault[];
}

export interface ImportRequestSecrets {
  readonly secret: bigint;
  readonly polynomial: readonly bigint[];
  /** The share each sorted signer was meant to get (before any fault). */
  readonly shares: readonly Share[];
  /** The plaintext each sorted signer's entry encrypts (after faults), in sorted order. */
  readonly plaintexts: readonly Uint8Array[];
}

export interface ImportRequest {
  readonly body: ImportKeyBody;
  readonly sortedSigners: readonly SignerInfo[];
  /** The publicKey the target must report for this key (API encoding). */
  readonly publicKey: string;
  readonly publicShares: readonly ECPoint[];
  readonly secrets: Redacted<ImportRequestSecrets>;
}

/** Signers in the order Dfns assigns share indexes: ascending raw bytes of the decoded signerId. */
export function sortSignersById(signers: readonly SignerInfo[]): SignerInfo[] {
  const decoded = signers.map((signer, i) => ({
    signer,
    id: parseBase64(signer.signerId, `signers[${i}].signerId`),
  }));
  decoded.sort((a, b) => compareBytes(a.id, b.id));
  decoded.forEach((d, i) => {
    const next = decoded[i + 1];
    if (next !== undefined && compareBytes(d.id, next.id) === 0) {
      fail('signer-list-invalid', `signerId ${d.signer.signerId} appears more than once in the signer list`);
    }
  });
  return decoded.map((d) => d.signer);
}

/** The scalar Dfns imports for a secret given as in {@link ImportRequestInput.secret}. */
export function importScalar(
  curve: Curve,
  secret: Uint8Array | bigint,
  ed25519SecretForm: 'seed' | 'scalar' = 'seed',
): bigint {
  let k: bigint;
  if (typeof secret === 'bigint') k = secret;
  else if (curve.name === 'ed25519' && ed25519SecretForm === 'seed') k = expandEd25519Seed(secret).scalar;
  else {
    if (secret.length === 0 || secret.length > 32)
      fail('bad-length', `secret must be 1 to 32 bytes, got ${secret.length}`);
    k = bytesToNumberBE(secret);
  }
  if (k === 0n) fail('scalar-zero', 'secret must not be zero');
  if (k >= curve.order) fail('scalar-out-of-range', `secret must be below the ${curve.name} group order`);
  return k;
}

export function buildImportRequest(input: ImportRequestInput): ImportRequest {
  const curve = curveByName(input.curve);
  const signers = sortSignersById(input.signers);
  const n = signers.length;
  if (n < 1) fail('signer-list-invalid', 'the signer list is empty');
  const secret = importScalar(curve, input.secret, input.ed25519SecretForm);
  const polynomial = choosePolynomial(curve, secret, n, input);
  const indexes = signers.map((_, i) => BigInt(i + 1));
  const shares = sharesFromPolynomial(curve, polynomial, indexes);
  const publicShares = shares.map((s) => curve.multiplyBase(s.value));
  const faults = input.faults ?? [];
  faults.forEach((f) => {
    if ('index' in f && (!Number.isSafeInteger(f.index) || f.index < 1 || f.index > n)) {
      fail('option-invalid', `fault ${f.kind} index must be in [1, ${n}], got ${f.index}`);
    }
  });
  if (input.ephemeralSecrets !== undefined && input.ephemeralSecrets.length !== n) {
    fail(
      'option-invalid',
      `ephemeralSecrets must have one entry per signer (${n}), got ${input.ephemeralSecrets.length}`,
    );
  }
  const has = (kind: ImportFault['kind'], k: number) =>
    faults.some((f) => f.kind === kind && 'index' in f && f.index === k);

  const plaintexts: Uint8Array[] = [];
  let entries: EncryptedKeyShare[] = signers.map((signer, i) => {
    const k = i + 1;
    const value = has('inconsistent-share', k) ? curve.Fn.add(shares[i]!.value, 1n) : shares[i]!.value;
    const plaintext = encodeImportPlaintext(curve, value, publicShares);
    plaintexts.push(plaintext);
    const recipient = has('encrypted-to-wrong-signer', k) ? signers[k % n]! : signer;
    const blob = encryptShare(recipient.encryptionKey, plaintext, input.ephemeralSecrets?.[i]);
    if (has('corrupt-ciphertext', k)) blob[0]! ^= 0x01;
    return { signerId: signer.signerId, encryptedKeyShare: toBase64(blob) };
  });
  entries = entries.flatMap((entry, i) => {
    const k = i + 1;
    if (has('omit-share', k)) return [];
    return has('duplicate-share', k) ? [entry, entry] : [entry];
  });
  if (faults.some((f) => f.kind === 'reverse-order')) entries.reverse();

  return {
    body: {
      ...(input.name === undefined ? {} : { name: input.name }),
      curve: curve.name,
      protocol: input.protocol,
      minSigners: input.minSigners,
      encryptedKeyShares: entries,
    },
    sortedSigners: signers,
    publicKey: expectedPublicKey(curve.name, secret),
    publicShares,
    secrets: redact({ secret, polynomial, shares, plaintexts }),
  };
}

function choosePolynomial(curve: Curve, secret: bigint, n: number, input: ImportRequestInput): bigint[] {
  if (input.polynomial !== undefined) {
    const chosen = input.polynomial.map((c) => curve.Fn.create(c));
    if (chosen.length === 0 || chosen[0] !== secret) {
      fail('option-invalid', 'polynomial[0] must equal the secret scalar (f(0) is the key)');
    }
    return chosen;
  }
  const t = input.minSigners;
  if (!Number.isSafeInteger(t) || t < 1 || t > n) {
    fail(
      'threshold-invalid',
      `minSigners ${t} cannot be used to split among ${n} signers (expected 1..${n}); pass an explicit polynomial to send it anyway`,
    );
  }
  return randomPolynomial(curve, secret, t, input.randomScalar);
}
