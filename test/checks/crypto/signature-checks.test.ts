import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, bytesToNumberLE, numberToBytesBE, numberToBytesLE } from '@noble/curves/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js';
import * as stark from '@scure/starknet';
import { describe, expect, it } from 'vitest';
import type { Check } from '../../../src/checks/check.ts';
import {
  ecdsaLowS,
  ecdsaRecidRecoversKey,
  ed25519SBelowOrder,
  schnorrBip340UnderTaprootKey,
  signatureEncoding,
  signatureVerifies,
  type SignedPayload,
} from '../../../src/checks/crypto/index.ts';
import { describeData } from '../../../src/checks/crypto/signed-payload.ts';
import { encodeApiSignature, type RawSignature } from '../../../src/crypto/signature-encoding.ts';
import {
  signEcdsaSecp256k1,
  signEcdsaStark,
  signEd25519WithScalar,
  signSchnorrTaproot,
} from '../../../src/crypto/sign.ts';
import { answer, signed, verdictOf } from '../exchanges.ts';
import { ANVIL, RFC8032, STARK, TAPROOT } from './keys.ts';

/**
 * Each signature check shown passing on a correct signature and failing on the crafted defect it exists
 * for (the same defects the reference's fault catalogue injects), plus the cases where it must stay out.
 */
const HASH = sha256(new TextEncoder().encode('keys-conformance check test'));
// Below 2^251, so both Stark hash rules agree (stark-message.ts).
const STARK_HASH = concatBytes(new Uint8Array([HASH[0]! & 0x07]), HASH.subarray(1));
const HASH_ABOVE_2_251 = concatBytes(new Uint8Array([0xf8]), HASH.subarray(1));
const MESSAGE = new TextEncoder().encode('a message Ed25519 signs as is');
const ROOT = sha256(new TextEncoder().encode('a taproot script tree'));
const N = secp256k1.Point.Fn.ORDER;
const L = ed25519.Point.Fn.ORDER;

const ecdsa: SignedPayload = {
  keyId: 'key-ecdsa',
  scheme: 'ECDSA',
  curve: 'secp256k1',
  publicKey: ANVIL.fixture.publicKey,
  kind: 'Hash',
  data: `0x${bytesToHex(HASH)}`,
};
const starkPayload: SignedPayload = {
  keyId: 'key-stark',
  scheme: 'ECDSA',
  curve: 'stark',
  publicKey: STARK.fixture.publicKey,
  kind: 'Hash',
  data: bytesToHex(STARK_HASH),
};
const eddsa: SignedPayload = {
  keyId: 'key-eddsa',
  scheme: 'EdDSA',
  curve: 'ed25519',
  publicKey: RFC8032.fixture.publicKey,
  kind: 'Message',
  data: `0x${bytesToHex(MESSAGE)}`,
};
const taproot: SignedPayload = {
  keyId: 'key-schnorr',
  scheme: 'Schnorr',
  curve: 'secp256k1',
  publicKey: TAPROOT.fixture.publicKey,
  kind: 'Hash',
  data: `0x${bytesToHex(HASH)}`,
  taprootMerkleRoot: '',
};
const taprootWithRoot: SignedPayload = { ...taproot, taprootMerkleRoot: `0x${bytesToHex(ROOT)}` };

const goodEcdsa = signEcdsaSecp256k1(ANVIL.secret, HASH);
const goodStark = signEcdsaStark(STARK.secret, STARK_HASH);
const goodEddsa = signEd25519WithScalar(RFC8032.secret, MESSAGE);
const goodSchnorr = signSchnorrTaproot(TAPROOT.secret, HASH);
const goodSchnorrWithRoot = signSchnorrTaproot(TAPROOT.secret, HASH, ROOT);

