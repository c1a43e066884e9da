import fc from 'fast-check';
import { hexToBytes } from '@noble/hashes/utils.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { curveByName, scalarToBytes, type Curve, type CurveName } from '../src/crypto/curves.ts';
import { encryptionKeyFor, encryptShare } from '../src/crypto/ecies.ts';
import { toBase64 } from '../src/crypto/encoding.ts';
import {
  buildImportRequest,
  sortSignersById,
  type EncryptedKeyShare,
  type ImportFault,
  type ImportKeyBody,
  type SignerInfo,
} from '../src/crypto/import-request.ts';
import { evaluatePolynomial, sharesFromPolynomial } from '../src/crypto/shamir.ts';
import { encodeImportPlaintext } from '../src/crypto/share-codec.ts';
import type { KnownKey } from '../fixtures/known-keys.ts';
import { GeneratorError } from './generator-error.ts';

/**
 * Signer-share sets for ImportKey: given a ListSigners response and a known key, a well-formed body (the
 * key split among the cluster's signers, one share encrypted to each), and subtly broken ones, each
 * labelled with what is wrong. Randomness (polynomial coefficients, ephemeral keys, which share is broken)
 * comes from fast-check, so a seed replays the exact body. Shares are secrets: these values are sent, never
 * printed.
 */

/** What is wrong with a share set (`well-formed`: nothing). */
export type ImportShareSetLabel =
  | 'well-formed'
  | 'inconsistent-share'
  | 'encrypted-to-wrong-signer'
  | 'corrupt-ciphertext'
  | 'missing-signer'
  | 'duplicated-signer'
  | 'unknown-signer'
  | 'wrong-threshold'
  | 'min-signers-zero'
  | 'min-signers-above-count'
  | 'protocol-curve-mismatch'
  | 'zero-secret'
  | 'share-out-of-range';

/** Every broken label, in a stable order. */
export const BROKEN_IMPORT_LABELS: readonly Exclude<ImportShareSetLabel, 'well-formed'>[] = [
  'inconsistent-share',
  'encrypted-to-wrong-signer',
  'corrupt-ciphertext',
  'missing-signer',
  'duplicated-signer',
  'unknown-signer',
  'wrong-threshold',
  'min-signers-zero',
  'min-signers-above-count',
  'protocol-curve-mismatch',
  'zero-secret',
  'share-out-of-range',
];

const DESCRIPTIONS: Readonly<Record<ImportShareSetLabel, string>> = {
  'well-formed': 'the key split among every signer, each share encrypted to its signer',
  'inconsistent-share': "one signer's secret share is f(k)+1: it disagrees with the public shares",
  'encrypted-to-wrong-signer':
    "one share is encrypted to the next signer's key: its signer cannot decrypt it",
  'corrupt-ciphertext': 'one ciphertext has a flipped byte: AES-GCM authentication fails',
  'missing-signer': "one signer's entry is left out (one entry fewer than signers)",
  'duplicated-signer': "one signer's entry is sent twice (one entry more than signers)",
  'unknown-signer': 'an extra entry for a signer the cluster does not have (one entry more than signers)',
  'wrong-threshold':
    'the shares lie on a polynomial of degree minSigners: minSigners shares do not determine the key',
  'min-signers-zero': 'minSigners is 0 (the schema requires more than 0)',
  'min-signers-above-count': 'minSigners is one more than the number of signers: the key could never sign',
  'protocol-curve-mismatch': "the protocol does not run on the key's curve",
  'zero-secret': 'the shared secret is 0: the public key would be the identity point',
  'share-out-of-range':
    "one signer's secret share is f(k) plus the group order: not a canonical scalar (at least the order)",
};

/** A share set for ImportKey and what is wrong with it. */
export interface ImportShareSet {
  readonly label: ImportShareSetLabel;
  readonly description: string;
  readonly body: ImportKeyBody;
  /** The public key (API encoding) a correct target reports: only for `well-formed`. */
  readonly publicKey?: string;
  /** Whether the body passes the contract's schema (only `min-signers-zero` does not). */
  readonly schemaValid: boolean;
}

