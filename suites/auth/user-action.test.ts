import { test, type TestContext } from 'vitest';
import { harness } from '../../src/harness/harness.ts';
import { createKey, successBody } from '../../src/harness/keys.ts';
import { PREPARABLE, type ValidRequest } from '../../src/harness/valid-requests.ts';
import { userActionBound, userActionRequired, userActionSingleUse } from '../../src/checks/auth.ts';
import { positiveDataAccepted, RESOURCES_EXIST } from '../../src/checks/data.ts';
import { expandPathTemplate, basePathOf } from '../../src/client/request-target.ts';
import { require } from '../../src/harness/precondition.ts';
import { baseRequest, isUntaught } from '../untaught-operation.ts';

/**
 * User-action signing (#/components/securitySchemes/userActionSignature, keys-api.md §5): every
 * mutating call needs a one-time token signed over its method, path and exact body. Each refusal test
 * is paired with a control — the same request with a proper token succeeds — so a refusal for any
 * other reason cannot pass as enforcement.
 */
const h = harness();

const MUTATING = h.contract.operations
  .filter((o) => o.requiresUserAction)
  .map((o) => o.operationId)
  .filter((id) => (PREPARABLE as readonly string[]).includes(id) || isUntaught(h, id));

/**
 * The control of an operation newer than the suite has a body drawn from its schema, which its meaning may
 * refuse: a stated 4xx passes, but not one that says the auth or the resources were missing.
 */
const AUTHORIZED_AND_FOUND: Readonly<Record<number, string>> = {
  401: 'though it carried the bearer token',
  403: 'though it carried a proper user action',
  ...RESOURCES_EXIST,
};

function send(request: ValidRequest, userAction: NonNullable<Parameters<typeof h.call>[1]>['auth']) {
  return h.call(request.operationId, {
    ...(request.pathParams === undefined ? {} : { pathParams: request.pathParams }),
    ...(request.body === undefined ? {} : { body: request.body }),
    ...(userAction === undefined ? {} : { auth: userAction }),
  });
}

async function controlled(context: TestContext, operationId: string, defect: 'missing' | 'garbage') {
  const request = await baseRequest(h, context, operationId, `ua-${defect}-${operationId}`);
  const refused = await send(request, {
    userAction: defect === 'missing' ? 'omit' : { token: 'kc-never-issued-user-action' },
  });
  const enforced = h.check(userActionRequired, refused, { defect });
  if (enforced) {
    const control = await send(request, { userAction: 'auto' });
    h.check(positiveDataAccepted, control, {
      description: `${request.description} with a proper user action (control)`,
      ...(isUntaught(h, operationId)
        ? { semanticRefusalAllowed: true, notRefusedWith: AUTHORIZED_AND_FOUND }
        : {}),
    });
  }
}

test.for(MUTATING)('%s: refuses a call without a user-action token', async (operationId, ctx) => {
  await controlled(ctx, operationId, 'missing');
});

test.for(MUTATING)('%s: refuses a user-action token it never issued', async (operationId, ctx) => {
  await controlled(ctx, operationId, 'garbage');
});

/** The path as the client sends it, base-URL prefix included: what a user action is signed over. */
function sentPath(template: string, params: Readonly<Record<string, string>>): string {
  return `${basePathOf(new URL(h.client.baseUrl))}${expandPathTemplate(template, params)}`;
}

async function renameableKey(label: string): Promise<string> {
  const format = h.profile.keyFormats.find((f) => f.scheme !== 'DH') ?? h.profile.keyFormats[0];
  require(format !== undefined, 'the profile lists no key format');
  return (await createKey(h, { scheme: format.scheme, curve: format.curve }, label)).id;
}

test('UpdateKey: refuses a user-action token that was already used', async () => {
  const keyId = await renameableKey('ua-reuse');
  const body = JSON.stringify({ name: h.keyName('ua-reuse-renamed') });
  const signed = await h.client.signUserAction({
    method: 'PUT',
    path: sentPath('/keys/{keyId}', { keyId }),
    payload: body,
  });
  require(signed.ok, `user-action signing failed: ${signed.ok ? '' : signed.error.message}`);
  const first = await h.call('UpdateKey', {
    pathParams: { keyId },
    body,
    auth: { userAction: { token: signed.token } },
  });
  h.check(positiveDataAccepted, first, { description: 'UpdateKey with a fresh user action' });
  successBody(first, 'UpdateKey with a fresh user action');
  const again = await h.call('UpdateKey', {
    pathParams: { keyId },
    body,
    auth: { userAction: { token: signed.token } },
  });
  h.check(userActionSingleUse, again, { defect: 'reused' });
});

test('UpdateKey: refuses a user-action token signed for another key', async () => {
  const signedFor = await renameableKey('ua-path-a');
  const sentTo = await renameableKey('ua-path-b');
  const body = JSON.stringify({ name: h.keyName('ua-path') });
  const exchange = await h.call('UpdateKey', {
    pathParams: { keyId: sentTo },
    body,
    auth: {
      userAction: {
        sign: { method: 'PUT', path: sentPath('/keys/{keyId}', { keyId: signedFor }), payload: body },
      },
    },
  });
  h.check(userActionBound, exchange, { defect: 'other-path' });
});

test('UpdateKey: refuses a user-action token signed for another body', async () => {
  const keyId = await renameableKey('ua-body');
  const signedBody = JSON.stringify({ name: h.keyName('ua-body-signed') });
  const sentBody = JSON.stringify({ name: h.keyName('ua-body-sent') });
  const exchange = await h.call('UpdateKey', {
    pathParams: { keyId },
    body: sentBody,
    auth: {
      userAction: {
        sign: { method: 'PUT', path: sentPath('/keys/{keyId}', { keyId }), payload: signedBody },
      },
    },
  });
  h.check(userActionBound, exchange, { defect: 'other-body' });
});

test('DeleteKey: refuses a user-action token signed for another method on the same path', async () => {
  const keyId = await renameableKey('ua-method');
  const exchange = await h.call('DeleteKey', {
    pathParams: { keyId },
    auth: {
      userAction: { sign: { method: 'PUT', path: sentPath('/keys/{keyId}', { keyId }), payload: '' } },
    },
  });
  h.check(userActionBound, exchange, { defect: 'other-method' });
});