const flip = (recid: 0 | 1 | undefined): 0 | 1 => (recid === 1 ? 0 : 1);
const highS = (sig: RawSignature, n: bigint): RawSignature => ({
  r: sig.r,
  s: numberToBytesBE(n - bytesToNumberBE(sig.s), 32),
  recid: flip(sig.recid),
});
const api = (sig: RawSignature) => encodeApiSignature(sig);
const bigEndianS: RawSignature = { r: goodEddsa.r, s: goodEddsa.s.slice().reverse() };
const plusL = (sig: RawSignature): RawSignature => ({
  r: sig.r,
  s: numberToBytesLE(bytesToNumberLE(sig.s) + L, 32),
});
/** goodEcdsa's r with this s: ecdsa_low_s reads s alone, so the boundaries need no valid signature. */
const withS = (s: bigint): RawSignature => ({ r: goodEcdsa.r, s: numberToBytesBE(s, 32) });
const SHORT_HASH = `0x${bytesToHex(HASH.subarray(1))}`;
const withEncoded = (sig: RawSignature, ...parts: Uint8Array[]) => ({
  ...api(sig),
  encoded: `0x${bytesToHex(concatBytes(...parts))}`,
});

interface Case {
  readonly name: string;
  readonly check: Check<SignedPayload>;
  readonly payload: SignedPayload;
  readonly signature: unknown;
  readonly verdict: 'pass' | 'fail' | 'not-applicable';
  /** For failures: a phrase the message must contain (what the finding says went wrong). */
  readonly says?: string;
}

