import { curveByName, scalarToBytes, type Curve, type CurveName, type ECPoint } from './curves.ts';
import { decryptShare, generateEncryptionKeyPair } from './ecies.ts';
import { parseBase64, typeName } from './encoding.ts';
import { CryptoInputError } from './errors.ts';
import { checkPublicKey } from './public-key.ts';
import { redact, type Redacted } from './redacted.ts';
import { interpolateScalar, type Share } from './shamir.ts';
import { parseExportPlaintext } from './share-codec.ts';

/**
 * The client side of Export Key (keys-api.md §4.14, key-crypto.md §5): a fresh key pair to send as
 * `encryptionKey`, and the reconstruction of the key from the response, checked as thoroughly as the shares
 * allow. Reconstruction never throws on the target's mistakes: it returns every problem as a named failure
 * (the suite turns each into a finding) and still recovers what it can.
 */
export interface ExportKeyPair {
  /** 32-byte secp256k1 secret; never log it. */
  readonly decryptionKey: Uint8Array;
  /** base64(0x01 ‖ compressed point), the request's `encryptionKey`. */
  readonly encryptionKeyWire: string;
}

export function generateExportKeyPair(): ExportKeyPair {
  return generateEncryptionKeyPair();
}

export type ExportFailureCode =
  | 'response-malformed'
  | 'curve-unknown'
  | 'curve-mismatch'
  | 'public-key-invalid'
  | 'min-signers-invalid'
  | 'signer-id-duplicate'
  | 'share-not-base64'
  | 'share-decrypt-failed'
  | 'share-plaintext-invalid'
  | 'index-duplicate'
  | 'no-shares'
  | 'subset-disagrees'
  | 'public-key-mismatch';

export interface ExportFailure {
  readonly code: ExportFailureCode;
  readonly message: string;
  readonly signerId?: string;
}

export interface RecoveredShare {
  readonly signerId: string;
  /** The share's own evaluation point, when its plaintext parsed. */
  readonly index?: bigint;
  /** Plaintext fields beyond {version, index, secret_share} (a format change to report, not a failure). */
  readonly extraFields: readonly string[];
  /** Decrypted, parsed, and its index unique: it took part in the reconstruction. */
  readonly used: boolean;
}

export interface SubsetResult {
  readonly indexes: readonly bigint[];
  /** Interpolating this t-subset gives the same secret as all the shares together. */
  readonly agrees: boolean;
  /** Its secret is the key behind publicKey (x·G = publicKey); absent when publicKey is unusable. */
  readonly matchesPublicKey?: boolean;
}

export interface ExportRecovery {
  /** No failures: the secret is consistent across every t-subset and matches publicKey. */
  readonly ok: boolean;
  readonly curve?: CurveName;
  readonly minSigners?: number;
  readonly shares: readonly RecoveredShare[];
  readonly subsets: readonly SubsetResult[];
  /** C(shares used, t); more than `subsets.length` when capped by `maxSubsets`. */
  readonly subsetsTotal: number;
  /** Lagrange interpolation at 0 over all usable shares, each at its own index; 32 bytes big-endian too. */
  readonly secret?: Redacted<{ readonly scalar: bigint; readonly bytes: Uint8Array }>;
  readonly failures: readonly ExportFailure[];
}

export interface RecoverOptions {
  /** The curve of the key the suite exported; a response naming another curve is a failure. */
  readonly expectedCurve?: CurveName;
  /** Cap on the t-subsets checked (C(n,t) grows fast); default 1000. */
  readonly maxSubsets?: number;
}

