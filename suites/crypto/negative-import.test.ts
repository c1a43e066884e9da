import { test } from 'vitest';
import { negativeDataRejected } from '../../src/checks/data.ts';
import { curveByName, randomScalar, type CurveName } from '../../src/crypto/curves.ts';
import {
  buildImportRequest,
  type ImportFault,
  type ImportKeyBody,
  type SignerInfo,
} from '../../src/crypto/import-request.ts';
import {
  buildOutOfRangeImport,
  type ScalarRangeDefect,
} from '../../src/crypto/import-request-out-of-range.ts';
import { randomPolynomial } from '../../src/crypto/shamir.ts';
import { randomBytes } from '@noble/hashes/utils.js';
import { requireCapability, requireFormat } from '../../src/harness/applicability.ts';
import { harness, type Harness } from '../../src/harness/harness.ts';
import { listSigners } from '../../src/harness/valid-requests.ts';
import type { Scheme } from '../../src/run/profile.ts';

/**
 * ImportKey with cryptographically invalid input (#/paths/~1keys~1import): every body is what a conformant
 * client sends except for one defect — a scalar out of range, shares that are not one sharing, a share the
 * named signer cannot open, the wrong number of shares, a threshold out of range. Each must be refused with
 * a 4xx and an error body (negative_data_rejected; the error body is checked on every answer), never
 * accepted (the cluster would hold a key nobody can sign with, or the zero key) and never a 5xx.
 */
const h = harness();

const SHARES = '#/components/schemas/ImportKeyBody/properties/encryptedKeyShares';
const MIN_SIGNERS = '#/components/schemas/ImportKeyBody/properties/minSigners';

interface Context {
  readonly curve: CurveName;
  readonly protocol: string;
  readonly signers: readonly SignerInfo[];
  readonly t: number;
}

interface Defect {
  readonly label: string;
  readonly rule: string;
  /** The body, or a reason the defect cannot be built for this cluster (then the test is not applicable). */
  readonly build: (c: Context) => ImportKeyBody | string;
}

const withFaults =
  (faults: (c: Context) => ImportFault[]) =>
  (c: Context): ImportKeyBody =>
    request(c, { faults: faults(c) });

function request(
  c: Context,
  extra: {
    readonly faults?: ImportFault[];
    readonly minSigners?: number;
    /** Coefficients of the sharing polynomial (its degree + 1); default minSigners of the cluster. */
    readonly coefficients?: number;
  },
): ImportKeyBody {
  const curve = curveByName(c.curve);
  const secret = randomScalar(curve, randomBytes);
  return buildImportRequest({
    secret,
    curve: c.curve,
    protocol: c.protocol,
    minSigners: extra.minSigners ?? c.t,
    signers: c.signers,
    // An explicit polynomial lets minSigners be sent as anything while the shares stay a proper sharing.
    polynomial: randomPolynomial(curve, secret, extra.coefficients ?? c.t),
    ...(extra.faults === undefined ? {} : { faults: extra.faults }),
  }).body;
}

const outOfRange = (defect: ScalarRangeDefect) => (c: Context) =>
  buildOutOfRangeImport({
    curve: c.curve,
    protocol: c.protocol,
    minSigners: c.t,
    signers: c.signers,
    defect,
  });

const SCALAR_DEFECTS: readonly Defect[] = [
  {
    label: 'the zero secret (f(0) = 0: the key would be the identity)',
    rule: SHARES,
    build: outOfRange('zero-secret'),
  },
  {
    label: 'a secret_share written as a value ≥ the group order',
    rule: SHARES,
    build: outOfRange('share-not-below-order'),
  },
];

const SHARING_DEFECTS: readonly Defect[] = [
  {
    label: 'shares that do not lie on one polynomial of degree minSigners − 1',
    rule: SHARES,
    build: (c) => {
      if (c.signers.length <= c.t) return `${c.signers.length} signers fit any polynomial of degree ${c.t}`;
      return request(c, { coefficients: c.t + 1 });
    },
  },
  {
    label: 'a secret_share that is not the one its public share commits to',
    rule: SHARES,
    build: withFaults(() => [{ kind: 'inconsistent-share', index: 2 }]),
  },
  {
    label: 'a share encrypted to another signer',
    rule: SHARES,
    build: withFaults(() => [{ kind: 'encrypted-to-wrong-signer', index: 1 }]),
  },
  {
    label: 'a share whose ciphertext was altered',
    rule: SHARES,
    build: withFaults((c) => [{ kind: 'corrupt-ciphertext', index: c.signers.length }]),
  },
  {
    label: 'one share fewer than there are signers',
    rule: SHARES,
    build: withFaults((c) => [{ kind: 'omit-share', index: c.signers.length }]),
  },
  {
    label: 'one share more than there are signers (a signer twice)',
    rule: SHARES,
    build: withFaults(() => [{ kind: 'duplicate-share', index: 1 }]),
  },
  {
    label: 'minSigners 1 (a threshold of one is no threshold)',
    rule: MIN_SIGNERS,
    build: (c) => request(c, { minSigners: 1 }),
  },
  {
    label: 'minSigners above the number of signers',
    rule: MIN_SIGNERS,
    build: (c) => request(c, { minSigners: c.signers.length + 1 }),
  },
  {
    label: 'minSigners 0',
    rule: `${MIN_SIGNERS}/exclusiveMinimum`,
    build: (c) => request(c, { minSigners: 0 }),
  },
];

/** The import formats: the curves of the signing key formats, each with the scheme its protocol makes. */
const FORMATS: readonly { readonly scheme: Scheme; readonly curve: CurveName }[] = [
  { scheme: 'ECDSA', curve: 'secp256k1' },
  { scheme: 'ECDSA', curve: 'stark' },
  { scheme: 'EdDSA', curve: 'ed25519' },
];

type Row = readonly [label: string, scheme: Scheme, curve: CurveName, defect: Defect];
const ROWS: readonly Row[] = [
  ...FORMATS.flatMap((f) =>
    SCALAR_DEFECTS.map((d): Row => [`${f.scheme}/${f.curve}: ${d.label}`, f.scheme, f.curve, d]),
  ),
  ...SHARING_DEFECTS.map((d): Row => [`ECDSA/secp256k1: ${d.label}`, 'ECDSA', 'secp256k1', d]),
];

async function contextFor(harnessed: Harness, protocol: string, curve: CurveName): Promise<Context> {
  return { curve, protocol, signers: await listSigners(harnessed), t: harnessed.profile.importThreshold };
}

test.for(ROWS)('ImportKey: refuses %s', async ([label, scheme, curve, defect], ctx) => {
  requireCapability(h, ctx, 'import');
  const format = requireFormat(h, ctx, scheme, curve);
  const body = defect.build(await contextFor(h, format.protocol, curve));
  if (typeof body === 'string') return ctx.skip(`not applicable: ${body}`);
  const exchange = await h.call('ImportKey', {
    body: { name: h.keyName('negative-import'), ...body } as unknown as Record<string, unknown>,
  });
  // Two defects may break one rule (shares off one polynomial, a share its commitment does not match): the
  // label keeps each a finding of its own.
  h.check(negativeDataRejected, exchange, {
    description: `ImportKey with ${label}`,
    rule: defect.rule,
    subject: label,
  });
});
