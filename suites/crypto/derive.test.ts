import fc from 'fast-check';
import { test } from 'vitest';
import { hexBytesArbitrary } from '../../generators/domain.ts';
import { positiveDataAccepted } from '../../src/checks/data.ts';
import { requireCapability, requireFormat } from '../../src/harness/applicability.ts';
import { harness } from '../../src/harness/harness.ts';
import { createKey, successBody } from '../../src/harness/keys.ts';
import { seedFor } from './signing.ts';

/**
 * DeriveKey (#/paths/~1keys~1{keyId}~1derive/post) as a function: threshold DH over RFC 9380 hash-to-curve is
 * deterministic [C], so over generated (domain, seed) pairs the same input must give the same output and
 * distinct inputs distinct outputs. A derivation that mixes in randomness is useless as a key derivation.
 */
const h = harness();

const PAIRS = 4;
const OUTPUT = '#/components/schemas/DeriveKeyResponse/properties/output';

test('DeriveKey: a DH key derives the same output for the same (domain, seed), and distinct outputs otherwise', async (ctx) => {
  requireCapability(h, ctx, 'derive');
  requireFormat(h, ctx, 'DH', 'secp256k1');
  const { id } = await createKey(h, { scheme: 'DH', curve: 'secp256k1' }, 'crypto-derive');
  const pairs = fc.sample(
    fc.uniqueArray(
      fc.record({
        // An empty domain is no RFC 9380 DST; the contract allows it, a target may refuse it, so it is not sent.
        domain: hexBytesArbitrary(1, 64, { prefix: 'with', mixedCase: false }),
        seed: hexBytesArbitrary(0, 64, { prefix: 'with', mixedCase: false }),
      }),
      { minLength: PAIRS, maxLength: PAIRS, selector: (p) => `${p.domain}/${p.seed}` },
    ),
    { seed: seedFor(h, 'derive'), numRuns: 1 },
  )[0]!;
  const outputs = new Map<string, string>();
  for (const body of pairs) {
    const first = await h.call('DeriveKey', { pathParams: { keyId: id }, body });
    h.check(positiveDataAccepted, first, { description: 'DeriveKey on a DH key' });
    const again = await h.call('DeriveKey', { pathParams: { keyId: id }, body });
    const a = String(successBody(first, 'DeriveKey').output);
    const b = String(successBody(again, 'DeriveKey').output);
    if (a !== b) {
      h.report({
        checkId: 'derive_deterministic',
        operationId: 'DeriveKey',
        pointer: OUTPUT,
        message: `key ${id}: two derivations with domain ${body.domain} and seed ${body.seed} differ: ${a} vs ${b}`,
        evidence: { keyId: id, ...body, first: a, second: b },
        exchange: again,
      });
    }
    const earlier = outputs.get(a);
    if (earlier !== undefined) {
      h.report({
        checkId: 'derive_deterministic',
        operationId: 'DeriveKey',
        pointer: OUTPUT,
        message: `key ${id}: two different inputs derive the same output ${a} (${earlier} and domain ${body.domain}, seed ${body.seed})`,
        evidence: { keyId: id, output: a, inputs: [earlier, `${body.domain}/${body.seed}`] },
        exchange: first,
      });
    }
    outputs.set(a, `domain ${body.domain}, seed ${body.seed}`);
  }
});