const CASES: readonly Case[] = [
  // signature_verifies
  {
    name: 'a correct secp256k1 ECDSA signature',
    check: signatureVerifies,
    payload: ecdsa,
    signature: api(goodEcdsa),
    verdict: 'pass',
  },
  {
    name: 'a high-S secp256k1 signature (it still verifies)',
    check: signatureVerifies,
    payload: ecdsa,
    signature: api(highS(goodEcdsa, N)),
    verdict: 'pass',
  },
  {
    name: 'a signature of SHA-256(hash) instead of the hash',
    check: signatureVerifies,
    payload: ecdsa,
    signature: api(signEcdsaSecp256k1(ANVIL.secret, sha256(HASH))),
    verdict: 'fail',
    says: 'SHA-256(hash)',
  },
  {
    name: 'a signature by another key',
    check: signatureVerifies,
    payload: ecdsa,
    signature: api(signEcdsaSecp256k1(ANVIL.secret + 1n, HASH)),
    verdict: 'fail',
    says: 'does not verify',
  },
  {
    name: 'a correct Stark ECDSA signature',
    check: signatureVerifies,
    payload: starkPayload,
    signature: api(goodStark),
    verdict: 'pass',
  },
  {
    name: 'a Stark signature of another hash',
    check: signatureVerifies,
    payload: starkPayload,
    signature: api(signEcdsaStark(STARK.secret, new Uint8Array(32).fill(1))),
    verdict: 'fail',
    says: 'does not verify',
  },
  {
    name: 'a Stark hash ≥ 2^251 signed reduced mod n, when the profile says such hashes are refused',
    check: signatureVerifies,
    payload: { ...starkPayload, data: bytesToHex(HASH_ABOVE_2_251), starkHashRule: 'require-below-2^251' },
    signature: api(signEcdsaStark(STARK.secret, HASH_ABOVE_2_251)),
    verdict: 'fail',
    says: 'does not verify',
  },
  {
    name: 'a correct Ed25519 signature',
    check: signatureVerifies,
    payload: eddsa,
    signature: api(goodEddsa),
    verdict: 'pass',
  },
  {
    name: 'an Ed25519 signature with S big-endian',
    check: signatureVerifies,
    payload: eddsa,
    signature: api(bigEndianS),
    verdict: 'fail',
    says: 'big-endian',
  },
  {
    name: 'an Ed25519 signature with S + L (the equation holds; ed25519_s_below_order reports S ≥ L)',
    check: signatureVerifies,
    payload: eddsa,
    signature: api(plusL(goodEddsa)),
    verdict: 'pass',
  },
  {
    name: 'an Ed25519 signature with S + L over another message',
    check: signatureVerifies,
    payload: eddsa,
    signature: api(plusL(signEd25519WithScalar(RFC8032.secret, MESSAGE.subarray(1)))),
    verdict: 'fail',
    says: 'does not hold, with S as sent (≥ L) or reduced mod L',
  },
  {
    name: 'a Schnorr signature (judged by the taproot check)',
    check: signatureVerifies,
    payload: taproot,
    signature: api(goodSchnorr),
    verdict: 'not-applicable',
  },
  {
    name: "a 31-byte hash (a negative test's input, not a digest to verify)",
    check: signatureVerifies,
    payload: { ...ecdsa, data: SHORT_HASH },
    signature: api(goodEcdsa),
    verdict: 'not-applicable',
  },
  {
    name: 'an unreadable signature (judged by signature_encoding)',
    check: signatureVerifies,
    payload: ecdsa,
    signature: { r: '0x12', s: '0x34' },
    verdict: 'not-applicable',
  },
  // ecdsa_low_s
  {
    name: 'a low-S secp256k1 signature',
    check: ecdsaLowS,
    payload: ecdsa,
    signature: api(goodEcdsa),
    verdict: 'pass',
  },
  {
    name: 'a high-S secp256k1 signature',
    check: ecdsaLowS,
    payload: ecdsa,
    signature: api(highS(goodEcdsa, N)),
    verdict: 'fail',
    says: 'high s',
  },
  {
    name: 'a high-S Stark signature',
    check: ecdsaLowS,
    payload: starkPayload,
    signature: api(highS(goodStark, stark.Point.Fn.ORDER)),
    verdict: 'fail',
    says: 'high s',
  },
  {
    name: 'a high-S Stark signature when the profile does not expect low-S',
    check: ecdsaLowS,
    payload: { ...starkPayload, starkSignaturesLowS: false },
    signature: api(highS(goodStark, stark.Point.Fn.ORDER)),
    verdict: 'not-applicable',
  },
  {
    name: 's = (n − 1)/2, the largest low s',
    check: ecdsaLowS,
    payload: ecdsa,
    signature: api(withS(N >> 1n)),
    verdict: 'pass',
  },
  {
    name: 's = (n + 1)/2, the smallest high s',
    check: ecdsaLowS,
    payload: ecdsa,
    signature: api(withS((N >> 1n) + 1n)),
    verdict: 'fail',
    says: 'high s',
  },
  {
    name: 's = n (outside [1, n): signature_verifies reports it)',
    check: ecdsaLowS,
    payload: ecdsa,
    signature: api(withS(N)),
    verdict: 'not-applicable',
  },
  {
    name: 'a Schnorr signature whose s is above n/2',
    check: ecdsaLowS,
    payload: taproot,
    signature: api({ r: goodSchnorr.r, s: numberToBytesBE(N - 1n, 32) }),
    verdict: 'not-applicable',
  },
  {
    name: 'an Ed25519 signature',
    check: ecdsaLowS,
    payload: eddsa,
    signature: api(goodEddsa),
    verdict: 'not-applicable',
  },
  // ecdsa_recid_recovers_key
  {
    name: 'the recid of the signature',
    check: ecdsaRecidRecoversKey,
    payload: ecdsa,
    signature: api(goodEcdsa),
    verdict: 'pass',
  },
  {
    name: 'a high-S signature with its matching recid',
    check: ecdsaRecidRecoversKey,
    payload: ecdsa,
    signature: api(highS(goodEcdsa, N)),
    verdict: 'pass',
  },
  {
    name: 'the other recid',
    check: ecdsaRecidRecoversKey,
    payload: ecdsa,
    signature: api({ ...goodEcdsa, recid: flip(goodEcdsa.recid) }),
    verdict: 'fail',
    says: 'recovers',
  },
  {
    name: 'no recid on a secp256k1 signature',
    check: ecdsaRecidRecoversKey,
    payload: ecdsa,
    signature: api({ r: goodEcdsa.r, s: goodEcdsa.s }),
    verdict: 'fail',
    says: 'no recid',
  },
  {
    name: 'the recid of a Stark signature',
    check: ecdsaRecidRecoversKey,
    payload: starkPayload,
    signature: api(goodStark),
    verdict: 'pass',
  },
  {
    name: 'the other recid of a Stark signature',
    check: ecdsaRecidRecoversKey,
    payload: starkPayload,
    signature: api({ ...goodStark, recid: flip(goodStark.recid) }),
    verdict: 'fail',
    says: 'recovers',
  },
  {
    name: 'no recid on a Stark signature ([I]: optional)',
    check: ecdsaRecidRecoversKey,
    payload: starkPayload,
    signature: api({ r: goodStark.r, s: goodStark.s }),
    verdict: 'not-applicable',
  },
  {
    name: 'an ECDSA signature of the Message kind (recid is judged on hashes)',
    check: ecdsaRecidRecoversKey,
    payload: { ...ecdsa, kind: 'Message' },
    signature: api(goodEcdsa),
    verdict: 'not-applicable',
  },
  {
    name: 'a signature that does not verify (no recid can be right)',
    check: ecdsaRecidRecoversKey,
    payload: ecdsa,
    signature: api(signEcdsaSecp256k1(ANVIL.secret, sha256(HASH))),
    verdict: 'not-applicable',
  },
  {
    name: 'a 31-byte hash (no recid can be judged)',
    check: ecdsaRecidRecoversKey,
    payload: { ...ecdsa, data: SHORT_HASH },
    signature: api(goodEcdsa),
    verdict: 'not-applicable',
  },
  // signature_encoding
  {
    name: 'r and s as 0x + 64 hex with a recid',
    check: signatureEncoding,
    payload: ecdsa,
    signature: api(goodEcdsa),
    verdict: 'pass',
  },
  {
    name: 'r and s in upper case',
    check: signatureEncoding,
    payload: ecdsa,
    signature: { ...api(goodEcdsa), r: api(goodEcdsa).r.toUpperCase().replace('0X', '0x') },
    verdict: 'pass',
  },
  {
    name: 'r and s without the 0x prefix',
    check: signatureEncoding,
    payload: ecdsa,
    signature: { r: bytesToHex(goodEcdsa.r), s: bytesToHex(goodEcdsa.s), recid: goodEcdsa.recid },
    verdict: 'fail',
    says: 'must start with 0x',
  },
  {
    name: 'r shorter than 32 bytes',
    check: signatureEncoding,
    payload: ecdsa,
    signature: { ...api(goodEcdsa), r: `0x${bytesToHex(goodEcdsa.r).slice(2)}` },
    verdict: 'fail',
    says: '64 hex digits',
  },
  {
    name: 'a recid of 2',
    check: signatureEncoding,
    payload: ecdsa,
    signature: { ...api(goodEcdsa), recid: 2 },
    verdict: 'fail',
    says: 'recid',
  },
  {
    name: 'encoded = r‖s‖(27 + recid), the EVM form',
    check: signatureEncoding,
    payload: ecdsa,
    signature: {
      ...api(goodEcdsa),
      encoded: `0x${bytesToHex(concatBytes(goodEcdsa.r, goodEcdsa.s, new Uint8Array([27 + goodEcdsa.recid!])))}`,
    },
    verdict: 'pass',
  },
  {
    name: 'encoded = r‖s‖recid, the raw-v form',
    check: signatureEncoding,
    payload: ecdsa,
    signature: withEncoded(goodEcdsa, goodEcdsa.r, goodEcdsa.s, new Uint8Array([goodEcdsa.recid!])),
    verdict: 'pass',
  },
  {
    name: 'encoded = r‖s followed by a byte that is neither recid nor 27 + recid',
    check: signatureEncoding,
    payload: ecdsa,
    signature: withEncoded(goodEcdsa, goodEcdsa.r, goodEcdsa.s, new Uint8Array([0xff])),
    verdict: 'fail',
    says: 'not an encoding',
  },
  {
    name: 'encoded in DER',
    check: signatureEncoding,
    payload: ecdsa,
    signature: {
      ...api(goodEcdsa),
      encoded: bytesToHex(
        new secp256k1.Signature(bytesToNumberBE(goodEcdsa.r), bytesToNumberBE(goodEcdsa.s)).toBytes('der'),
      ),
    },
    verdict: 'pass',
  },
  {
    name: 'encoded that is another signature',
    check: signatureEncoding,
    payload: ecdsa,
    signature: { ...api(goodEcdsa), encoded: `0x${bytesToHex(concatBytes(goodEcdsa.s, goodEcdsa.r))}` },
    verdict: 'fail',
    says: 'not an encoding',
  },
  {
    name: 'encoded = R‖S for Ed25519',
    check: signatureEncoding,
    payload: eddsa,
    signature: { ...api(goodEddsa), encoded: `0x${bytesToHex(concatBytes(goodEddsa.r, goodEddsa.s))}` },
    verdict: 'pass',
  },
  {
    name: 'encoded = 0x00‖R‖S for Ed25519 (Polkadot)',
    check: signatureEncoding,
    payload: eddsa,
    signature: withEncoded(goodEddsa, new Uint8Array([0]), goodEddsa.r, goodEddsa.s),
    verdict: 'pass',
  },
  {
    name: 'encoded in DER for a Schnorr signature (Schnorr is r‖s only)',
    check: signatureEncoding,
    payload: taproot,
    signature: {
      ...api(goodSchnorr),
      encoded: bytesToHex(
        new secp256k1.Signature(bytesToNumberBE(goodSchnorr.r), bytesToNumberBE(goodSchnorr.s)).toBytes(
          'der',
        ),
      ),
    },
    verdict: 'fail',
    says: 'not an encoding',
  },
  {
    name: 'a recid on an Ed25519 signature',
    check: signatureEncoding,
    payload: eddsa,
    signature: { ...api(goodEddsa), recid: 0 },
    verdict: 'fail',
    says: 'no recovery id',
  },
  {
    name: 'a signed request without a signature',
    check: signatureEncoding,
    payload: ecdsa,
    signature: undefined,
    verdict: 'fail',
    says: 'no signature',
  },
  // ed25519_s_below_order
  {
    name: 'S below L',
    check: ed25519SBelowOrder,
    payload: eddsa,
    signature: api(goodEddsa),
    verdict: 'pass',
  },
  {
    name: 'S + L',
    check: ed25519SBelowOrder,
    payload: eddsa,
    signature: api(plusL(goodEddsa)),
    verdict: 'fail',
    says: 'verifies once S is reduced mod L',
  },
  {
    name: 'S = L exactly (the smallest S that is not below L)',
    check: ed25519SBelowOrder,
    payload: eddsa,
    signature: api({ r: goodEddsa.r, s: numberToBytesLE(L, 32) }),
    verdict: 'fail',
    says: 'S ≥ L',
  },
  {
    name: 'S + L of a signature over another message (S is wrong, not unreduced)',
    check: ed25519SBelowOrder,
    payload: eddsa,
    signature: api(plusL(signEd25519WithScalar(RFC8032.secret, MESSAGE.subarray(1)))),
    verdict: 'fail',
    says: 'S is wrong, not merely unreduced',
  },
  {
    // Read little-endian this S is ≥ L (its first byte is 0x2f); the byte order is signature_verifies' finding.
    name: 'S big-endian (≥ L read little-endian, but a reduction would not fix it)',
    check: ed25519SBelowOrder,
    payload: eddsa,
    signature: api(bigEndianS),
    verdict: 'not-applicable',
  },
  {
    name: 'an ECDSA signature',
    check: ed25519SBelowOrder,
    payload: ecdsa,
    signature: api(goodEcdsa),
    verdict: 'not-applicable',
  },
  // schnorr_bip340_under_taproot_key
  {
    name: 'a BIP-340 signature under the output key (root "")',
    check: schnorrBip340UnderTaprootKey,
    payload: taproot,
    signature: api(goodSchnorr),
    verdict: 'pass',
  },
  {
    name: 'a BIP-340 signature under the output key with a 32-byte root',
    check: schnorrBip340UnderTaprootKey,
    payload: taprootWithRoot,
    signature: api(goodSchnorrWithRoot),
    verdict: 'pass',
  },
  {
    name: 'a BIP-340 signature under the untweaked internal key',
    check: schnorrBip340UnderTaprootKey,
    payload: taproot,
    signature: api(splitBip340(schnorr.sign(HASH, numberToBytesBE(TAPROOT.secret, 32)))),
    verdict: 'fail',
    says: 'internal key',
  },
  {
    name: 'a signature tweaked without the requested root',
    check: schnorrBip340UnderTaprootKey,
    payload: taprootWithRoot,
    signature: api(goodSchnorr),
    verdict: 'fail',
    says: 'without the merkle root',
  },
  {
    name: "a taprootMerkleRoot of 2 bytes (a negative test's input, not a signature to judge)",
    check: schnorrBip340UnderTaprootKey,
    payload: { ...taproot, taprootMerkleRoot: '0x1234' },
    signature: api(goodSchnorr),
    verdict: 'not-applicable',
  },
  {
    name: 'an ECDSA signature',
    check: schnorrBip340UnderTaprootKey,
    payload: ecdsa,
    signature: api(goodEcdsa),
    verdict: 'not-applicable',
  },
];

