import { test, type TestContext } from 'vitest';
import { harness } from '../../src/harness/harness.ts';
import { createKey, randomHash, successBody } from '../../src/harness/keys.ts';
import { hashRequest, requireCapability } from '../../src/harness/applicability.ts';
import { idempotentReplay } from '../../src/checks/idempotency.ts';
import type { KeyFormat } from '../../src/run/profile.ts';

/**
 * GenerateSignature's externalId (#/components/schemas/ExternalId, keys-api.md §1.5): a retry with the
 * same body returns the original request; the same externalId with anything else is a 409 naming the
 * duplicate.
 */
const h = harness();
let counter = 0;

function externalId(): string {
  counter += 1;
  return `kc-${h.runId}-${process.env.VITEST_POOL_ID ?? '0'}-${counter}`.slice(0, 50);
}

async function signingKey(context: TestContext, label: string): Promise<{ id: string; format: KeyFormat }> {
  requireCapability(h, context, 'idempotency');
  const format = h.profile.keyFormats.find((f) => f.scheme !== 'DH');
  if (format === undefined) return context.skip('not applicable: the profile lists no signing key format');
  return { id: (await createKey(h, { scheme: format.scheme, curve: format.curve }, label)).id, format };
}

test('GenerateSignature: the same externalId and body return the original request', async (ctx) => {
  const { id, format } = await signingKey(ctx, 'idem-same');
  const body = { ...hashRequest(format.scheme, randomHash()), externalId: externalId() };
  const first = successBody(
    await h.call('GenerateSignature', { pathParams: { keyId: id }, body }),
    'GenerateSignature',
  );
  const replay = await h.call('GenerateSignature', { pathParams: { keyId: id }, body });
  h.check(idempotentReplay, replay, {
    firstId: String(first.id),
    externalId: body.externalId,
    sameBody: true,
  });
});

test('GenerateSignature: the same externalId with another body is a 409 naming the duplicate', async (ctx) => {
  const { id, format } = await signingKey(ctx, 'idem-other-body');
  const ext = externalId();
  const first = successBody(
    await h.call('GenerateSignature', {
      pathParams: { keyId: id },
      body: { ...hashRequest(format.scheme, randomHash()), externalId: ext },
    }),
    'GenerateSignature',
  );
  const conflict = await h.call('GenerateSignature', {
    pathParams: { keyId: id },
    body: { ...hashRequest(format.scheme, randomHash()), externalId: ext },
  });
  h.check(idempotentReplay, conflict, { firstId: String(first.id), externalId: ext, sameBody: false });
});

test('GenerateSignature: the same externalId on another key is a 409 naming the duplicate', async (ctx) => {
  const a = await signingKey(ctx, 'idem-key-a');
  const b = await signingKey(ctx, 'idem-key-b');
  const body = { ...hashRequest(a.format.scheme, randomHash()), externalId: externalId() };
  const first = successBody(
    await h.call('GenerateSignature', { pathParams: { keyId: a.id }, body }),
    'GenerateSignature',
  );
  const conflict = await h.call('GenerateSignature', { pathParams: { keyId: b.id }, body });
  h.check(idempotentReplay, conflict, {
    firstId: String(first.id),
    externalId: body.externalId,
    sameBody: false,
  });
});
