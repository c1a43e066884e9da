import { test, type TestContext } from 'vitest';
import { harness } from '../../src/harness/harness.ts';
import type { ValidRequest } from '../../src/harness/valid-requests.ts';
import { negativeDataRejected } from '../../src/checks/data.ts';
import { rawBody } from '../../src/client/request-body.ts';
import { enumerateMutations } from '../../generators/mutations.ts';
import type { Mutation } from '../../generators/mutation.ts';
import { successBody } from '../../src/harness/keys.ts';
import { PreconditionError, require } from '../../src/harness/precondition.ts';
import { baseRequest } from '../untaught-operation.ts';

/**
 * Every request body the contract forbids is refused (negative_data_rejected): for each operation with a
 * body, a valid request is prepared (its resources created for real), then every mutation the contract
 * implies — each required field removed, each field of the wrong type, each enum and pattern broken,
 * each length one past its bound, an extra property where forbidden, malformed JSON, duplicate keys,
 * another content type — is sent in its place. Nothing here is hand-listed: the mutations come from
 * openapi.yaml, and each finding cites the rule its input broke.
 */
const h = harness();

const WITH_BODY = h.contract.operations.filter((o) => o.requestBody !== undefined).map((o) => o.operationId);

async function validRequest(context: TestContext, operationId: string): Promise<ValidRequest> {
  if (operationId === 'CreateUserActionChallenge') {
    return {
      operationId,
      body: {
        userActionHttpMethod: 'POST',
        userActionHttpPath: '/keys',
        userActionPayload: '{}',
        userActionServerKind: 'Api',
      },
      description: 'a user-action challenge',
    };
  }
  if (operationId === 'CreateUserActionSignature') {
    const challenge = successBody(
      await h.call('CreateUserActionChallenge', {
        body: {
          userActionHttpMethod: 'POST',
          userActionHttpPath: '/keys',
          userActionPayload: '{}',
          userActionServerKind: 'Api',
        },
      }),
      'CreateUserActionChallenge',
    );
    return {
      operationId,
      body: {
        challengeIdentifier: String(challenge.challengeIdentifier),
        firstFactor: {
          kind: 'Key',
          credentialAssertion: { credId: 'kc-credential', clientData: 'e30', signature: 'AA' },
        },
      },
      description: 'a user-action signature',
    };
  }
  return baseRequest(h, context, operationId, `neg-${operationId}`);
}

async function send(request: ValidRequest, mutation: Mutation) {
  const body = mutation.body;
  const options = {
    ...(request.pathParams === undefined ? {} : { pathParams: request.pathParams }),
    ...(body === undefined
      ? {}
      : 'json' in body
        ? { body: JSON.stringify(body.json) }
        : { body: rawBody(body.raw, body.contentType) }),
  };
  try {
    return await h.call(request.operationId, options);
  } catch (error) {
    // The target may refuse to even sign a user action over some invalid payloads (a body too large
    // for the challenge call). Then the invalid request goes out unsigned: it must still be refused.
    if (!(error instanceof PreconditionError)) throw error;
    return h.call(request.operationId, { ...options, auth: { userAction: 'omit' } });
  }
}

test.for(WITH_BODY)('%s: refuses every request body that breaks the contract', async (operationId, ctx) => {
  const request = await validRequest(ctx, operationId);
  const operation = h.contract.operation(operationId);
  const mutations = enumerateMutations(h.contract, operation, request.body);
  require(mutations.length > 0, `the contract implies no mutation of ${operationId}'s body`);
  for (const mutation of mutations) {
    const exchange = await send(request, mutation);
    h.check(negativeDataRejected, exchange, { description: mutation.id, rule: mutation.rule });
  }
});