export function recoverExportedKey(
  response: unknown,
  decryptionKey: Uint8Array,
  options: RecoverOptions = {},
): ExportRecovery {
  const failures: ExportFailure[] = [];
  const empty = { ok: false, shares: [], subsets: [], subsetsTotal: 0, failures } as const;
  const body = shapeOf(response);
  if (typeof body === 'string') {
    failures.push({ code: 'response-malformed', message: body });
    return empty;
  }

  let curve: Curve;
  try {
    curve = curveByName(options.expectedCurve ?? body.curve);
  } catch (error) {
    failures.push({ code: 'curve-unknown', message: messageOf(error) });
    return empty;
  }
  if (options.expectedCurve !== undefined && body.curve !== options.expectedCurve) {
    failures.push({
      code: 'curve-mismatch',
      message: `response curve is ${JSON.stringify(body.curve)}, the exported key's curve is ${options.expectedCurve}`,
    });
  }

  const keyCheck = checkPublicKey(curve.name, body.publicKey);
  const publicPoint: ECPoint | undefined = keyCheck.point;
  if (!keyCheck.ok) {
    failures.push({
      code: 'public-key-invalid',
      message: `publicKey: ${keyCheck.problems.map((p) => p.message).join('; ')}`,
    });
  }

  const shares: RecoveredShare[] = [];
  const usable: Share[] = [];
  const seenIds = new Set<string>();
  body.encryptedKeyShares.forEach((entry) => {
    const { signerId } = entry;
    if (seenIds.has(signerId)) {
      failures.push({
        code: 'signer-id-duplicate',
        message: `signerId ${signerId} has more than one share`,
        signerId,
      });
    }
    seenIds.add(signerId);
    const parsed = openShare(curve, entry.encryptedKeyShare, decryptionKey, signerId, failures);
    if (parsed === undefined) {
      shares.push({ signerId, extraFields: [], used: false });
      return;
    }
    const duplicate = usable.some((s) => s.index === parsed.index);
    if (duplicate) {
      failures.push({
        code: 'index-duplicate',
        message: `share index ${parsed.index} appears more than once`,
        signerId,
      });
    } else {
      usable.push({ index: parsed.index, value: parsed.secretShare });
    }
    shares.push({ signerId, index: parsed.index, extraFields: parsed.extraFields, used: !duplicate });
  });

  const t = body.minSigners;
  const tValid = Number.isSafeInteger(t) && t >= 2 && t <= usable.length;
  if (!tValid) {
    failures.push({
      code: 'min-signers-invalid',
      message: `minSigners must be an integer in [2, ${usable.length}] (the usable shares), got ${t}`,
    });
  }
  if (usable.length === 0) {
    failures.push({ code: 'no-shares', message: 'no share could be decrypted and parsed' });
    return { ...empty, curve: curve.name, minSigners: t, shares, ok: false };
  }

  const secret = interpolateScalar(curve, usable);
  const subsets: SubsetResult[] = [];
  let subsetsTotal = 0;
  if (tValid) {
    subsetsTotal = binomial(usable.length, t);
    for (const subset of combinations(usable, t, options.maxSubsets ?? 1000)) {
      const subsetSecret = interpolateScalar(curve, subset);
      subsets.push({
        indexes: subset.map((s) => s.index),
        agrees: subsetSecret === secret,
        ...(publicPoint === undefined
          ? {}
          : { matchesPublicKey: curve.multiplyBase(subsetSecret).equals(publicPoint) }),
      });
    }
    const disagreeing = subsets.filter((s) => !s.agrees).length;
    if (disagreeing > 0) {
      // With more shares than t, "all shares together" is itself a guess; the subsets that rebuild the key
      // behind publicKey say which shares are sound (two swapped indexes leave every other t-subset right).
      const matching = subsets.filter((s) => s.matchesPublicKey === true);
      const sound =
        publicPoint === undefined
          ? ''
          : matching.length === 0
            ? '; none rebuilds the key behind publicKey'
            : `; ${matching.length} ${matching.length === 1 ? 'rebuilds' : 'rebuild'} the key behind publicKey, e.g. indexes ${(matching[0]?.indexes ?? []).map((i) => `0x${i.toString(16)}`).join(', ')}`;
      failures.push({
        code: 'subset-disagrees',
        message: `the shares do not lie on one polynomial of degree ${t - 1}: ${disagreeing} of ${subsets.length} ${t}-subsets rebuild another secret than all ${usable.length} shares together${sound}`,
      });
    }
  }
  if (publicPoint !== undefined && !curve.multiplyBase(secret).equals(publicPoint)) {
    failures.push({
      code: 'public-key-mismatch',
      message: 'the secret reconstructed from all shares does not match publicKey (x·G ≠ publicKey)',
    });
  }
  return {
    ok: failures.length === 0,
    curve: curve.name,
    minSigners: t,
    shares,
    subsets,
    subsetsTotal,
    secret: redact({ scalar: secret, bytes: scalarToBytes(secret) }),
    failures,
  };
}