function splitBip340(signature: Uint8Array): RawSignature {
  return { r: signature.slice(0, 32), s: signature.slice(32, 64) };
}

it.each(CASES)('$check.id: $name is $verdict', ({ check, payload, signature, verdict }) => {
  const result = verdictOf(check, signed(signature), payload);
  if (verdict === 'not-applicable') expect(result).toBe('not-applicable');
  else if (verdict === 'pass') expect(result).toEqual([]);
  else {
    expect(result).not.toBe('not-applicable');
    expect((result as readonly unknown[]).length).toBeGreaterThan(0);
  }
});

it.each(CASES.filter((c) => c.verdict === 'fail'))(
  '$check.id: the finding for $name names the key, the problem and the scheme/curve',
  ({ check, payload, signature, says }) => {
    const result = verdictOf(check, signed(signature), payload);
    if (result === 'not-applicable') throw new Error('expected failures');
    for (const failure of result) {
      expect(failure.message).toContain(payload.keyId);
      expect(failure.message).toContain(says ?? '');
      expect(failure.subject).toBe(`${payload.scheme}/${payload.curve}`);
      expect(failure.evidence?.keyId).toBe(payload.keyId);
    }
  },
);

describe.each([
  signatureVerifies,
  ecdsaLowS,
  ecdsaRecidRecoversKey,
  signatureEncoding,
  ed25519SBelowOrder,
  schnorrBip340UnderTaprootKey,
])('$id stays out of answers without a signature to judge', (check) => {
  it.each([
    ['a refusal (400)', answer('GenerateSignature', 400, { error: { message: 'no' } })],
    [
      'a request held by a policy (Pending)',
      answer('GenerateSignature', 200, { id: 'sig-1', status: 'Pending' }),
    ],
    [
      'a request not signed (Executing)',
      answer('GenerateSignature', 200, { id: 'sig-1', status: 'Executing' }),
    ],
    ['a request not signed (Failed)', answer('GenerateSignature', 200, { id: 'sig-1', status: 'Failed' })],
    [
      'a request not signed (Rejected)',
      answer('GenerateSignature', 200, { id: 'sig-1', status: 'Rejected' }),
    ],
  ])('%s is not applicable', (_what, exchange) => {
    expect(verdictOf(check, exchange, ecdsa)).toBe('not-applicable');
  });
});

