import { test } from 'vitest';
import { harness } from '../../src/harness/harness.ts';
import { createKey, successBody } from '../../src/harness/keys.ts';
import { requireCapability, requireFormat } from '../../src/harness/applicability.ts';
import { positiveDataAccepted } from '../../src/checks/data.ts';

/** DeriveKey (#/paths/~1keys~1{keyId}~1derive/post): deterministic derivation with a DH key. */
const h = harness();

const DOMAIN = '0x64666e733a646f63756d656e746174696f6e3a6b65795f646572697665';
const SEED = '0x64616e69656c2e6a696e4064666e732e636f';
const OUTPUT = '#/components/schemas/DeriveKeyResponse/properties/output';

test('DeriveKey: the same domain and seed give the same output, another seed another output', async (ctx) => {
  requireCapability(h, ctx, 'derive');
  requireFormat(h, ctx, 'DH', 'secp256k1');
  const { id } = await createKey(h, { scheme: 'DH', curve: 'secp256k1' }, 'derive');
  const first = await h.call('DeriveKey', {
    pathParams: { keyId: id },
    body: { domain: DOMAIN, seed: SEED },
  });
  h.check(positiveDataAccepted, first, { description: 'DeriveKey on a DH key' });
  const again = await h.call('DeriveKey', {
    pathParams: { keyId: id },
    body: { domain: DOMAIN, seed: SEED },
  });
  const other = await h.call('DeriveKey', {
    pathParams: { keyId: id },
    body: { domain: DOMAIN, seed: '0x00' },
  });
  const [a, b, c] = [first, again, other].map((x) => successBody(x, 'DeriveKey').output);
  if (a !== b) {
    h.report({
      checkId: 'derive_deterministic',
      operationId: 'DeriveKey',
      pointer: OUTPUT,
      message: `two derivations with the same key, domain and seed differ: ${String(a)} vs ${String(b)}`,
      exchange: again,
    });
  }
  if (a === c) {
    h.report({
      checkId: 'derive_deterministic',
      operationId: 'DeriveKey',
      pointer: OUTPUT,
      message: `derivations with different seeds give the same output ${String(a)}`,
      exchange: other,
    });
  }
});