/**
 * Which curves each protocol runs on [I]: FROST is Dfns' ed25519 protocol, FROST_BITCOIN and GLOW20_DH are
 * secp256k1 only, the CGGMP family serves secp256k1 and stark (keys-api.md §2.2). Only used to pick a
 * protocol that certainly does not fit a curve.
 */
export const PROTOCOL_CURVES: Readonly<Record<string, readonly CurveName[]>> = {
  CGGMP21: ['secp256k1', 'stark'],
  CGGMP24: ['secp256k1', 'stark'],
  KU23: ['secp256k1'],
  FROST: ['ed25519'],
  FROST_BITCOIN: ['secp256k1'],
  GLOW20_DH: ['secp256k1'],
};

function field(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new GeneratorError(`ListSigners response: ${what} must be a non-empty string`);
  }
  return value;
}

/**
 * The signers of one cluster of a ListSigners response (the first, or the one named). Throws a
 * GeneratorError naming the field when the response is not the documented shape.
 */
export function signersFromListSigners(response: unknown, clusterId?: string): SignerInfo[] {
  const clusters = (response as { clusters?: unknown } | null)?.clusters;
  if (!Array.isArray(clusters) || clusters.length === 0) {
    throw new GeneratorError('ListSigners response: expected {"clusters": [...]} with at least one cluster');
  }
  const index =
    clusterId === undefined
      ? 0
      : clusters.findIndex((c: unknown) => (c as { clusterId?: unknown } | null)?.clusterId === clusterId);
  if (index < 0) throw new GeneratorError(`ListSigners response: no cluster "${clusterId ?? ''}"`);
  const signers = (clusters[index] as { signers?: unknown } | null)?.signers;
  if (!Array.isArray(signers) || signers.length === 0) {
    throw new GeneratorError(`ListSigners response: clusters[${index}].signers must be a non-empty array`);
  }
  return signers.map((signer: unknown, i) => {
    const s = signer as { signerId?: unknown; encryptionKey?: unknown } | null;
    return {
      signerId: field(s?.signerId, `clusters[${index}].signers[${i}].signerId`),
      encryptionKey: field(s?.encryptionKey, `clusters[${index}].signers[${i}].encryptionKey`),
    };
  });
}

/** How share sets are built; defaults follow the current SDK. */
export interface ImportShareSetOptions {
  /** Labels to draw from (default: all, well-formed included). */
  readonly labels?: readonly ImportShareSetLabel[];
  /** The signing threshold sent and split with (default min(3, signers): "the API only accepts 3 for now" [I]). */
  readonly minSigners?: number;
  /** Protocol sent (default: the known key's, what the current SDK sends). */
  readonly protocol?: string;
  /** A name for the key (default: none). */
  readonly name?: string;
  /** Cluster of the ListSigners response to use (default: the first). */
  readonly clusterId?: string;
  /** Which curves each protocol runs on, for the mismatch case (default PROTOCOL_CURVES [I]). */
  readonly protocolCurves?: Readonly<Record<string, readonly CurveName[]>>;
}

interface Randomness {
  readonly coefficients: readonly bigint[];
  readonly ephemeral: readonly Uint8Array[];
  /** 1-based index of the share a fault touches. */
  readonly index: number;
  /** A small non-zero share value, for the out-of-range encoding. */
  readonly small: bigint;
}

// An unknown signer for the extra entry: a valid encryption key no cluster member holds.
const STRANGER: SignerInfo = {
  signerId: toBase64(new TextEncoder().encode('keys-conformance:unknown-signer')),
  encryptionKey: encryptionKeyFor(scalarToBytes(7n)),
};

// Labels whose construction needs a polynomial of degree 1 or more (minSigners of at least 2).
const NEEDS_DEGREE: readonly ImportShareSetLabel[] = ['zero-secret', 'share-out-of-range'];