describe('signature_encoding findings', () => {
  it('cites the field of a malformed component (r without 0x)', () => {
    const result = verdictOf(
      signatureEncoding,
      signed({ ...api(goodEcdsa), r: bytesToHex(goodEcdsa.r) }),
      ecdsa,
    );
    if (result === 'not-applicable') throw new Error('expected a verdict');
    expect(result.map((f) => f.pointer)).toEqual(['#/components/schemas/Signature/properties/r']);
  });

  it('reports a recid on an Ed25519 signature at low severity', () => {
    const result = verdictOf(signatureEncoding, signed({ ...api(goodEddsa), recid: 0 }), eddsa);
    if (result === 'not-applicable') throw new Error('expected a verdict');
    expect(result.map((f) => f.severity)).toEqual(['low']);
  });
});

describe('evidence values', () => {
  it('ed25519_s_below_order gives S mod L, also for S + 2L', () => {
    const plus2L = { r: goodEddsa.r, s: numberToBytesLE(bytesToNumberLE(goodEddsa.s) + 2n * L, 32) };
    const result = verdictOf(ed25519SBelowOrder, signed(api(plus2L)), eddsa);
    if (result === 'not-applicable') throw new Error('expected a verdict');
    expect(result[0]?.message).toContain('verifies once S is reduced mod L');
    expect(result[0]?.evidence?.reducedS).toBe(`0x${bytesToNumberLE(goodEddsa.s).toString(16)}`);
  });

  it('ecdsa_low_s gives the canonical s as 64 hex digits (s = n − 1: canonical s = 1)', () => {
    const result = verdictOf(ecdsaLowS, signed(api(withS(N - 1n))), ecdsa);
    if (result === 'not-applicable') throw new Error('expected a verdict');
    expect(result[0]?.evidence?.canonicalS).toBe(`0x${'1'.padStart(64, '0')}`);
  });
});

