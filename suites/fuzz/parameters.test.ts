import { test } from 'vitest';
import { harness } from '../../src/harness/harness.ts';
import { require } from '../../src/harness/precondition.ts';
import { fuzzProperty } from './fuzz-property.ts';
import {
  invalidParameterRequests,
  prepareSubject,
  requestFuzzCase,
  validParameterRequests,
} from './subjects.ts';

/**
 * Fuzzed path and query parameters, two properties per operation with parameters (see README.md): valid
 * values (the prepared ids, or generated ones that name nothing on the target) get a 2xx or a 4xx that says
 * why, never a 5xx; mutated values, each breaking one named rule, get a 4xx. Bodies stay valid.
 */
const h = harness();

const WITH_PARAMETERS = h.contract.operations
  .filter((o) => o.pathParameters.length + o.queryParameters.length > 0)
  .map((o) => o.operationId);

test.for(WITH_PARAMETERS)(
  '%s: fuzzed valid parameters are accepted or refused for a stated reason',
  async (operationId, context) => {
    const subject = await prepareSubject(h, context, operationId);
    const outcome = await fuzzProperty(validParameterRequests(h, subject), requestFuzzCase(h), h.fuzz);
    require(outcome.judged > 0, `${operationId}: no valid parameters were judged within the time budget`);
  },
);

test.for(WITH_PARAMETERS)(
  '%s: fuzzed invalid parameters are refused with 4xx',
  async (operationId, context) => {
    const subject = await prepareSubject(h, context, operationId);
    const outcome = await fuzzProperty(invalidParameterRequests(h, subject), requestFuzzCase(h), h.fuzz);
    require(outcome.judged > 0, `${operationId}: no invalid parameters were judged within the time budget`);
  },
);
