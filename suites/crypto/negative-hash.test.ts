import { test } from 'vitest';
import type { SigningScheme } from '../../src/checks/crypto/index.ts';
import { negativeDataRejected } from '../../src/checks/data.ts';
import { harness } from '../../src/harness/harness.ts';
import type { Curve } from '../../src/run/profile.ts';
import { requireKeyOrigin, sharedKey, SIGNING } from './keys-under-test.ts';

/**
 * GenerateSignature with a Hash that is not 32 bytes of hex (#/components/schemas/Hash32/pattern), and a
 * Schnorr taprootMerkleRoot that is neither "" nor 32 bytes: a signer that pads, truncates or reads odd hex
 * signs something the caller never asked for. Each must be refused with a 4xx and an error body.
 */
const h = harness();

const HASH_RULE = '#/components/schemas/Hash32/pattern';
const ROOT_RULE = '#/components/schemas/GenerateSignatureHash/properties/taprootMerkleRoot/pattern';
const VALID = `0x${'5a'.repeat(32)}`;

interface Defect {
  readonly label: string;
  readonly rule: string;
  readonly hash: string;
  readonly taprootMerkleRoot?: string;
  /** Only for keys of this scheme. */
  readonly scheme?: SigningScheme;
}

const DEFECTS: readonly Defect[] = [
  { label: 'a 31-byte hash', rule: HASH_RULE, hash: `0x${'5a'.repeat(31)}` },
  { label: 'a 33-byte hash', rule: HASH_RULE, hash: `0x${'5a'.repeat(33)}` },
  { label: 'a hash of 63 hex digits (odd)', rule: HASH_RULE, hash: `0x${'5'.repeat(63)}` },
  { label: 'a hash with a character that is not hex', rule: HASH_RULE, hash: `0x${'5a'.repeat(31)}zz` },
  { label: 'an empty hash', rule: HASH_RULE, hash: '' },
  {
    label: 'a 31-byte taprootMerkleRoot',
    rule: ROOT_RULE,
    hash: VALID,
    taprootMerkleRoot: `0x${'77'.repeat(31)}`,
    scheme: 'Schnorr',
  },
];

type Row = readonly [label: string, scheme: SigningScheme, curve: Curve, defect: Defect];
const ROWS: readonly Row[] = SIGNING.flatMap((f) =>
  DEFECTS.filter((d) => d.scheme === undefined || d.scheme === f.scheme).map((d): Row => [
    `${d.label} for a ${f.scheme}/${f.curve} key`,
    f.scheme,
    f.curve,
    d,
  ]),
);

test.for(ROWS)('GenerateSignature: refuses %s', async ([label, scheme, curve, defect], ctx) => {
  const protocol = requireKeyOrigin(h, ctx, 'created', scheme, curve);
  const key = await sharedKey(h, 'created', scheme, curve, protocol);
  const root = defect.taprootMerkleRoot ?? (scheme === 'Schnorr' ? '' : undefined);
  const exchange = await h.call('GenerateSignature', {
    pathParams: { keyId: key.id },
    body: { kind: 'Hash', hash: defect.hash, ...(root === undefined ? {} : { taprootMerkleRoot: root }) },
  });
  h.check(negativeDataRejected, exchange, {
    description: `GenerateSignature with ${label}`,
    rule: defect.rule,
  });
});
