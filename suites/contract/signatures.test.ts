import { test } from 'vitest';
import { harness } from '../../src/harness/harness.ts';
import { createKey, randomHash, successBody } from '../../src/harness/keys.ts';
import {
  formatCases,
  hashRequest,
  requireCapability,
  requireFormat,
  SIGNING_FORMATS,
} from '../../src/harness/applicability.ts';
import { positiveDataAccepted } from '../../src/checks/data.ts';
import { paginationFailures } from '../../src/checks/pagination.ts';
import { listPages, requireWalkEnded } from '../../src/harness/list-pages.ts';

/**
 * Signature requests with valid input (#/paths/~1keys~1{keyId}~1signatures): each signing format signs
 * a hash and the request can be read back and listed. Whether the signatures are cryptographically
 * true is the crypto suite's business; here, that the lifecycle of a request follows the contract.
 */
const h = harness();

const SIGNATURE_REQUEST = '#/components/schemas/SignatureRequest';

test.for(formatCases(SIGNING_FORMATS))(
  'GenerateSignature: a %s key signs a Hash and the request ends Signed',
  async ([, scheme, curve], ctx) => {
    requireFormat(h, ctx, scheme, curve);
    const { id } = await createKey(h, { scheme, curve }, `sign-${scheme}-${curve}`);
    const request = hashRequest(scheme, randomHash());
    const signed = await h.call('GenerateSignature', { pathParams: { keyId: id }, body: request });
    h.check(positiveDataAccepted, signed, { description: `Hash on a ${scheme}/${curve} key` });
    const body = successBody(signed, 'GenerateSignature');
    const problems: string[] = [];
    if (body.keyId !== id) problems.push(`keyId is ${JSON.stringify(body.keyId)}, expected ${id}`);
    if (body.status !== 'Signed') problems.push(`status is ${JSON.stringify(body.status)}, expected Signed`);
    if (body.signature === undefined) problems.push('no signature');
    if (typeof body.dateSigned !== 'string') problems.push('no dateSigned');
    for (const problem of problems) {
      h.report({
        checkId: 'resource_availability',
        operationId: 'GenerateSignature',
        pointer: SIGNATURE_REQUEST,
        subject: `${scheme}/${curve}`,
        message: `signature request ${String(body.id)}: ${problem}`,
        exchange: signed,
      });
    }
  },
);

test('GenerateSignature: an EdDSA key signs a Message', async (ctx) => {
  requireFormat(h, ctx, 'EdDSA', 'ed25519');
  if (!(h.profile.signatureKinds.EdDSA ?? []).includes('Message')) {
    return ctx.skip('not applicable: the profile does not sign Message with EdDSA');
  }
  const { id } = await createKey(h, { scheme: 'EdDSA', curve: 'ed25519' }, 'sign-message');
  const signed = await h.call('GenerateSignature', {
    pathParams: { keyId: id },
    body: { kind: 'Message', message: '0x48656c6c6f2c2044666e73' },
  });
  h.check(positiveDataAccepted, signed, { description: 'Message on an EdDSA key' });
});

test('GetSignature: returns the request GenerateSignature created', async (ctx) => {
  const format = h.profile.keyFormats.find((f) => f.scheme !== 'DH');
  if (format === undefined) return ctx.skip('not applicable: the profile lists no signing key format');
  const { id } = await createKey(h, { scheme: format.scheme, curve: format.curve }, 'get-signature');
  const created = successBody(
    await h.call('GenerateSignature', {
      pathParams: { keyId: id },
      body: hashRequest(format.scheme, randomHash()),
    }),
    'GenerateSignature',
  );
  const read = await h.call('GetSignature', { pathParams: { keyId: id, signatureId: String(created.id) } });
  const body = successBody(read, 'GetSignature');
  for (const field of ['id', 'keyId', 'status', 'signature', 'requestBody', 'dateRequested']) {
    if (JSON.stringify(body[field]) !== JSON.stringify(created[field])) {
      h.report({
        checkId: 'resource_availability',
        operationId: 'GetSignature',
        pointer: `${SIGNATURE_REQUEST}/properties/${field}`,
        message: `GetSignature ${String(created.id)}: ${field} differs from what GenerateSignature returned`,
        evidence: { field, created: created[field] ?? null, read: body[field] ?? null },
        exchange: read,
      });
    }
  }
});

test('ListSignatures: walking pages with limit=1 returns every request once', async (ctx) => {
  requireCapability(h, ctx, 'pagination');
  const format = h.profile.keyFormats.find((f) => f.scheme !== 'DH');
  if (format === undefined) return ctx.skip('not applicable: the profile lists no signing key format');
  const { id } = await createKey(h, { scheme: format.scheme, curve: format.curve }, 'list-signatures');
  const mine: string[] = [];
  for (let i = 0; i < 3; i += 1) {
    const created = successBody(
      await h.call('GenerateSignature', {
        pathParams: { keyId: id },
        body: hashRequest(format.scheme, randomHash()),
      }),
      'GenerateSignature',
    );
    mine.push(String(created.id));
  }
  const maxPages = 10;
  const walk = await listPages(h, 'ListSignatures', {
    pathParams: { keyId: id },
    query: { limit: 1 },
    maxPages,
  });
  const listPointer = '#/components/schemas/ListSignaturesResponse/properties/items';
  const { pages, reachedEnd } = walk;
  for (const failure of paginationFailures(pages, { limit: 1, mustContain: mine, reachedEnd, listPointer })) {
    h.report({ checkId: 'pagination_consistent', operationId: 'ListSignatures', ...failure });
  }
  requireWalkEnded(ctx, walk, {
    pageBound: `at most ${maxPages} pages of 1`,
    remedy: `the key has only ${mine.length} signature requests, so look at its ListSignatures pages by hand`,
  });
});
