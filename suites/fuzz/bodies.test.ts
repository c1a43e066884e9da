import { test } from 'vitest';
import { harness } from '../../src/harness/harness.ts';
import { require } from '../../src/harness/precondition.ts';
import { fuzzProperty } from './fuzz-property.ts';
import {
  invalidBodyRequests,
  NO_VALID_BODY,
  prepareSubject,
  requestFuzzCase,
  validBodyRequests,
} from './subjects.ts';

/**
 * Fuzzed request bodies, two properties per operation with a body (see README.md):
 * - valid bodies (semantically valid, from validRequestFor) get a 2xx — or, where earlier inputs changed
 *   the shared key, a 4xx whose error says why — never a 5xx, and the answer conforms (positive_data_accepted
 *   and the automatic checks);
 * - mutated bodies, each breaking one named rule of the contract, get a 4xx with the error body, never a
 *   2xx or a 5xx (negative_data_rejected).
 * A failure is shrunk by fast-check and reported once, with the seed, path and minimal request to replay it.
 */
const h = harness();

const WITH_BODY = h.contract.operations.filter((o) => o.requestBody !== undefined).map((o) => o.operationId);

test.for(WITH_BODY.filter((id) => !NO_VALID_BODY.includes(id)))(
  '%s: fuzzed valid bodies are accepted or refused for a stated reason',
  async (operationId, context) => {
    const subject = await prepareSubject(h, context, operationId);
    const outcome = await fuzzProperty(validBodyRequests(h, subject), requestFuzzCase(h), h.fuzz);
    require(outcome.judged > 0, `${operationId}: no valid body was judged within the time budget`);
  },
);

test.for(WITH_BODY)('%s: fuzzed invalid bodies are refused with 4xx', async (operationId, context) => {
  const subject = await prepareSubject(h, context, operationId);
  const outcome = await fuzzProperty(invalidBodyRequests(h, subject), requestFuzzCase(h), h.fuzz);
  require(outcome.judged > 0, `${operationId}: no invalid body was judged within the time budget`);
});