/**
 * The polynomial with the given constant term and higher coefficients, except a1, which is chosen so that
 * f(index) = value: a share small enough that value + order still fits the 32-byte encoding.
 */
function polynomialThrough(
  curve: Curve,
  polynomial: readonly bigint[],
  index: number,
  value: bigint,
): bigint[] {
  const x = BigInt(index);
  const { Fn } = curve;
  const withoutLinear = evaluatePolynomial(curve, [polynomial[0]!, 0n, ...polynomial.slice(2)], x);
  return [polynomial[0]!, Fn.div(Fn.sub(Fn.create(value), withoutLinear), x), ...polynomial.slice(2)];
}

function secretOf(key: KnownKey, curve: Curve): bigint {
  const k = bytesToNumberBE(hexToBytes(key.secret));
  if (k === 0n || k >= curve.order)
    throw new GeneratorError(`known key ${key.id}: secret is not a valid scalar`);
  return k;
}

function mismatchedProtocol(curve: CurveName, table: Readonly<Record<string, readonly CurveName[]>>): string {
  const found = Object.entries(table).find(([, curves]) => !curves.includes(curve));
  if (found === undefined) throw new GeneratorError(`every protocol of the table runs on ${curve}`);
  return found[0];
}

/** Shares of an explicit polynomial, encrypted; `tamper` may change one share's encoded value. */
function manualShares(
  curve: Curve,
  signers: readonly SignerInfo[],
  polynomial: readonly bigint[],
  ephemeral: readonly Uint8Array[],
  tamper: (index: number, value: bigint) => bigint = (_, value) => value,
): EncryptedKeyShare[] {
  const shares = sharesFromPolynomial(
    curve,
    polynomial,
    signers.map((_, i) => BigInt(i + 1)),
  );
  const publicShares = shares.map((share) => curve.multiplyBase(share.value));
  return signers.map((signer, i) => {
    const plaintext = encodeImportPlaintext(curve, tamper(i + 1, shares[i]!.value), publicShares);
    return {
      signerId: signer.signerId,
      encryptedKeyShare: toBase64(encryptShare(signer.encryptionKey, plaintext, ephemeral[i])),
    };
  });
}

function build(
  label: ImportShareSetLabel,
  key: KnownKey,
  signers: readonly SignerInfo[],
  options: ImportShareSetOptions,
  random: Randomness,
): ImportShareSet {
  const curve = curveByName(key.curve);
  const n = signers.length;
  const t = options.minSigners ?? Math.min(3, n);
  const protocol = options.protocol ?? key.protocol;
  const secret = secretOf(key, curve);
  const coefficients = random.coefficients.slice(0, Math.max(0, t - 1));
  const polynomial = [secret, ...coefficients];
  let next = 0;
  const base = {
    secret,
    curve: curve.name,
    protocol,
    minSigners: t,
    signers,
    ...(options.name === undefined ? {} : { name: options.name }),
    randomScalar: () => random.coefficients[next++ % random.coefficients.length]!,
    ephemeralSecrets: random.ephemeral.slice(0, n),
  };
  const withFaults = (faults: readonly ImportFault[]) => buildImportRequest({ ...base, faults }).body;
  const result = (body: ImportKeyBody, extra: Partial<ImportShareSet> = {}): ImportShareSet => ({
    label,
    description: DESCRIPTIONS[label],
    body,
    schemaValid: label !== 'min-signers-zero',
    ...extra,
  });
  const sorted = sortSignersById(signers);
  const manualBody = (encryptedKeyShares: EncryptedKeyShare[], minSigners = t): ImportKeyBody => ({
    ...(options.name === undefined ? {} : { name: options.name }),
    curve: curve.name,
    protocol,
    minSigners,
    encryptedKeyShares,
  });
  const index = random.index;
  switch (label) {
    case 'well-formed': {
      const request = buildImportRequest({ ...base });
      return result(request.body, { publicKey: request.publicKey });
    }
    case 'inconsistent-share':
    case 'encrypted-to-wrong-signer':
    case 'corrupt-ciphertext':
      return result(withFaults([{ kind: label, index }]));
    case 'missing-signer':
      return result(withFaults([{ kind: 'omit-share', index }]));
    case 'duplicated-signer':
      return result(withFaults([{ kind: 'duplicate-share', index }]));
    case 'unknown-signer': {
      const body = withFaults([]);
      const extra = manualShares(
        curve,
        [...sorted, STRANGER],
        [secret, ...coefficients],
        random.ephemeral,
      ).at(-1)!;
      return result({ ...body, encryptedKeyShares: [...body.encryptedKeyShares, extra] });
    }
    case 'wrong-threshold':
      return result(
        buildImportRequest({ ...base, polynomial: [secret, ...random.coefficients.slice(0, t)] }).body,
      );
    case 'min-signers-zero':
      return result({ ...withFaults([]), minSigners: 0 });
    case 'min-signers-above-count':
      return result(buildImportRequest({ ...base, minSigners: n + 1, polynomial }).body);
    case 'protocol-curve-mismatch':
      return result({
        ...withFaults([]),
        protocol: mismatchedProtocol(curve.name, options.protocolCurves ?? PROTOCOL_CURVES),
      });
    case 'zero-secret':
      // buildImportRequest refuses a zero secret (rightly, for real use): the shares are made here.
      return result(manualBody(manualShares(curve, sorted, [0n, ...coefficients], random.ephemeral)));
    case 'share-out-of-range': {
      // Congruent to the right share, so a parser that reduces mod the order would accept it: only a strict
      // one (as the Rust side is) refuses.
      const through = polynomialThrough(curve, polynomial, index, random.small);
      return result(
        manualBody(
          manualShares(curve, sorted, through, random.ephemeral, (k, value) =>
            k === index ? value + curve.order : value,
          ),
        ),
      );
    }
  }
}