describe('describeData', () => {
  it.each([
    [40, `0x${'ab'.repeat(40)}`],
    [41, `0x${'ab'.repeat(32)}… (41 bytes)`],
  ])('a %i-byte message reads %s', (bytes, shown) => {
    expect(describeData({ ...eddsa, data: 'ab'.repeat(bytes) })).toBe(`message ${shown}`);
  });
});

describe('failed equations are named in the evidence', () => {
  it.each([
    ['signature_verifies', signatureVerifies, ecdsa, api(signEcdsaSecp256k1(ANVIL.secret, sha256(HASH)))],
    ['ecdsa_low_s', ecdsaLowS, ecdsa, api(highS(goodEcdsa, N))],
    [
      'ed25519_s_below_order',
      ed25519SBelowOrder,
      eddsa,
      api({ r: goodEddsa.r, s: numberToBytesLE(bytesToNumberLE(goodEddsa.s) + L, 32) }),
    ],
    ['schnorr_bip340_under_taproot_key', schnorrBip340UnderTaprootKey, taprootWithRoot, api(goodSchnorr)],
  ] as const)('%s', (_id, check, payload, signature) => {
    const result = verdictOf(check, signed(signature), payload);
    if (result === 'not-applicable' || result.length === 0) throw new Error('expected a failure');
    const evidence = result[0]!.evidence ?? {};
    expect(typeof evidence.equation).toBe('string');
    expect([evidence.r, evidence.s]).toEqual([signature.r, signature.s]);
  });

  it('a wrong recid carries the key it recovers instead', () => {
    const result = verdictOf(
      ecdsaRecidRecoversKey,
      signed(api({ ...goodEcdsa, recid: flip(goodEcdsa.recid) })),
      ecdsa,
    );
    if (result === 'not-applicable' || result.length === 0) throw new Error('expected a failure');
    const recovered = result[0]!.evidence?.recoveredPublicKey;
    expect(recovered).toMatch(/^0[23][0-9a-f]{64}$/);
    expect(recovered).not.toBe(ANVIL.fixture.publicKey);
  });
});