interface ExportBody {
  readonly publicKey: unknown;
  readonly curve: unknown;
  readonly minSigners: number;
  readonly encryptedKeyShares: readonly { readonly signerId: string; readonly encryptedKeyShare: string }[];
}

/** The fields reconstruction needs, or a message saying what is missing (schema checks report the rest). */
function shapeOf(response: unknown): ExportBody | string {
  if (typeof response !== 'object' || response === null || Array.isArray(response)) {
    return `the export response must be an object, got ${typeName(response)}`;
  }
  const r = response as Record<string, unknown>;
  if (typeof r.minSigners !== 'number') return `minSigners must be a number, got ${typeName(r.minSigners)}`;
  if (!Array.isArray(r.encryptedKeyShares)) {
    return `encryptedKeyShares must be an array, got ${typeName(r.encryptedKeyShares)}`;
  }
  const entries: { signerId: string; encryptedKeyShare: string }[] = [];
  for (const [i, item] of (r.encryptedKeyShares as unknown[]).entries()) {
    if (typeof item !== 'object' || item === null) return `encryptedKeyShares[${i}] must be an object`;
    const { signerId, encryptedKeyShare } = item as Record<string, unknown>;
    if (typeof signerId !== 'string' || typeof encryptedKeyShare !== 'string') {
      return `encryptedKeyShares[${i}] must have string signerId and encryptedKeyShare`;
    }
    entries.push({ signerId, encryptedKeyShare });
  }
  return { publicKey: r.publicKey, curve: r.curve, minSigners: r.minSigners, encryptedKeyShares: entries };
}

function openShare(
  curve: Curve,
  encrypted: string,
  decryptionKey: Uint8Array,
  signerId: string,
  failures: ExportFailure[],
): ReturnType<typeof parseExportPlaintext> | undefined {
  let blob: Uint8Array;
  try {
    blob = parseBase64(encrypted, 'encryptedKeyShare');
  } catch (error) {
    failures.push({ code: 'share-not-base64', message: messageOf(error), signerId });
    return undefined;
  }
  let plaintext: Uint8Array;
  try {
    plaintext = decryptShare(decryptionKey, blob);
  } catch (error) {
    failures.push({ code: 'share-decrypt-failed', message: messageOf(error), signerId });
    return undefined;
  }
  try {
    return parseExportPlaintext(plaintext, curve.name);
  } catch (error) {
    failures.push({ code: 'share-plaintext-invalid', message: messageOf(error), signerId });
    return undefined;
  }
}

function messageOf(error: unknown): string {
  if (error instanceof CryptoInputError) return error.message;
  throw error;
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/** k-subsets in lexicographic order of positions, at most `limit` of them. */
function* combinations<T>(items: readonly T[], k: number, limit: number): Generator<T[]> {
  const pick = Array.from({ length: k }, (_, i) => i);
  for (let produced = 0; produced < limit; produced++) {
    yield pick.map((i) => items[i]!);
    let j = k - 1;
    while (j >= 0 && pick[j] === items.length - k + j) j--;
    if (j < 0) return;
    pick[j]!++;
    for (let m = j + 1; m < k; m++) pick[m] = pick[m - 1]! + 1;
  }
}
