import { test, type TestContext } from 'vitest';
import { harness } from '../../src/harness/harness.ts';
import { createKey, successBody, randomHash } from '../../src/harness/keys.ts';
import {
  formatCases,
  hashRequest,
  KEY_FORMATS,
  requireCapability,
  requireFormat,
  SIGNING_FORMATS,
} from '../../src/harness/applicability.ts';
import { require } from '../../src/harness/precondition.ts';
import {
  resourceAvailability,
  updateScoped,
  useAfterDelete,
  delegationRules,
} from '../../src/checks/lifecycle.ts';
import { positiveDataAccepted } from '../../src/checks/data.ts';
import { paginationFailures } from '../../src/checks/pagination.ts';
import { largestPageSize, listPages, requireWalkEnded } from '../../src/harness/list-pages.ts';

/**
 * The key lifecycle with valid input (#/paths/~1keys, #/paths/~1keys~1{keyId}): create every format the
 * profile offers, read it back, list it, rename it, delete it, delegate it. Every exchange is checked
 * against the contract by the harness; these tests add what a schema cannot say.
 */
const h = harness();

/** The bound on a ListKeys walk, for the note of a test whose walk stopped before the end. */
const LIST_KEYS_BOUND = {
  pageBound: 'maxListPages',
  remedy:
    'raise maxListPages in the profile, use a target with fewer keys, or leave pagination out (capabilities: { pagination: false })',
};

/**
 * A key of the profile's first format to delegate, and the end user to delegate it to; the test is not
 * applicable when the profile has no delegation or names no end user.
 */
async function delegationSubject(
  ctx: TestContext,
  label: string,
  delayDelegation: boolean,
): Promise<{ readonly user: string; readonly id: string }> {
  requireCapability(h, ctx, 'delegation');
  const user = h.profile.endUserId;
  if (user === undefined) return ctx.skip('not applicable: the profile names no endUserId to delegate to');
  const format = h.profile.keyFormats[0];
  require(format !== undefined, 'the profile lists no key format');
  const { id } = await createKey(
    h,
    { scheme: format.scheme, curve: format.curve, ...(delayDelegation ? { delayDelegation } : {}) },
    label,
  );
  return { user, id };
}

test.for(formatCases(KEY_FORMATS))(
  'CreateKey: creates an Active custodial %s key',
  async ([, scheme, curve], ctx) => {
    requireFormat(h, ctx, scheme, curve);
    const { key, id } = await createKey(h, { scheme, curve }, `create-${scheme}-${curve}`);
    const wrong = [
      ['scheme', key.scheme, scheme],
      ['curve', key.curve, curve],
      ['status', key.status, 'Active'],
      ['custodial', key.custodial, true],
      ['name', key.name, h.keyName(`create-${scheme}-${curve}`)],
    ].filter(([, actual, expected]) => actual !== expected);
    for (const [field, actual, expected] of wrong) {
      h.report({
        checkId: 'resource_availability',
        operationId: 'CreateKey',
        pointer: `#/components/schemas/Key/properties/${String(field)}`,
        subject: `${scheme}/${curve}`,
        message: `new key ${id}: ${String(field)} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`,
      });
    }
  },
);

test.for(formatCases(KEY_FORMATS))(
  'GetKey: reads a new %s key back as it was created',
  async ([, scheme, curve], ctx) => {
    requireFormat(h, ctx, scheme, curve);
    const created = await createKey(h, { scheme, curve }, `get-${scheme}-${curve}`);
    const read = await h.call('GetKey', { pathParams: { keyId: created.id } });
    h.check(resourceAvailability, read, { created: created.key });
  },
);

// limit=1 finds a page boundary after every item; limit=2 finds faults that only show on pages that
// hold more than one item (e.g. repeating the last item of a page on the next).
test.for([1, 2])(
  'ListKeys: walking pages with limit=%i returns every key once and ends without nextPageToken',
  async (limit, ctx) => {
    requireCapability(h, ctx, 'pagination');
    const format = h.profile.keyFormats[0];
    require(format !== undefined, 'the profile lists no key format');
    const mine: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      mine.push((await createKey(h, { scheme: format.scheme, curve: format.curve }, `list${limit}-${i}`)).id);
    }
    const walk = await listPages(h, 'ListKeys', { query: { limit }, maxPages: h.profile.maxListPages });
    const listPointer = '#/components/schemas/ListKeysResponse/properties/items';
    const { pages, reachedEnd } = walk;
    for (const failure of paginationFailures(pages, { limit, mustContain: mine, reachedEnd, listPointer })) {
      h.report({ checkId: 'pagination_consistent', operationId: 'ListKeys', ...failure });
    }
    requireWalkEnded(ctx, walk, LIST_KEYS_BOUND);
  },
);

test('UpdateKey: renames a key and changes nothing else', async (ctx) => {
  const format = h.profile.keyFormats[0];
  if (format === undefined) return ctx.skip('not applicable: the profile lists no key format');
  const { key, id } = await createKey(h, { scheme: format.scheme, curve: format.curve }, 'update');
  const name = h.keyName('renamed');
  const updated = await h.call('UpdateKey', { pathParams: { keyId: id }, body: { name } });
  h.check(positiveDataAccepted, updated, { description: 'UpdateKey with a new name' });
  h.check(updateScoped, updated, { before: key, name });
  const read = await h.call('GetKey', { pathParams: { keyId: id } });
  h.check(updateScoped, read, { before: key, name });
});

