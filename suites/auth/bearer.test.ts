import { test } from 'vitest';
import { harness } from '../../src/harness/harness.ts';
import type { ValidRequest } from '../../src/harness/valid-requests.ts';
import { authRequired, type BearerExpectation } from '../../src/checks/auth.ts';
import type { TestContext } from 'vitest';
import { baseRequest } from '../untaught-operation.ts';

/**
 * auth_required on every operation (#/components/securitySchemes/authenticationToken): a request
 * without the bearer token, or with one the target never issued, is refused with 401 — before the
 * target says anything about the resource. Each request is otherwise valid and names real resources,
 * so a refusal can only come from the token.
 */
const h = harness();

const AUTH_CALLS: Readonly<Record<string, ValidRequest>> = {
  CreateUserActionChallenge: {
    operationId: 'CreateUserActionChallenge',
    body: {
      userActionHttpMethod: 'POST',
      userActionHttpPath: '/keys',
      userActionPayload: '{}',
      userActionServerKind: 'Api',
    },
    description: 'a user-action challenge',
  },
  CreateUserActionSignature: {
    operationId: 'CreateUserActionSignature',
    body: {
      challengeIdentifier: 'kc-unknown-challenge',
      firstFactor: {
        kind: 'Key',
        credentialAssertion: { credId: 'kc-unknown', clientData: 'e30', signature: 'AA' },
      },
    },
    description: 'a user-action signature',
  },
};

async function validRequest(context: TestContext, operationId: string): Promise<ValidRequest> {
  const auth = AUTH_CALLS[operationId];
  if (auth !== undefined) return auth;
  return baseRequest(h, context, operationId, `bearer-${operationId}`);
}

/** `[operationId, how the token is described, what is sent]`: positional, so `%s` titles read unquoted. */
type Case = readonly [operationId: string, label: string, sent: BearerExpectation['sent']];

const CASES: readonly Case[] = h.contract.operations.flatMap((o): Case[] => [
  [o.operationId, 'no', 'none'],
  [o.operationId, 'an unissued', 'wrong'],
]);

test.for(CASES)('%s: refuses a request with %s bearer token with 401', async ([operationId, , sent], ctx) => {
  const request = await validRequest(ctx, operationId);
  const exchange = await h.call(operationId, {
    ...(request.pathParams === undefined ? {} : { pathParams: request.pathParams }),
    ...(request.query === undefined ? {} : { query: request.query }),
    ...(request.body === undefined ? {} : { body: request.body }),
    auth: { bearer: sent === 'none' ? false : 'kc-never-issued-token', userAction: 'omit' },
  });
  h.check(authRequired, exchange, { sent });
});
