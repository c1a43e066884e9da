import { test, type TestContext } from 'vitest';
import {
  ecdsaLowS,
  ecdsaRecidRecoversKey,
  ed25519SBelowOrder,
  schnorrBip340UnderTaprootKey,
  signatureEncoding,
  returnedSignature,
  signatureToJudge,
  signatureVerifies,
  type SignedPayload,
  type SigningScheme,
} from '../../src/checks/crypto/index.ts';
import type { Check } from '../../src/checks/check.ts';
import { harness } from '../../src/harness/harness.ts';
import { PreconditionError } from '../../src/harness/precondition.ts';
import type { Curve } from '../../src/run/profile.ts';
import { ORIGINS, requireKeyOrigin, sharedKey, SIGNING, type Origin } from './keys-under-test.ts';
import { sharedSamples, type SignedSample, type Variant } from './signing.ts';

/**
 * GenerateSignature, judged for cryptographic truth (#/paths/~1keys~1{keyId}~1signatures): for every signing
 * format, keys imported from fixtures/ (the suite knows their secret) and keys the target created sign
 * fast-check-generated hashes (messages for EdDSA, 32-byte merkle roots for Schnorr), and each test applies
 * one named check to every signature. The key and its signatures are made once per format and origin and
 * judged by every test of this file.
 */
const h = harness();

/** `[label, origin, scheme, curve]`: the label first, for `%s` in titles (vitest quotes `$name` strings). */
type Row = readonly [label: string, origin: Origin, scheme: SigningScheme, curve: Curve];

function rows(keep: (format: { scheme: SigningScheme; curve: Curve }) => boolean): Row[] {
  return ORIGINS.flatMap((origin) =>
    SIGNING.filter(keep).map((f): Row => [`${origin} ${f.scheme}/${f.curve}`, origin, f.scheme, f.curve]),
  );
}

const KIND_OF: Readonly<Record<Variant, string>> = { hash: 'Hash', root: 'Hash', message: 'Message' };

/** The shared signatures of these variants, or a not-applicable skip when the profile lacks what they need. */
async function samples(
  row: Row,
  context: TestContext,
  variants: readonly Variant[],
): Promise<SignedSample[]> {
  const [, origin, scheme, curve] = row;
  const protocol = requireKeyOrigin(h, context, origin, scheme, curve);
  for (const variant of variants) {
    if (!(h.profile.signatureKinds[scheme] ?? []).includes(KIND_OF[variant])) {
      return context.skip(
        `not applicable: profile ${h.profile.name} does not sign ${KIND_OF[variant]} with ${scheme}`,
      );
    }
  }
  const key = await sharedKey(h, origin, scheme, curve, protocol);
  return (await Promise.all(variants.map((v) => sharedSamples(h, key, v)))).flat();
}

/**
 * Applies one check to every signature it can judge; a test with nothing to judge is aborted, never passed.
 * signature_encoding judges every signed answer (a missing or unreadable signature is its finding); the
 * other checks judge the answers whose r and s can be read at all.
 */
function judge(check: Check<SignedPayload>, signed: readonly SignedSample[]): void {
  const judged = signed.filter((s) =>
    check === signatureEncoding
      ? returnedSignature(s.exchange).state !== 'not-applicable'
      : signatureToJudge(s.exchange) !== undefined,
  );
  if (judged.length === 0) {
    throw new PreconditionError(
      `${check.id}: none of ${signed.length} signature requests returned a signature to judge`,
    );
  }
  for (const s of judged) h.check(check, s.exchange, s.payload);
}

test.for(rows((f) => f.scheme !== 'Schnorr'))(
  'GenerateSignature: Hash signatures of %s keys verify under the key',
  async (row, ctx) => {
    if (row[2] === 'EdDSA' && !h.profile.hypotheses.eddsaHashSignedAsMessage) {
      return ctx.skip(
        'not applicable: profile hypothesis eddsaHashSignedAsMessage is false (EdDSA Message signatures are verified instead)',
      );
    }
    judge(signatureVerifies, await samples(row, ctx, ['hash']));
  },
);

test.for(rows((f) => f.scheme === 'EdDSA'))(
  'GenerateSignature: Message signatures of %s keys verify under the key',
  async (row, ctx) => {
    judge(signatureVerifies, await samples(row, ctx, ['message']));
  },
);

test.for(rows((f) => f.scheme === 'ECDSA'))(
  'GenerateSignature: signatures of %s keys are low-S',
  async (row, ctx) => {
    if (row[3] === 'stark' && !h.profile.hypotheses.starkSignaturesLowS) {
      return ctx.skip('not applicable: profile hypothesis starkSignaturesLowS is false');
    }
    judge(ecdsaLowS, await samples(row, ctx, ['hash']));
  },
);

test.for(rows((f) => f.scheme === 'ECDSA'))(
  'GenerateSignature: the recid of signatures of %s keys recovers the key',
  async (row, ctx) => {
    judge(ecdsaRecidRecoversKey, await samples(row, ctx, ['hash']));
  },
);

test.for(rows(() => true))(
  'GenerateSignature: signatures of %s keys carry r and s as 0x + 64 hex, and encoded only as an encoding of them',
  async (row, ctx) => {
    const variants: Variant[] = row[2] === 'Schnorr' ? ['hash', 'root'] : ['hash'];
    judge(signatureEncoding, await samples(row, ctx, variants));
  },
);

test.for(rows((f) => f.scheme === 'EdDSA'))(
  'GenerateSignature: Ed25519 signatures of %s keys have S below the group order',
  async (row, ctx) => {
    judge(ed25519SBelowOrder, await samples(row, ctx, ['hash']));
  },
);

test.for(rows((f) => f.scheme === 'Schnorr'))(
  'GenerateSignature: Schnorr signatures of %s keys are BIP-340 under the taproot output key (taprootMerkleRoot "")',
  async (row, ctx) => {
    judge(schnorrBip340UnderTaprootKey, await samples(row, ctx, ['hash']));
  },
);

test.for(rows((f) => f.scheme === 'Schnorr'))(
  'GenerateSignature: Schnorr signatures of %s keys are BIP-340 under the taproot output key (32-byte taprootMerkleRoot)',
  async (row, ctx) => {
    judge(schnorrBip340UnderTaprootKey, await samples(row, ctx, ['root']));
  },
);