test('UpdateKey: name null clears the name', async (ctx) => {
  const format = h.profile.keyFormats[0];
  if (format === undefined) return ctx.skip('not applicable: the profile lists no key format');
  const { key, id } = await createKey(h, { scheme: format.scheme, curve: format.curve }, 'clear-name');
  const updated = await h.call('UpdateKey', { pathParams: { keyId: id }, body: { name: null } });
  h.check(positiveDataAccepted, updated, { description: 'UpdateKey with name null' });
  h.check(updateScoped, updated, { before: key, name: null });
});

test('DeleteKey: archives the key and records dateDeleted', async (ctx) => {
  const format = h.profile.keyFormats[0];
  if (format === undefined) return ctx.skip('not applicable: the profile lists no key format');
  const { id } = await createKey(h, { scheme: format.scheme, curve: format.curve }, 'delete');
  const deleted = await h.call('DeleteKey', { pathParams: { keyId: id } });
  h.check(positiveDataAccepted, deleted, { description: 'DeleteKey on an active key' });
  const body = successBody(deleted, 'DeleteKey');
  if (body.status !== 'Archived') {
    h.report({
      checkId: 'use_after_delete',
      operationId: 'DeleteKey',
      pointer: '#/components/schemas/Key/properties/status',
      message: `DeleteKey answered the key with status ${JSON.stringify(body.status)}, not Archived`,
      exchange: deleted,
    });
  }
  if (typeof body.dateDeleted !== 'string') {
    h.report({
      checkId: 'use_after_delete',
      operationId: 'DeleteKey',
      pointer: '#/components/schemas/Key/properties/dateDeleted',
      message: 'DeleteKey answered the key without dateDeleted',
      severity: 'medium',
      exchange: deleted,
    });
  }
});

test('DeleteKey: GetKey on a deleted key shows it Archived', async (ctx) => {
  const format = h.profile.keyFormats[0];
  if (format === undefined) return ctx.skip('not applicable: the profile lists no key format');
  const { id } = await createKey(h, { scheme: format.scheme, curve: format.curve }, 'delete-read');
  successBody(await h.call('DeleteKey', { pathParams: { keyId: id } }), 'DeleteKey');
  const read = await h.call('GetKey', { pathParams: { keyId: id } });
  h.check(useAfterDelete, read, {
    keyId: id,
    action: 'read',
    stillReadable: h.profile.hypotheses.deletedKeyStillReadable,
  });
});

test.for(formatCases(SIGNING_FORMATS))(
  'GenerateSignature: a deleted %s key refuses to sign',
  async ([, scheme, curve], ctx) => {
    requireFormat(h, ctx, scheme, curve);
    const { id } = await createKey(h, { scheme, curve }, `delete-sign-${scheme}-${curve}`);
    successBody(await h.call('DeleteKey', { pathParams: { keyId: id } }), 'DeleteKey');
    const sign = await h.call('GenerateSignature', {
      pathParams: { keyId: id },
      body: hashRequest(scheme, randomHash()),
    });
    h.check(useAfterDelete, sign, { keyId: id, action: 'sign' });
  },
);

test('DelegateKey: delegates a key created with delayDelegation and makes it non-custodial', async (ctx) => {
  const { user, id } = await delegationSubject(ctx, 'delegate', true);
  const delegated = await h.call('DelegateKey', { pathParams: { keyId: id }, body: { delegateTo: user } });
  h.check(delegationRules, delegated, {
    keyId: id,
    allowed: true,
    reason: 'the key was created with delayDelegation',
  });
  const read = successBody(await h.call('GetKey', { pathParams: { keyId: id } }), 'GetKey');
  if (read.custodial !== false) {
    h.report({
      checkId: 'delegation_rules',
      operationId: 'DelegateKey',
      pointer: '#/components/schemas/Key/properties/custodial',
      message: `delegated key ${id} still reads custodial ${JSON.stringify(read.custodial)}`,
    });
  }
});

test('DelegateKey: refuses a key created without delayDelegation', async (ctx) => {
  const { user, id } = await delegationSubject(ctx, 'delegate-no-delay', false);
  const delegated = await h.call('DelegateKey', { pathParams: { keyId: id }, body: { delegateTo: user } });
  h.check(delegationRules, delegated, {
    keyId: id,
    allowed: false,
    reason: 'it was created without delayDelegation',
  });
});

test('DelegateKey: refuses to delegate the same key twice', async (ctx) => {
  const { user, id } = await delegationSubject(ctx, 'delegate-twice', true);
  successBody(
    await h.call('DelegateKey', { pathParams: { keyId: id }, body: { delegateTo: user } }),
    'DelegateKey',
  );
  const again = await h.call('DelegateKey', { pathParams: { keyId: id }, body: { delegateTo: user } });
  h.check(delegationRules, again, { keyId: id, allowed: false, reason: 'it is already delegated' });
});

test('ListKeys: the owner filter returns the keys delegated to that user', async (ctx) => {
  const { user, id } = await delegationSubject(ctx, 'owner', true);
  successBody(
    await h.call('DelegateKey', { pathParams: { keyId: id }, body: { delegateTo: user } }),
    'DelegateKey',
  );
  const walk = await listPages(h, 'ListKeys', {
    query: { owner: user, limit: largestPageSize(h.contract, 'ListKeys') },
    maxPages: h.profile.maxListPages,
  });
  const seen = walk.pages.flatMap((page) => page.items.map((k) => String(k.id)));
  // Seen on the pages read is enough; not seen proves nothing until the walk has read them all.
  if (seen.includes(id) || !requireWalkEnded(ctx, walk, LIST_KEYS_BOUND)) return;
  h.report({
    checkId: 'resource_availability',
    operationId: 'ListKeys',
    pointer: '#/components/parameters/Owner',
    message: `ListKeys?owner=${user} does not return key ${id}, delegated to that user`,
  });
});
