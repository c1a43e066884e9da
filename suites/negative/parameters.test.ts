import { test, type TestContext } from 'vitest';
import { harness } from '../../src/harness/harness.ts';
import { PREPARABLE, type ValidRequest } from '../../src/harness/valid-requests.ts';
import { negativeDataRejected } from '../../src/checks/data.ts';
import { enumerateParameterMutations } from '../../generators/mutations.ts';
import { PreconditionError, require } from '../../src/harness/precondition.ts';
import { baseRequest, isUntaught } from '../untaught-operation.ts';

/**
 * Every path and query parameter the contract forbids is refused (negative_data_rejected): a keyId past
 * its maxLength, `limit` outside 1..500 or not an integer, an empty pagination token, a value given
 * twice. The mutations come from the parameters' schemas in openapi.yaml.
 */
const h = harness();

const WITH_PARAMETERS = h.contract.operations
  .filter((o) => o.pathParameters.length + o.queryParameters.length > 0)
  .map((o) => o.operationId)
  .filter((id) => (PREPARABLE as readonly string[]).includes(id) || isUntaught(h, id));

function stringify(values: Readonly<Record<string, string | number>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [k, String(v)]));
}

async function send(
  request: ValidRequest,
  path: Readonly<Record<string, string>>,
  query: Readonly<Record<string, string | readonly string[]>>,
) {
  const options = { pathParams: path, query, ...(request.body === undefined ? {} : { body: request.body }) };
  try {
    return await h.call(request.operationId, options);
  } catch (error) {
    if (!(error instanceof PreconditionError)) throw error;
    return h.call(request.operationId, { ...options, auth: { userAction: 'omit' } });
  }
}

test.for(WITH_PARAMETERS)(
  '%s: refuses every path or query parameter that breaks the contract',
  async (operationId, ctx: TestContext) => {
    const request = await baseRequest(h, ctx, operationId, `negp-${operationId}`);
    const operation = h.contract.operation(operationId);
    const mutations = enumerateParameterMutations(h.contract, operation, {
      path: stringify(request.pathParams),
      query: stringify(request.query),
    });
    require(mutations.length > 0, `the contract implies no parameter mutation for ${operationId}`);
    for (const mutation of mutations) {
      const exchange = await send(
        request,
        mutation.path ?? stringify(request.pathParams),
        mutation.query ?? stringify(request.query),
      );
      h.check(negativeDataRejected, exchange, { description: mutation.id, rule: mutation.rule });
    }
  },
);
