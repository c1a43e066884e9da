import { test } from 'vitest';
import {
  nonceUnique,
  signatureToJudge,
  type NonceSample,
  type SigningScheme,
} from '../../src/checks/crypto/index.ts';
import { parseHex } from '../../src/crypto/encoding.ts';
import { harness } from '../../src/harness/harness.ts';
import { responseObject } from '../../src/checks/body.ts';
import { PreconditionError } from '../../src/harness/precondition.ts';
import type { Curve } from '../../src/run/profile.ts';
import { ORIGINS, requireKeyOrigin, sharedKey, SIGNING, type Origin } from './keys-under-test.ts';
import { sign, signatureBodies, type SignedSample } from './signing.ts';

/**
 * Nonce forensics (GenerateSignature, #/components/schemas/SignatureRequest/properties/signature): a key the
 * suite imported signs 64 distinct generated hashes (messages for EdDSA); with the secret every nonce is
 * recovered and tested for reuse and for gross bias (thresholds and false-alarm rate in
 * src/checks/crypto/nonce-unique.ts: for 64 nonces, 6 or more small nonces, or 52 or more with the top bit
 * zero, each at probability ≤ 5·10⁻⁷). Keys the target created, and Schnorr keys (no nonce recovery here),
 * sign 16 and their r values must not repeat.
 */
const h = harness();

/** Nonce recovery needs the secret: 64 signatures where it is known and recovery applies, 16 for repeated r. */
function signatureCount(origin: Origin, scheme: SigningScheme): number {
  return origin === 'imported' && scheme !== 'Schnorr' ? 64 : 16;
}

type Row = readonly [label: string, origin: Origin, scheme: SigningScheme, curve: Curve];
const ROWS: readonly Row[] = ORIGINS.flatMap((origin) =>
  SIGNING.map((f): Row => [
    `${signatureCount(origin, f.scheme)} signatures of ${origin} ${f.scheme}/${f.curve} keys`,
    origin,
    f.scheme,
    f.curve,
  ]),
);

test.for(ROWS)('GenerateSignature: %s never reuse a nonce and show no nonce bias', async (row, ctx) => {
  const [, origin, scheme, curve] = row;
  const protocol = requireKeyOrigin(h, ctx, origin, scheme, curve);
  const key = await sharedKey(h, origin, scheme, curve, protocol);
  const variant =
    scheme === 'EdDSA' && (h.profile.signatureKinds.EdDSA ?? []).includes('Message') ? 'message' : 'hash';
  const signed = await sign(
    h,
    key,
    signatureBodies(h, key, variant, signatureCount(origin, scheme), 'nonces'),
  );
  const samples = signed.flatMap(toSample);
  const last = signed.at(-1)?.exchange;
  if (samples.length < 2 || last === undefined) {
    throw new PreconditionError(
      `only ${samples.length} of ${signed.length} signature requests returned a signature`,
    );
  }
  h.check(nonceUnique, last, {
    keyId: key.id,
    publicKey: key.publicKey,
    ...(key.known === undefined ? {} : { fixture: key.known.id }),
    scheme,
    curve,
    samples,
    ...(key.secret === undefined ? {} : { secret: key.secret }),
  });
});

function toSample({ payload, exchange }: SignedSample): NonceSample[] {
  const signature = signatureToJudge(exchange);
  if (signature === undefined) return [];
  const id = responseObject(exchange)?.id;
  return [
    {
      data: parseHex(payload.data, payload.kind, { allow0x: true }),
      signature,
      ...(typeof id === 'string' ? { signatureId: id } : {}),
    },
  ];
}