/**
 * ImportKey share sets for a known key and the signers of a ListSigners response: well-formed ones and
 * subtly broken ones, each labelled. Throws a GeneratorError for a malformed response or an unusable
 * threshold (minSigners must be 1..signers for the well-formed set).
 */
export function importShareSetArbitrary(
  listSigners: unknown,
  key: KnownKey,
  options: ImportShareSetOptions = {},
): fc.Arbitrary<ImportShareSet> {
  const signers = signersFromListSigners(listSigners, options.clusterId);
  const n = signers.length;
  const t = options.minSigners ?? Math.min(3, n);
  if (!Number.isSafeInteger(t) || t < 1 || t > n) {
    throw new GeneratorError(`minSigners must be in 1..${n} (the number of signers), got ${t}`);
  }
  const labels =
    options.labels ??
    (['well-formed', ...BROKEN_IMPORT_LABELS] as const).filter((l) => t >= 2 || !NEEDS_DEGREE.includes(l));
  if (labels.length === 0) throw new GeneratorError('no share-set labels to draw from');
  const impossible = labels.find((label) => t < 2 && NEEDS_DEGREE.includes(label));
  if (impossible !== undefined)
    throw new GeneratorError(`share set "${impossible}" needs minSigners of at least 2`);
  const curve = curveByName(key.curve);
  const scalar = fc.bigInt({ min: 1n, max: curve.order - 1n });
  const ephemeral = fc.bigInt({ min: 1n, max: secp256k1.Point.Fn.ORDER - 1n }).map((k) => scalarToBytes(k));
  const random = fc.record({
    // t coefficients: t-1 for the threshold's polynomial, one more for the wrong-degree one.
    coefficients: fc.array(scalar, { minLength: Math.max(1, t), maxLength: Math.max(1, t) }),
    ephemeral: fc.array(ephemeral, { minLength: n + 1, maxLength: n + 1 }),
    index: fc.integer({ min: 1, max: n }),
    small: fc.bigInt({ min: 1n, max: 2n ** 64n }),
  });
  return fc
    .tuple(fc.constantFrom(...labels), random)
    .map(([label, values]) => build(label, key, signers, options, values));
}
