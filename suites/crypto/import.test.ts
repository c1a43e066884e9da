import { test } from 'vitest';
import {
  importPublicKeyMatches,
  publicKeyEncoding,
  type ImportExpectation,
  type PublicKeyExpectation,
} from '../../src/checks/crypto/index.ts';
import type { CurveName } from '../../src/crypto/curves.ts';
import { KEY_FORMATS, requireCapability, requireFormat } from '../../src/harness/applicability.ts';
import { harness } from '../../src/harness/harness.ts';
import { createKey, ownedKey } from '../../src/harness/keys.ts';
import type { Curve, Scheme } from '../../src/run/profile.ts';
import {
  KNOWN_KEYS,
  ORIGINS,
  protocolsFor,
  requireKeyOrigin,
  sendKnownKeyImport,
  sharedKey,
  SIGNING,
} from './keys-under-test.ts';

/**
 * ImportKey and the keys it makes (#/paths/~1keys~1import): every known key of fixtures/ (anvil #0, the Dfns
 * SDK example keys, RFC 8032 seeds, BIP-340 keys, a Stark key) is split for the sorted signers, encrypted to
 * each and imported under every protocol the profile lists for its format; the Key must be the key sent.
 * And every publicKey, imported or created, must be in the documented encoding.
 */
const h = harness();

const publicKeyExpectation = (keyId: string, curve: CurveName): PublicKeyExpectation => ({
  keyId,
  curve,
  starkPublicKeyCompressed: h.profile.hypotheses.starkPublicKeyCompressed,
});

test.for(KNOWN_KEYS.map((k) => [`${k.id} (${k.scheme}/${k.curve})`, k] as const))(
  'ImportKey: known key %s comes back imported, as sent, with the publicKey computed from its secret',
  async ([, known], ctx) => {
    requireFormat(h, ctx, known.scheme, known.curve);
    requireCapability(h, ctx, 'import');
    for (const protocol of protocolsFor(h, known.scheme, known.curve)) {
      const { exchange } = await sendKnownKeyImport(h, known, protocol, `import-${known.id}`);
      const expected: ImportExpectation = {
        scheme: known.scheme,
        curve: known.curve,
        publicKey: known.publicKey,
        knownKeyId: known.id,
      };
      h.check(importPublicKeyMatches, exchange, expected);
      const { id } = ownedKey(h, exchange, `ImportKey of known key ${known.id} (${protocol})`);
      h.check(importPublicKeyMatches, await h.call('GetKey', { pathParams: { keyId: id } }), expected);
    }
  },
);

test.for(
  ORIGINS.flatMap((origin) =>
    SIGNING.map((f) => [`${origin} ${f.scheme}/${f.curve}`, origin, f.scheme, f.curve] as const),
  ),
)(
  'GetKey: the publicKey of %s keys is encoded as documented, as it was when made',
  async ([, origin, scheme, curve], ctx) => {
    const protocol = requireKeyOrigin(h, ctx, origin, scheme, curve);
    const key = await sharedKey(h, origin, scheme, curve, protocol);
    h.check(publicKeyEncoding, key.exchange, publicKeyExpectation(key.id, curve));
    const read = await h.call('GetKey', { pathParams: { keyId: key.id } });
    h.check(publicKeyEncoding, read, publicKeyExpectation(key.id, curve));
  },
);

test.for(
  KEY_FORMATS.filter((f) => f.scheme === 'DH').map(
    (f) => [`${f.scheme}/${f.curve}`, f.scheme, f.curve] as const,
  ),
)(
  'CreateKey: the publicKey of a new %s key is encoded as documented',
  async ([, scheme, curve]: readonly [string, Scheme, Curve], ctx) => {
    requireFormat(h, ctx, scheme, curve);
    const { exchange, id } = await createKey(h, { scheme, curve }, `public-key-${scheme}-${curve}`);
    h.check(publicKeyEncoding, exchange, publicKeyExpectation(id, curve));
  },
);
